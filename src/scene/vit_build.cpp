#include "scene/vit_build.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/error.hpp"
#include "scene/colormap.hpp"
#include "scene/field.hpp"

namespace scene {

namespace {

// Bars below this share of the tallest fade towards transparent: near-zero attention leaves the
// picture as it is.
constexpr float kFadeShare = 0.15f;
constexpr float kClsCap = 2.0f;  // the CLS pillar stops at kClsCap × vit.height
constexpr Rgba8 kGridColor = packRgba(255, 255, 255, 56);

std::string formatWeight(float w) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", static_cast<double>(w));
  return text;
}

// The shown weight of a token, 0 when missing or not finite (it draws flat).
float weightOf(const std::vector<float>& row, int token) {
  const float w =
      token >= 0 && token < static_cast<int>(row.size()) ? row[static_cast<size_t>(token)] : 0.0f;
  return std::isfinite(w) ? w : 0.0f;
}

}  // namespace

int defaultQueryToken(const attn::PatchGrid& grid) {
  const int p = grid.patches();
  return grid.tokenOf(grid.patchOf(p / 2, p / 2));
}

double vitSweepDuration(const attn::PatchGrid& grid) {
  return kVitSweepSeconds * grid.patchCount();
}

int vitSweepToken(const attn::PatchGrid& grid, double seconds) {
  const int p = grid.patches();
  const double step = std::floor(seconds / kVitSweepSeconds);
  const int k = static_cast<int>(std::clamp(step, 0.0, static_cast<double>(p * p - 1)));
  const int row = k / p, along = k % p;
  return grid.tokenOf(grid.patchOf(row, row % 2 == 0 ? along : p - 1 - along));
}

int vitQueryToken(const attn::PatchGrid& grid, const ViewOptions& view) {
  if (view.vit.sweep >= 0.0) return vitSweepToken(grid, view.vit.sweep);
  const int q = view.selected_query;
  return q >= 0 && q < grid.tokenCount() ? q : defaultQueryToken(grid);
}

std::vector<float> vitRow(const attn::Result& r, VitMap map, int head, int query) {
  const attn::HeadStack& w = r.weights;
  if (w.empty() || w.heads() < 1 || query < 0 || query >= w.rows()) return {};
  std::vector<float> row(static_cast<size_t>(w.cols()), 0.0f);
  if (map == VitMap::Rollout) head = 0;  // vitModelResult's one head
  if (map != VitMap::MeanOverHeads) {
    const int h = std::clamp(head, 0, w.heads() - 1);
    for (int j = 0; j < w.cols(); ++j)
      row[static_cast<size_t>(j)] = w(h, query, j);
    return row;
  }
  for (int j = 0; j < w.cols(); ++j) {
    double sum = 0.0;
    for (int h = 0; h < w.heads(); ++h)
      sum += w(h, query, j);
    row[static_cast<size_t>(j)] = static_cast<float>(sum / w.heads());
  }
  return row;
}

attn::Result vitModelResult(const attn::ModelAttention& model,
                            const std::vector<attn::Matrix>& rollout, int layer, VitMap map) {
  if (map != VitMap::Rollout) return attn::layerResult(model, layer);
  if (layer < 0 || layer >= static_cast<int>(rollout.size())) {
    throw core::UsageError("layer " + std::to_string(layer) + " is out of range (the rollout has " +
                           std::to_string(rollout.size()) + " layers)");
  }
  const attn::Matrix& r = rollout[static_cast<size_t>(layer)];
  attn::Result out;
  out.n = static_cast<int>(r.rows());
  out.m = static_cast<int>(r.cols());
  out.heads = 1;
  out.d_k = std::max(model.d_k, 1);
  out.d_model = out.d_k;
  out.weights.resize(1, out.n, out.m);
  out.weights.head(0) = r;
  out.mask = attn::MaskMatrix::Zero(out.n, out.m);
  out.tokens = model.tokens;
  out.source_tokens = model.tokens;
  return out;
}

std::optional<attn::PatchGrid> vitGrid(const attn::Result& result, const core::Image& image) {
  if (result.n != result.m || result.weights.cols() != result.m) return std::nullopt;
  return attn::PatchGrid::fromTokenCount(image.width, image.height, result.n);
}

void buildVit(const attn::Result& result, const std::shared_ptr<const core::Image>& image,
              const ViewOptions& view, uint64_t revision, SceneData& out, SceneLayout& layout) {
  detail::resetScene(out, layout, revision, view.vit.bar_gap);
  const VitOptions& v = view.vit;
  if (!image || image->rgba.empty()) return;

  const ImageRect rect = placeImage(image->width, image->height);
  out.ground.pixels = image;
  out.ground.min = rect.min;
  out.ground.max = rect.max;
  out.bounds_min = {rect.min.x, 0.0f, rect.min.y};
  out.bounds_max = {rect.max.x, 0.0f, rect.max.y};
  const std::optional<attn::PatchGrid> found = vitGrid(result, *image);
  if (!found) return;
  const attn::PatchGrid& grid = *found;
  const int query = vitQueryToken(grid, view);
  std::vector<float> row = vitRow(result, v.map, view.selected_head, query);
  if (row.empty()) return;

  // [SECTION] Scale and colours: the tallest patch bar reaches vit.height.
  float top = 0.0f;
  for (int k = 0; k < grid.patchCount(); ++k)
    top = std::max(top, weightOf(row, grid.tokenOf(k)));
  const float height = std::max(v.height, 0.0f);
  const float per_weight = top > 0.0f ? height / top : 0.0f;
  const ValueRange range = view.auto_range
                               ? sanitizeRange({0.0f, top}, view.range_scale)
                               : sanitizeRange({view.range_min, view.range_max}, view.range_scale);
  const ColorScale colors(view.colormap, range, view.range_scale);
  layout.range = range;
  layout.colormap = view.colormap;
  layout.range_scale = view.range_scale;

  const glm::vec2 cell = patchSize(grid, rect);
  const float footprint = std::min(cell.x, cell.y) * (1.0f - std::clamp(v.bar_gap, 0.0f, 0.9f));
  out.bar_footprint = layout.bar_footprint = footprint;
  const float opacity = std::clamp(v.bar_opacity, 0.0f, 1.0f);
  auto barColor = [&](float w, float h) {
    const float fade = height > 0.0f ? std::clamp(h / (kFadeShare * height), 0.0f, 1.0f) : 0.0f;
    return withAlpha(colors(w), opacity * fade);
  };

  VitLayout vit;
  vit.grid = grid;
  vit.rect = rect;
  vit.query = query;
  vit.height_per_weight = per_weight;
  vit.first_bar = out.bars.size();

  // [SECTION] Patches: bars, or the heat layer
  if (v.overlay) {
    out.ground.overlay.reserve(static_cast<size_t>(grid.patchCount()));
    // Opacity grows with the weight (√ of its place in the range): where nothing attends, the
    // picture shows as it is, as in the classic attention overlays.
    for (int k = 0; k < grid.patchCount(); ++k) {
      const float w = weightOf(row, grid.tokenOf(k));
      const float t = colors.position(w);
      out.ground.overlay.push_back(withAlpha(colors(w), v.overlay_opacity * std::sqrt(t)));
    }
    out.ground.overlay_cols = out.ground.overlay_rows = grid.patches();
  } else {
    out.bars.reserve(static_cast<size_t>(grid.patchCount()) + 1);
    for (int k = 0; k < grid.patchCount(); ++k) {
      const float w = weightOf(row, grid.tokenOf(k));
      const glm::vec2 c = patchCentre(grid, rect, k);
      const float h = w * per_weight;
      out.bars.push_back({c.x, c.y, h, barColor(w, h)});
    }
  }
  vit.patch_bars = out.bars.size() - vit.first_bar;
  if (view.show_grid) {
    out.ground.grid_cells = grid.patches();
    out.ground.grid_color = kGridColor;
  }

  // [SECTION] The query: outlined patch, or the CLS pillar named as the query
  const int query_patch = grid.patchOfToken(query);
  if (query_patch >= 0) {
    const attn::PixelRect p = grid.pixels(query_patch);
    out.ground.highlight_min = pixelToGround(grid, rect, {p.x0, p.y0});
    out.ground.highlight_max = pixelToGround(grid, rect, {p.x1, p.y1});
    out.ground.highlight_color = kQueryColor;
  }

  // [SECTION] CLS pillar, left of the top-left patch
  if (grid.cls()) {
    const float w = weightOf(row, 0);
    const float h = std::min(w * per_weight, kClsCap * height);
    const glm::vec2 at{rect.min.x - 1.5f * std::max(cell.x, footprint), rect.min.y + 0.5f * cell.y};
    vit.cls_bar = out.bars.size();
    out.bars.push_back({at.x, at.y, h, withAlpha(colors(w), std::max(opacity, 0.9f))});
    if (view.show_labels) {
      const bool is_query = query == 0;
      out.labels.push_back({{at.x, 0.0f, at.y + 0.5f * footprint + 0.45f},
                            is_query ? "CLS (query)" : "CLS",
                            is_query ? kQueryColor : kTitleColor,
                            LabelAlign::Center,
                            1.0f});
      out.labels.push_back(
          {{at.x, h + 0.35f, at.y}, formatWeight(w), kAxisLabelColor, LabelAlign::Center, 0.85f});
    }
  }

  // [SECTION] Labels: what is shown, and the query
  if (view.show_labels) {
    const std::string layer = v.layer >= 0 ? "layer " + std::to_string(v.layer) : "";
    std::string what;
    if (v.map == VitMap::Rollout) {
      what = "rollout through " + layer;
    } else {
      what = v.map == VitMap::Head
                 ? "head " + std::to_string(std::clamp(view.selected_head, 0, result.heads - 1))
                 : "mean over " + std::to_string(result.heads) + " heads";
      if (!layer.empty()) what = layer + ", " + what;
    }
    out.labels.push_back({{0.5f * (rect.min.x + rect.max.x), 0.0f, rect.min.y - 0.7f},
                          "attention of " + grid.tokenName(query) + "  \xc2\xb7  " + what,
                          kTitleColor,
                          LabelAlign::Center,
                          1.15f});
    if (query_patch >= 0) {
      // Above its bar; flat (the overlay), just above the outline so the patch stays visible.
      const glm::vec2 c = patchCentre(grid, rect, query_patch);
      const glm::vec3 at = v.overlay
                               ? glm::vec3(c.x, 0.0f, out.ground.highlight_min.y - 0.3f)
                               : glm::vec3(c.x, weightOf(row, query) * per_weight + 0.45f, c.y);
      out.labels.push_back({at, "query", kQueryColor, LabelAlign::Center, 0.95f});
    }
  }

  // [SECTION] Bounds: the picture, the bars' tops, the pillar and the labels
  const float half = 0.5f * footprint;
  for (const BarInstance& b : out.bars) {
    out.bounds_min = glm::min(out.bounds_min, glm::vec3(b.x - half, 0.0f, b.z - half));
    out.bounds_max = glm::max(out.bounds_max, glm::vec3(b.x + half, b.height, b.z + half));
  }
  for (const Label& l : out.labels) {
    out.bounds_min = glm::min(out.bounds_min, l.position);
    out.bounds_max = glm::max(out.bounds_max, l.position);
  }
  vit.row = std::move(row);
  layout.vit = std::move(vit);
}

SceneData buildVit(const attn::Result& result, const std::shared_ptr<const core::Image>& image,
                   const ViewOptions& view, uint64_t revision, SceneLayout& layout) {
  SceneData out;
  buildVit(result, image, view, revision, out, layout);
  return out;
}

}  // namespace scene
