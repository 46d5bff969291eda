#include "scene/overview.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "scene/field.hpp"

namespace scene {

namespace {

bool isDrawable(const attn::ModelAttention& m) {
  return m.layers > 0 && m.heads > 0 && m.n > 0 && m.m > 0 &&
         m.weights.size() == static_cast<size_t>(m.layers) * m.heads * m.n * m.m;
}

// One layer's fields: its heads' weights and (optionally) the mean and max, with the mask of
// cells that are 0 in every head.
struct LayerFields {
  std::vector<int> heads;  // 0 … H−1, kHeadMean, kHeadMax
  attn::Matrix mean, max;
  std::vector<uint8_t> mask;  // [N, M]

  LayerFields(const attn::ModelAttention& model, int layer, bool aggregates) {
    for (int h = 0; h < model.heads; ++h)
      heads.push_back(h);
    const attn::Matrix top = attn::headMax(model, layer);
    mask.assign(static_cast<size_t>(model.n) * model.m, 1);
    for (int h = 0; h < model.heads; ++h) {
      const float* w = model.weightsOf(layer, h).data();
      for (size_t c = 0; c < mask.size(); ++c)
        mask[c] = static_cast<uint8_t>(mask[c] & (w[c] == 0.0f));
    }
    if (aggregates) {
      mean = attn::headMean(model, layer);
      max = top;
      heads.push_back(kHeadMean);
      heads.push_back(kHeadMax);
    }
  }
  const float* values(const attn::ModelAttention& model, int layer, int head) const {
    if (head == kHeadMean) return mean.data();
    if (head == kHeadMax) return max.data();
    return model.weightsOf(layer, head).data();
  }
};

// Blocks of pool × pool cells as one: the largest unmasked weight (masked when all are).
std::vector<float> poolMax(const detail::CellValues& cells, int n, int m, int pool,
                           std::vector<uint8_t>& mask) {
  const int rows = (n + pool - 1) / pool, cols = (m + pool - 1) / pool;
  std::vector<float> out(static_cast<size_t>(rows) * cols, -std::numeric_limits<float>::max());
  mask.assign(out.size(), 1);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < m; ++j) {
      const float v = cells(i, j);
      if (!std::isfinite(v)) continue;
      const size_t k = static_cast<size_t>(i / pool) * cols + static_cast<size_t>(j / pool);
      out[k] = std::max(out[k], v);
      mask[k] = 0;
    }
  }
  return out;
}

}  // namespace

OverviewGrid overviewGrid(const attn::ModelAttention& model, const ViewOptions& view) {
  OverviewGrid g;
  if (!isDrawable(model)) return g;
  g.columns = model.heads + (view.overview_aggregates ? 2 : 0);
  const double cells = static_cast<double>(model.layers) * g.columns * model.n * model.m;
  while (cells / (static_cast<double>(g.pool) * g.pool) > static_cast<double>(kOverviewCellBudget))
    ++g.pool;
  g.rows = (model.n + g.pool - 1) / g.pool;
  g.cols = (model.m + g.pool - 1) / g.pool;
  const int extent = std::max(g.rows, g.cols);
  g.gap = std::max(2, static_cast<int>(std::ceil(0.25 * extent)));
  g.pitch_x = static_cast<float>(g.cols + g.gap);
  g.pitch_z = static_cast<float>(g.rows + g.gap);
  // The aggregates one more gap to the right of the last head.
  if (view.overview_aggregates)
    g.aggregate_x = static_cast<float>(model.heads) * g.pitch_x + static_cast<float>(g.gap);
  // Fields of many tokens are wide: their bars grow with them so a peak still stands out.
  g.height_scale = view.height_scale * std::max(1.0f, static_cast<float>(extent) / 16.0f);
  return g;
}

size_t overviewCellCount(const attn::ModelAttention& model, const ViewOptions& view) {
  if (!isDrawable(model)) return 0;
  const OverviewGrid g = overviewGrid(model, view);
  return static_cast<size_t>(model.layers) * static_cast<size_t>(g.columns) *
         static_cast<size_t>(g.rows) * static_cast<size_t>(g.cols);
}

std::string overviewTitle(int layer, int head) {
  if (head >= 0) return attn::headName(layer, head);
  std::string title = "L";  // += : GCC 12 raises a false -Wrestrict on "L" + to_string(…)
  title += std::to_string(layer);
  title += head == kHeadMean ? " mean" : " max";
  return title;
}

// bars: [L, H (+2), N, M], fields row-major by layer then head
void buildOverview(const attn::ModelAttention& model, const ViewOptions& view, uint64_t revision,
                   SceneData& out, SceneLayout& layout) {
  detail::resetScene(out, layout, revision, view.bar_gap);
  if (!isDrawable(model)) return;

  const OverviewGrid g = overviewGrid(model, view);
  std::vector<LayerFields> layers;
  layers.reserve(static_cast<size_t>(model.layers));
  float top = 0.0f;  // the colour range: from 0 to the largest weight shown
  for (int l = 0; l < model.layers; ++l) {
    layers.emplace_back(model, l, view.overview_aggregates);
    for (const int h : layers.back().heads) {
      const float* v = layers.back().values(model, l, h);
      for (size_t c = 0; c < layers.back().mask.size(); ++c)
        if (std::isfinite(v[c])) top = std::max(top, v[c]);
    }
  }
  const ColorScale colors = detail::weightColors(view, top, layout);

  const int selected = view.aggregate == attn::HeadAggregate::Mean  ? kHeadMean
                       : view.aggregate == attn::HeadAggregate::Max ? kHeadMax
                                                                    : view.selected_head;
  const float grid_spacing = static_cast<float>(labelStride(std::max(g.rows, g.cols), 8));
  out.bars.reserve(overviewCellCount(model, view));
  std::vector<float> pooled;
  std::vector<uint8_t> pooled_mask;
  for (int l = 0; l < model.layers; ++l) {
    const LayerFields& fields = layers[static_cast<size_t>(l)];
    for (size_t k = 0; k < fields.heads.size(); ++k) {
      FieldLayout f;
      f.layer = l;
      f.head = fields.heads[k];
      f.rows = g.rows;
      f.cols = g.cols;
      f.origin = {f.head >= 0 ? static_cast<float>(f.head) * g.pitch_x
                              : g.aggregate_x + (f.head == kHeadMean ? 0.0f : g.pitch_x),
                  static_cast<float>(l) * g.pitch_z};
      f.first_bar = out.bars.size();
      detail::CellValues cells;
      cells.values = fields.values(model, l, f.head);
      cells.mask = fields.mask.data();
      cells.cols = model.m;
      if (g.pool > 1) {
        pooled = poolMax(cells, model.n, model.m, g.pool, pooled_mask);
        cells = {pooled.data(), pooled_mask.data(), g.cols, 1.0f};
      }
      detail::addFieldBars(cells, f, colors, g.height_scale, -1, out);
      layout.fields.push_back(f);

      const bool chosen = l == view.layer && f.head == selected;
      if (view.show_grid || chosen) {
        detail::addFieldGrid(f, grid_spacing, out);
        if (chosen) out.grids.back().color = 0xc0ffffffu;
      }
      if (view.show_labels) {
        const float cx = f.origin.x + 0.5f * static_cast<float>(g.cols - 1);
        detail::addLabel(out, {cx, 0.0f, f.origin.y - 0.5f - 0.35f * static_cast<float>(g.gap)},
                         overviewTitle(l, f.head), chosen ? kOutputColor : kTitleColor,
                         LabelAlign::Center, 0.9f);
      }
    }
  }
  detail::finishBounds(out, layout);
}

}  // namespace scene
