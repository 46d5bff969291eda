// [SECTION] Helpers: shapes, values, colours
// [SECTION] Ranges and level of detail
// [SECTION] Fields: bars, grids, axis labels
// [SECTION] Arrows: q/k and v pedestals, selection, output
// [SECTION] build()
#include "scene/build.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

namespace scene {
namespace {

// [SECTION] Helpers: shapes, values, colours

bool hasShape(const attn::HeadStack& s, int heads, int rows, int cols) {
  return s.heads() == heads && s.rows() == rows && s.cols() == cols && !s.empty();
}

// The result has a drawable [H, N, M] field.
bool isDrawable(const attn::Result& r) {
  return r.heads > 0 && r.n > 0 && r.m > 0 &&
         (hasShape(r.weights, r.heads, r.n, r.m) || hasShape(r.scores, r.heads, r.n, r.m));
}

// Fast row-major access to the shown value of one head: the builder visits every cell twice.
struct CellSource {
  const float* values = nullptr;  // [N, M] of the head, or null when the array is missing
  const uint8_t* mask = nullptr;  // [N, M], or null when nothing is masked
  float factor = 1.0f;            // √d_k for raw scores
  int m = 0;

  CellSource(const attn::Result& r, BarValue value, int h) : m(r.m) {
    const attn::HeadStack& s = value == BarValue::Weights ? r.weights : r.scores;
    if (hasShape(s, r.heads, r.n, r.m)) values = s.head(h).data();
    if (r.mask.rows() == r.n && r.mask.cols() == r.m) mask = r.mask.data();
    if (value == BarValue::RawScores) factor = std::sqrt(static_cast<float>(r.d_k));
  }
  bool masked(int i, int j) const { return mask && mask[i * m + j] != 0; }
  // NaN when missing or masked: both are drawn flat and grey.
  float operator()(int i, int j) const {
    return values && !masked(i, j) ? values[i * m + j] * factor : NAN;
  }
};

Rgba8 dim(Rgba8 c, float f) {
  // + 0.5 and truncate: lround for these non-negative values, without the libm call (hot loop).
  auto scaled = [&](int ch) { return static_cast<uint8_t>(channel(c, ch) * f + 0.5f); };
  return packRgba(scaled(0), scaled(1), scaled(2), channel(c, 3));
}

Rgba8 withAlpha(Rgba8 c, float alpha) {
  const auto a = static_cast<uint8_t>(std::lround(std::clamp(alpha, 0.0f, 1.0f) * 255.0f));
  return (c & 0x00ffffffu) | static_cast<Rgba8>(a) << 24;
}

void addLabel(SceneData& out, glm::vec3 position, std::string text, Rgba8 color, LabelAlign align,
              float scale) {
  out.labels.push_back({position, std::move(text), color, align, scale});
}

std::string tokenText(const std::vector<std::string>& tokens, int index) {
  return index < static_cast<int>(tokens.size()) ? tokens[static_cast<size_t>(index)]
                                                 : std::to_string(index);
}

// Keys are labelled by source_tokens in cross-attention, by the query tokens otherwise.
const std::vector<std::string>& keyTokens(const attn::Result& r) {
  return r.source_tokens.empty() ? r.tokens : r.source_tokens;
}

std::vector<int> shownHeads(const attn::Result& r, const ViewOptions& view) {
  std::vector<int> heads;
  if (view.layout == HeadLayout::SingleHead) {
    heads.push_back(std::clamp(view.selected_head, 0, r.heads - 1));
  } else {
    for (int h = 0; h < r.heads; ++h)
      heads.push_back(h);
  }
  return heads;
}

int selectedQuery(const attn::Result& r, const ViewOptions& view) {
  return view.selected_query >= 0 && view.selected_query < r.n ? view.selected_query : -1;
}

struct Bounds {
  glm::vec3 lo{std::numeric_limits<float>::max()};
  glm::vec3 hi{std::numeric_limits<float>::lowest()};
  void add(glm::vec3 p) {
    lo = glm::min(lo, p);
    hi = glm::max(hi, p);
  }
  bool empty() const { return lo.x > hi.x; }
};

}  // namespace

float cellValue(const attn::Result& result, BarValue value, int h, int i, int j) {
  const attn::HeadStack& s = value == BarValue::Weights ? result.weights : result.scores;
  if (!hasShape(s, result.heads, result.n, result.m)) return NAN;
  const float v = s(h, i, j);
  return value == BarValue::RawScores ? v * std::sqrt(static_cast<float>(result.d_k)) : v;
}

// [SECTION] Ranges and level of detail

ValueRange displayedRange(const attn::Result& result, const ViewOptions& view) {
  if (!view.auto_range || !isDrawable(result)) {
    return sanitizeRange({view.range_min, view.range_max}, view.range_scale);
  }
  float lo = std::numeric_limits<float>::max(), hi = std::numeric_limits<float>::lowest();
  float lo_positive = std::numeric_limits<float>::max();  // log scales start there
  for (const int h : shownHeads(result, view)) {
    const CellSource cells(result, view.value, h);
    for (int i = 0; i < result.n; ++i) {
      for (int j = 0; j < result.m; ++j) {
        const float v = cells(i, j);
        if (!std::isfinite(v)) continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        if (v > 0.0f) lo_positive = std::min(lo_positive, v);
      }
    }
  }
  if (lo > hi) return sanitizeRange({0.0f, 1.0f}, view.range_scale);  // nothing unmasked
  ValueRange range{lo, hi};
  if (view.range_scale == RangeScale::Log) {
    range.min = lo_positive <= hi ? lo_positive : 0.0f;
  } else if (isDiverging(view.colormap)) {
    const float a = std::max(std::abs(lo), std::abs(hi));
    range = {-a, a};  // white at 0
  } else if (view.value == BarValue::Weights) {
    range.min = 0.0f;  // weights are probabilities: the colour scale starts at 0
  }
  return sanitizeRange(range, view.range_scale);
}

size_t cellCount(const attn::Result& result, const ViewOptions& view) {
  if (!isDrawable(result)) return 0;
  const size_t heads =
      view.layout == HeadLayout::SingleHead ? 1 : static_cast<size_t>(result.heads);
  return heads * static_cast<size_t>(result.n) * static_cast<size_t>(result.m);
}

int labelStride(int count, int max_labels) {
  max_labels = std::max(max_labels, 1);
  return std::max(1, (count + max_labels - 1) / max_labels);
}

namespace {

// [SECTION] Fields: bars, grids, axis labels

struct FieldGrid {
  int columns = 1;  // fields per grid row
  float pitch_x = 0, pitch_z = 0;
};

FieldGrid fieldGrid(const attn::Result& r, size_t field_count) {
  FieldGrid g;
  g.columns = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(field_count))));
  // Room between fields for the key labels below one and the title above the next.
  const float gap = 3.0f + 0.1f * static_cast<float>(std::max(r.n, r.m));
  g.pitch_x = static_cast<float>(r.m) + gap;
  g.pitch_z = static_cast<float>(r.n) + gap;
  return g;
}

void addField(const attn::Result& r, const ViewOptions& view, const FieldLayout& f, bool row_labels,
              bool key_labels, ValueRange range, SceneData& out) {
  const int sel = selectedQuery(r, view);
  const CellSource cells(r, view.value, f.head);
  const ColorScale colors(view.colormap, range, view.range_scale);
  for (int i = 0; i < r.n; ++i) {
    const bool dimmed = sel >= 0 && i != sel;
    for (int j = 0; j < r.m; ++j) {
      const float v = cells(i, j);
      BarInstance bar;
      bar.x = f.origin.x + static_cast<float>(j);
      bar.z = f.origin.y + static_cast<float>(i);
      bar.color = colors(v);  // kNanColor for masked and NaN cells
      if (std::isfinite(v)) bar.height = v * view.height_scale;
      if (dimmed) bar.color = dim(bar.color, kDimFactor);
      out.bars.push_back(bar);
    }
  }

  const float x0 = f.origin.x - 0.5f, x1 = f.origin.x + static_cast<float>(r.m) - 0.5f;
  const float z0 = f.origin.y - 0.5f, z1 = f.origin.y + static_cast<float>(r.n) - 0.5f;
  if (view.show_grid) {
    GroundGrid grid;
    grid.min = {x0, z0};
    grid.max = {x1, z1};
    grid.spacing = static_cast<float>(labelStride(std::max(r.n, r.m), view.max_axis_labels));
    out.grids.push_back(grid);
  }
  if (!view.show_labels) return;

  const float cx = 0.5f * (x0 + x1);
  // Among small multiples, the head whose arrows are drawn is named in the output colour.
  const bool arrows_here = view.layout == HeadLayout::AllHeads && f.head == view.selected_head;
  addLabel(out, {cx, 0.0f, z0 - 1.2f}, "head " + std::to_string(f.head),
           arrows_here ? kOutputColor : kTitleColor, LabelAlign::Center, 1.2f);
  if (row_labels) {
    out.labels.push_back(
        {{x0 - 0.3f, 0.0f, z0 - 1.2f}, "query", kTitleColor, LabelAlign::Right, 1.0f});
    const int stride = labelStride(r.n, view.max_axis_labels);
    for (int i = 0; i < r.n; ++i) {
      if (i % stride != 0 && i != sel) continue;  // the selected query is always named
      const Rgba8 color = i == sel ? kQueryColor : kAxisLabelColor;
      addLabel(out, {x0 - 0.3f, 0.0f, f.origin.y + static_cast<float>(i)}, tokenText(r.tokens, i),
               color, LabelAlign::Right, 0.9f);
    }
  }
  if (key_labels) {
    const int stride = labelStride(r.m, view.max_axis_labels);
    for (int j = 0; j < r.m; j += stride) {
      addLabel(out, {f.origin.x + static_cast<float>(j), 0.0f, z1 + 0.8f},
               tokenText(keyTokens(r), j), kAxisLabelColor, LabelAlign::Center, 0.9f);
    }
    addLabel(out, {cx, 0.0f, z1 + 2.0f}, "key", kTitleColor, LabelAlign::Center, 1.0f);
  }
}

// [SECTION] Arrows: q/k and v pedestals, selection, output

bool hasPca(const attn::Result& r, int h) {
  if (h < 0 || h >= static_cast<int>(r.pca.size())) return false;
  const attn::Projection3D& p = r.pca[static_cast<size_t>(h)];
  return p.q.rows() == r.n && p.q.cols() == 3 && p.k.rows() == r.m && p.k.cols() == 3 &&
         p.v.rows() == r.m && p.v.cols() == 3;
}

glm::vec3 row3(const attn::Matrix& m, int i) {
  return {m(i, 0), m(i, 1), m(i, 2)};
}

// The arrow length a pedestal is scaled to: the longest arrow, unless a few outliers (hub tokens
// with huge keys, say) are over 3x the median — then 3x the median, so the ordinary arrows stay
// readable and the outliers reach past the pedestal's edge.
float displayNorm(std::initializer_list<const attn::Matrix*> matrices) {
  std::vector<float> norms;
  for (const attn::Matrix* m : matrices)
    for (int i = 0; i < m->rows(); ++i)
      norms.push_back(glm::length(row3(*m, i)));
  if (norms.empty()) return 0.0f;
  const float longest = *std::max_element(norms.begin(), norms.end());
  auto middle = norms.begin() + static_cast<std::ptrdiff_t>(norms.size() / 2);
  std::nth_element(norms.begin(), middle, norms.end());
  return *middle > 0.0f ? std::min(longest, 3.0f * *middle) : longest;
}

struct ArrowBuilder {
  SceneData& out;
  SceneLayout& layout;
  const ViewOptions& view;
  int head;
  int label_stride;  // arrows converge at the origin: their tips get fewer labels than the axes

  void add(ArrowRole role, int token, const ArrowSpace& space, glm::vec3 pca, Rgba8 color,
           float radius, const std::string& text, bool force_label) {
    const glm::vec3 vec = pca * space.scale;
    if (glm::length(vec) <= 1e-12f) return;  // a zero arrow has no direction to draw
    out.arrows.push_back({space.origin, vec, color, radius});
    layout.arrow_tags.push_back({role, token, head});
    if (view.show_labels && (token % label_stride == 0 || force_label)) {
      const glm::vec3 tip = space.origin + vec + glm::normalize(vec) * (0.06f * space.radius);
      addLabel(out, tip, text, color | 0xff000000u, LabelAlign::Center, 0.8f);
    }
  }
};

void addArrows(const attn::Result& r, const ViewOptions& view, int head, float fields_x0,
               float center_z, SceneData& out, SceneLayout& layout) {
  const attn::Projection3D& p = r.pca[static_cast<size_t>(head)];
  const float extent = static_cast<float>(std::max(r.n, r.m));
  const float radius = std::clamp(0.4f * extent, 2.0f, 24.0f);
  const float margin = 3.0f + 0.1f * extent;  // the row labels sit here

  ArrowSpace& qk = layout.qk_space;
  ArrowSpace& vs = layout.v_space;
  qk.radius = vs.radius = radius;
  // Arrows start at the centre of their grid, on the ground, so each cluster sits visibly on its
  // pedestal (arrows pointing down pass through the grid, like negative score bars).
  qk.origin = {fields_x0 - margin - radius, 0.0f, center_z};
  vs.origin = {qk.origin.x - 2.5f * radius, 0.0f, center_z};
  const float qk_norm = displayNorm({&p.q, &p.k});
  const float v_norm = displayNorm({&p.v});  // the output is a convex mix of v, never longer
  qk.scale = qk_norm > 0.0f ? 0.95f * radius / qk_norm : 1.0f;
  vs.scale = v_norm > 0.0f ? 0.95f * radius / v_norm : 1.0f;

  for (const ArrowSpace* s : {&qk, &vs}) {
    if (view.show_grid) {
      GroundGrid g;
      g.min = {s->origin.x - radius, s->origin.z - radius};
      g.max = {s->origin.x + radius, s->origin.z + radius};
      g.spacing = radius / 4.0f;
      out.grids.push_back(g);
    }
  }
  if (view.show_labels) {
    auto title = [&](const ArrowSpace& s, const char* name, float explained) {
      const int pct = static_cast<int>(std::lround(100.0f * explained));
      addLabel(out, {s.origin.x, 0.0f, s.origin.z - radius - 1.0f},
               std::string(name) + " (PCA 3D, " + std::to_string(pct) + "%)", kTitleColor,
               LabelAlign::Center, 1.0f);
    };
    title(qk, "q, k", p.qk_explained);
    title(vs, "v", p.v_explained);
  }

  const int sel = selectedQuery(r, view);
  const float r0 = std::max(0.025f * radius, 0.03f);
  const int arrow_labels = std::max(1, view.max_axis_labels / 4);
  ArrowBuilder b{out, layout, view, head, labelStride(std::max(r.n, r.m), arrow_labels)};

  // Weight share of key j in the selected row, relative to the row's largest (1 when none).
  float row_max = 0.0f;
  if (sel >= 0) {
    for (int j = 0; j < r.m; ++j)
      row_max = std::max(row_max, cellValue(r, BarValue::Weights, head, sel, j));
  }
  auto share = [&](int j) {
    if (sel < 0) return 1.0f;
    const float w = cellValue(r, BarValue::Weights, head, sel, j);
    return row_max > 0.0f && std::isfinite(w) ? w / row_max : 0.0f;
  };
  // Radius and opacity proportional to the share, with a floor so unused keys stay visible.
  auto keyStyle = [&](Rgba8 color, int j, float& radius_out) {
    const float s = share(j);
    radius_out = sel < 0 ? r0 : r0 * std::max(2.0f * s, 0.15f);
    return sel < 0 ? withAlpha(color, 0.9f) : withAlpha(color, std::max(s, 0.12f));
  };

  if (view.show_q) {
    for (int i = 0; i < r.n; ++i) {
      const bool hot = i == sel;
      const Rgba8 c = withAlpha(kQueryColor, sel < 0 ? 0.9f : (hot ? 1.0f : 0.2f));
      b.add(ArrowRole::Query, i, qk, row3(p.q, i), c, hot ? 2.0f * r0 : r0, tokenText(r.tokens, i),
            hot);
    }
  }
  if (view.show_k) {
    for (int j = 0; j < r.m; ++j) {
      float rad = 0.0f;
      const Rgba8 c = keyStyle(kKeyColor, j, rad);
      b.add(ArrowRole::Key, j, qk, row3(p.k, j), c, rad, tokenText(keyTokens(r), j), false);
    }
  }
  if (view.show_v) {
    for (int j = 0; j < r.m; ++j) {
      float rad = 0.0f;
      const Rgba8 c = keyStyle(kValueColor, j, rad);
      b.add(ArrowRole::Value, j, vs, row3(p.v, j), c, rad, tokenText(keyTokens(r), j), false);
    }
  }
  if (sel >= 0) {
    // head_out_i projected to the v basis: Σ_j w_ij·v3_j (the projection is linear).
    glm::vec3 mix{0.0f};
    for (int j = 0; j < r.m; ++j) {
      const float w = cellValue(r, BarValue::Weights, head, sel, j);
      if (std::isfinite(w)) mix += w * row3(p.v, j);
    }
    b.add(ArrowRole::Output, sel, vs, mix, kOutputColor, 2.5f * r0,
          "out: " + tokenText(r.tokens, sel), true);
  }
}

}  // namespace

// [SECTION] build()

SceneData build(const attn::Result& result, const ViewOptions& view, uint64_t revision) {
  SceneLayout layout;
  return build(result, view, revision, layout);
}

SceneData build(const attn::Result& result, const ViewOptions& view, uint64_t revision,
                SceneLayout& layout) {
  SceneData out;
  build(result, view, revision, out, layout);
  return out;
}

void build(const attn::Result& result, const ViewOptions& view, uint64_t revision, SceneData& out,
           SceneLayout& layout) {
  out.revision = revision;
  out.bars.clear();  // clear() keeps the capacity
  out.arrows.clear();
  out.labels.clear();
  out.grids.clear();
  out.bounds_min = out.bounds_max = glm::vec3(0.0f);
  layout.fields.clear();
  layout.arrow_tags.clear();
  layout.range = {};
  layout.qk_space = layout.v_space = {};
  out.bar_footprint = layout.bar_footprint = 1.0f - std::clamp(view.bar_gap, 0.0f, 0.9f);
  if (!isDrawable(result)) return;

  const std::vector<int> heads = shownHeads(result, view);
  const FieldGrid grid = fieldGrid(result, heads.size());
  const ValueRange range = displayedRange(result, view);
  layout.range = range;
  out.bars.reserve(cellCount(result, view));

  const int grid_rows = (static_cast<int>(heads.size()) + grid.columns - 1) / grid.columns;
  for (size_t k = 0; k < heads.size(); ++k) {
    const int col = static_cast<int>(k) % grid.columns, row = static_cast<int>(k) / grid.columns;
    FieldLayout f;
    f.head = heads[k];
    f.rows = result.n;
    f.cols = result.m;
    f.origin = {static_cast<float>(col) * grid.pitch_x, static_cast<float>(row) * grid.pitch_z};
    f.first_bar = out.bars.size();
    // Row labels on the left column only, key labels where no field sits below.
    const bool field_below = static_cast<int>(k) + grid.columns < static_cast<int>(heads.size());
    addField(result, view, f, col == 0, !field_below, range, out);
    layout.fields.push_back(f);
  }

  const int arrow_head = std::clamp(view.selected_head, 0, result.heads - 1);
  if (hasPca(result, arrow_head) && (view.show_q || view.show_k || view.show_v)) {
    const float center_z = 0.5f * (static_cast<float>(grid_rows - 1) * grid.pitch_z +
                                   static_cast<float>(result.n - 1));
    addArrows(result, view, arrow_head, -0.5f, center_z, out, layout);
  }

  // Bounds of everything drawn: bars, arrows (with their radius), grids and label anchors.
  Bounds b;
  // Bars: each field's footprint box, from its lowest to its highest bar (0 included).
  const float half = 0.5f * out.bar_footprint;
  for (FieldLayout& f : layout.fields) {
    const size_t end = f.first_bar + static_cast<size_t>(f.rows) * static_cast<size_t>(f.cols);
    for (size_t k = f.first_bar; k < end; ++k) {
      f.min_height = std::min(f.min_height, out.bars[k].height);
      f.max_height = std::max(f.max_height, out.bars[k].height);
    }
    b.add({f.origin.x - half, f.min_height, f.origin.y - half});
    b.add({f.origin.x + static_cast<float>(f.cols - 1) + half, f.max_height,
           f.origin.y + static_cast<float>(f.rows - 1) + half});
  }
  for (const ArrowInstance& a : out.arrows) {
    for (const glm::vec3 p : {a.origin, a.origin + a.vector}) {
      b.add(p - glm::vec3(2.0f * a.radius));
      b.add(p + glm::vec3(2.0f * a.radius));
    }
  }
  for (const GroundGrid& g : out.grids) {
    b.add({g.min.x, 0.0f, g.min.y});
    b.add({g.max.x, 0.0f, g.max.y});
  }
  for (const Label& l : out.labels)
    b.add(l.position);
  if (!b.empty()) {
    out.bounds_min = b.lo;
    out.bounds_max = b.hi;
  }
}

}  // namespace scene
