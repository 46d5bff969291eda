// [SECTION] Helpers: shapes, values, colours
// [SECTION] Ranges and level of detail
// [SECTION] Animation: the stage of every cell at view.time, captions
// [SECTION] Fields: bars, grids, axis labels
// [SECTION] Arrows: q/k and v pedestals, selection, output
// [SECTION] build()
#include "scene/build.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "scene/field.hpp"

namespace scene {
namespace {

using detail::addLabel;
using detail::dim;
using detail::tokenText;

// [SECTION] Helpers: shapes, values, colours

bool hasShape(const attn::HeadStack& s, int heads, int rows, int cols) {
  return s.heads() == heads && s.rows() == rows && s.cols() == cols && !s.empty();
}

// The result has a drawable [H, N, M] field.
bool isDrawable(const attn::Result& r) {
  return r.heads > 0 && r.n > 0 && r.m > 0 &&
         (hasShape(r.weights, r.heads, r.n, r.m) || hasShape(r.scores, r.heads, r.n, r.m));
}

// The shown value of one head, row-major (the builder visits every cell twice).
detail::CellValues cellValues(const attn::Result& r, BarValue value, int h) {
  detail::CellValues c;
  c.cols = r.m;
  const attn::HeadStack& s = value == BarValue::Weights ? r.weights : r.scores;
  if (hasShape(s, r.heads, r.n, r.m)) c.values = s.head(h).data();
  if (r.mask.rows() == r.n && r.mask.cols() == r.m) c.mask = r.mask.data();
  if (value == BarValue::RawScores) c.factor = std::sqrt(static_cast<float>(r.d_k));
  return c;
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
    const detail::CellValues cells = cellValues(result, view.value, h);
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

// [SECTION] Animation: the stage of every cell at view.time, captions

Rgba8 mix(Rgba8 a, Rgba8 b, float t) {
  auto ch = [&](int c) {
    return static_cast<uint8_t>(static_cast<float>(channel(a, c)) +
                                t * (static_cast<float>(channel(b, c)) - channel(a, c)) + 0.5f);
  };
  return packRgba(ch(0), ch(1), ch(2), ch(3));
}

float lerp(float a, float b, float t) {
  return a + t * (b - a);
}

// What the animation shows at view.time; made once per build.
struct Animation {
  Timeline timeline;
  double t = 0;
  Moment now;
  int head = 0;             // the head explained
  int focus = -1;           // the query explained (arrows, projections, weighted sum); -1: none
  bool dim_others = false;  // rows other than `focus` are dimmed
  float span = 1;           // max |q·k| of the head over unmasked finite cells (> 0)
  float score_height = 1;   // world units per unit of score before the softmax
  float sqrt_dk = 1;

  float progress(Stage stage, int query, int key = 0) const {
    return timeline.progress(stage, query, key, t);
  }
};

Animation makeAnimation(const attn::Result& r, const ViewOptions& view) {
  Animation a;
  a.timeline = Timeline(view.animation_mode, r.n, r.m);
  a.t = view.time;
  a.now = a.timeline.at(view.time);
  a.head = std::clamp(view.selected_head, 0, r.heads - 1);
  a.sqrt_dk = std::sqrt(static_cast<float>(std::max(r.d_k, 1)));
  if (view.animation_mode == AnimationMode::WholeMatrix) {
    const int sel = selectedQuery(r, view);
    a.focus = sel >= 0 ? sel : r.n - 1;
    a.dim_others = sel >= 0;
  } else if (a.now.stage == Stage::Heads) {
    a.focus = r.n - 1;
  } else {
    a.focus = a.now.query;
    a.dim_others = a.focus >= 0;
  }
  float span = 0.0f;
  for (int i = 0; i < r.n; ++i) {
    for (int j = 0; j < r.m; ++j) {
      const float raw = cellValue(r, BarValue::RawScores, a.head, i, j);
      const bool masked = r.mask.rows() == r.n && r.mask(i, j) != 0;
      if (!masked && std::isfinite(raw)) span = std::max(span, std::abs(raw));
    }
  }
  a.span = span > 0.0f ? span : 1.0f;
  a.score_height =
      std::min(view.height_scale, 0.4f * static_cast<float>(std::max(r.n, r.m)) / a.span);
  return a;
}

// Cell (i, j) of the explained head at the animation's time: q·k growing in, scaled, masked
// cells falling to 0, then morphing into the weight.
struct AnimatedCell {
  bool started = false;  // its dot product has begun
  float score = NAN;     // the value before the softmax
  float value = NAN;     // what the bar shows: the score morphing into the weight
  float weight = NAN;
  float soft = 0, mask = 0;  // softmax progress; mask progress (0 for unmasked cells)
};

AnimatedCell animatedCell(const attn::Result& r, const Animation& a, int i, int j) {
  AnimatedCell c;
  const float dot = a.progress(Stage::DotProducts, i, j);
  if (dot <= 0.0f) return c;
  c.started = true;
  const float scaled = cellValue(r, BarValue::Scores, a.head, i, j);
  c.score = lerp(dot * scaled * a.sqrt_dk, scaled, a.progress(Stage::Scaling, i));
  const bool masked = r.mask.rows() == r.n && r.mask(i, j) != 0;
  if (masked) c.mask = a.progress(Stage::Mask, i);
  c.score = lerp(c.score, 0.0f, c.mask);
  c.soft = a.progress(Stage::Softmax, i);
  c.weight = masked ? 0.0f : cellValue(r, BarValue::Weights, a.head, i, j);
  c.value = lerp(c.score, c.weight, c.soft);
  return c;
}

BarInstance animatedBar(const attn::Result& r, const Animation& a, const ViewOptions& view,
                        const ColorScale& scores, const ColorScale& weights, int i, int j) {
  BarInstance bar;
  const AnimatedCell c = animatedCell(r, a, i, j);
  if (!std::isfinite(c.value)) {
    bar.color = c.started ? kNanColor : kPendingColor;
    return bar;
  }
  bar.height = c.value * lerp(a.score_height, view.height_scale, c.soft);
  const Rgba8 before = mix(scores(c.score), kNanColor, c.mask);
  bar.color = mix(before, c.mask > 0.0f ? kNanColor : weights(c.weight), c.soft);
  return bar;
}

std::string formatValue(float v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", static_cast<double>(v));
  return text;
}

std::string quoted(const std::string& token) {
  return "'" + token + "'";
}

// The caption over the scene: stage, formula, and the numbers of the moment; in the softmax, the
// explained row's sum is also written at the end of that row.
void addCaptions(const attn::Result& r, const Animation& a, const SceneLayout& layout,
                 SceneData& out) {
  const Stage stage = a.now.stage;
  out.caption = std::to_string(static_cast<int>(stage) + 1) + "/" + std::to_string(kStageCount) +
                "  " + stageName(stage);
  if (a.now.query >= 0) out.caption += "  ·  query " + quoted(tokenText(r.tokens, a.now.query));
  if (a.now.key >= 0) out.caption += ", key " + quoted(tokenText(keyTokens(r), a.now.key));
  out.formula = stageFormula(stage);
  const std::string head = std::to_string(a.head);
  switch (stage) {
    case Stage::Tokens:
      out.detail = std::to_string(r.n) +
                   " tokens, each a vector x of d_model = " + std::to_string(r.d_model) +
                   " numbers";
      if (!r.source_tokens.empty())
        out.detail += "; keys and values come from " + std::to_string(r.m) + " source tokens";
      break;
    case Stage::Projection:
      out.detail = std::to_string(r.heads) + " heads of d_k = " + std::to_string(r.d_k) +
                   "; arrows: q, k, v of head " + head + " in PCA 3D";
      break;
    case Stage::DotProducts:
      if (a.now.key >= 0) {
        out.detail = "q·k = " +
                     formatValue(cellValue(r, BarValue::RawScores, a.head, a.now.query, a.now.key));
      } else if (a.now.query >= 0) {
        out.detail = "query " + quoted(tokenText(r.tokens, a.now.query)) + " · every key";
      } else {
        out.detail = std::to_string(r.n) + " × " + std::to_string(r.m) + " dot products of head " +
                     head + ", one bar each";
      }
      break;
    case Stage::Scaling:
      out.detail = "÷ √d_k = ÷ " + formatValue(a.sqrt_dk) + "  (d_k = " + std::to_string(r.d_k) +
                   "), so the softmax does not saturate";
      break;
    case Stage::Mask: {
      size_t masked = 0;
      for (int i = 0; i < r.mask.rows(); ++i)
        for (int j = 0; j < r.mask.cols(); ++j)
          masked += r.mask(i, j) != 0;
      out.detail = masked == 0 ? "no mask: every query sees every key"
                               : std::to_string(masked) + " of " + std::to_string(r.n * r.m) +
                                     " cells masked (grey): their weight will be 0";
      break;
    }
    case Stage::Softmax: {
      if (a.focus < 0) break;
      float sum = 0.0f;
      for (int j = 0; j < r.m; ++j) {
        const float v = animatedCell(r, a, a.focus, j).value;
        if (std::isfinite(v)) sum += v;
      }
      const std::string row = quoted(tokenText(r.tokens, a.focus));
      out.detail = "row " + row + ": Σ_j = " + formatValue(sum) + " → 1";
      for (const FieldLayout& f : layout.fields) {
        if (f.head != a.head) continue;
        out.labels.push_back({{f.origin.x + static_cast<float>(r.m) + 0.3f, 0.0f,
                               f.origin.y + static_cast<float>(a.focus)},
                              "Σ = " + formatValue(sum),
                              kOutputColor,
                              LabelAlign::Left,
                              1.0f});
      }
      break;
    }
    case Stage::WeightedSum:
      if (a.focus >= 0)
        out.detail = "out(" + quoted(tokenText(r.tokens, a.focus)) +
                     ") = Σ_j w_j · v_j: the v arrows, scaled and chained, end at the yellow arrow";
      break;
    case Stage::Heads:
      out.detail = std::to_string(r.heads) + " heads × d_k = " + std::to_string(r.d_k) +
                   " → concat [" + std::to_string(r.n) + ", " + std::to_string(r.d_model) +
                   "] → · W_O = out";
      break;
  }
}

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

void addBars(const attn::Result& r, const ViewOptions& view, const FieldLayout& f, ValueRange range,
             SceneData& out) {
  detail::addFieldBars(cellValues(r, view.value, f.head), f,
                       ColorScale(view.colormap, range, view.range_scale), view.height_scale,
                       selectedQuery(r, view), out);
}

// The explained head cell by cell at the animation's time; the other heads wait as dark tiles
// and rise with their weights in the heads stage.
void addAnimatedBars(const attn::Result& r, const ViewOptions& view, const Animation& a,
                     const FieldLayout& f, ValueRange range, SceneData& out) {
  const ColorScale scores(Colormap::Diverging, {-a.span, a.span}, RangeScale::Linear);
  const ColorScale weights(view.colormap, range, view.range_scale);
  const detail::CellValues final_weights = cellValues(r, BarValue::Weights, f.head);
  const float rise = a.progress(Stage::Heads, 0);
  for (int i = 0; i < r.n; ++i) {
    const bool dimmed = a.dim_others && i != a.focus && f.head == a.head;
    for (int j = 0; j < r.m; ++j) {
      BarInstance bar;
      if (f.head == a.head) {
        bar = animatedBar(r, a, view, scores, weights, i, j);
      } else if (rise > 0.0f) {
        const float w = final_weights(i, j);
        bar.color = weights(w);
        if (std::isfinite(w)) bar.height = rise * w * view.height_scale;
      } else {
        bar.color = kPendingColor;
      }
      bar.x = f.origin.x + static_cast<float>(j);
      bar.z = f.origin.y + static_cast<float>(i);
      if (dimmed) bar.color = dim(bar.color, kDimFactor);
      out.bars.push_back(bar);
    }
  }
}

void addField(const attn::Result& r, const ViewOptions& view, const Animation* anim,
              const FieldLayout& f, bool row_labels, bool key_labels, ValueRange range,
              SceneData& out) {
  if (anim) {
    addAnimatedBars(r, view, *anim, f, range, out);
  } else {
    addBars(r, view, f, range, out);
  }
  const int sel = anim ? anim->focus : selectedQuery(r, view);

  const float x0 = f.origin.x - 0.5f, x1 = f.origin.x + static_cast<float>(r.m) - 0.5f;
  const float z0 = f.origin.y - 0.5f, z1 = f.origin.y + static_cast<float>(r.n) - 0.5f;
  if (view.show_grid) {
    detail::addFieldGrid(
        f, static_cast<float>(labelStride(std::max(r.n, r.m), view.max_axis_labels)), out);
  }
  if (!view.show_labels) return;

  const float cx = 0.5f * (x0 + x1);
  // Among small multiples, the head whose arrows are drawn is named in the output colour.
  const bool arrows_here = view.layout == HeadLayout::AllHeads && f.head == view.selected_head;
  const std::string title = f.head < static_cast<int>(r.head_names.size())
                                ? r.head_names[static_cast<size_t>(f.head)]
                                : "head " + std::to_string(f.head);
  addLabel(out, {cx, 0.0f, z0 - 1.2f}, title, arrows_here ? kOutputColor : kTitleColor,
           LabelAlign::Center, 1.2f);
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
  int label_stride;     // arrows converge at the origin: their tips get fewer labels than the axes
  float growth = 1.0f;  // every arrow's length share (the animation grows them in)

  // An arrow along `pca` starting at `start` (both PCA-3D coordinates of `space`).
  void add(ArrowRole role, int token, const ArrowSpace& space, glm::vec3 pca, Rgba8 color,
           float radius, const std::string& text, bool force_label, glm::vec3 start = {}) {
    const glm::vec3 vec = pca * (space.scale * growth);
    if (glm::length(vec) <= 1e-12f) return;  // a zero arrow has no direction to draw
    const glm::vec3 origin = space.origin + start * space.scale;
    out.arrows.push_back({origin, vec, color, radius});
    layout.arrow_tags.push_back({role, token, head});
    if (view.show_labels && (token % label_stride == 0 || force_label)) {
      const glm::vec3 tip = origin + vec + glm::normalize(vec) * (0.06f * space.radius);
      addLabel(out, tip, text, color | 0xff000000u, LabelAlign::Center, 0.8f);
    }
  }
};

void addArrows(const attn::Result& r, const ViewOptions& view, const Animation* anim, int head,
               float fields_x0, float center_z, SceneData& out, SceneLayout& layout) {
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

  const int sel = anim ? anim->focus : selectedQuery(r, view);
  const float r0 = std::max(0.025f * radius, 0.03f);
  const int arrow_labels = std::max(1, view.max_axis_labels / 4);
  ArrowBuilder b{out, layout, view, head, labelStride(std::max(r.n, r.m), arrow_labels)};
  if (anim) b.growth = anim->progress(Stage::Projection, 0);
  // How far the selected row's weights shape the key and value arrows: fully once known (the
  // animation: once that row's softmax is done).
  const float weighted = sel < 0 ? 0.0f : anim ? anim->progress(Stage::Softmax, sel) : 1.0f;

  // Weight share of key j in the selected row, relative to the row's largest (1 when none).
  float row_max = 0.0f;
  if (sel >= 0) {
    for (int j = 0; j < r.m; ++j)
      row_max = std::max(row_max, cellValue(r, BarValue::Weights, head, sel, j));
  }
  auto weight = [&](int j) {
    if (sel < 0) return 0.0f;  // no row selected (reading row -1 would be out of bounds)
    const float w = cellValue(r, BarValue::Weights, head, sel, j);
    return std::isfinite(w) ? w : 0.0f;
  };
  auto share = [&](int j) {
    if (weighted <= 0.0f) return 1.0f;
    return lerp(1.0f, row_max > 0.0f ? weight(j) / row_max : 0.0f, weighted);
  };
  // Radius and opacity proportional to the share, with a floor so unused keys stay visible.
  auto keyStyle = [&](Rgba8 color, int j, float& radius_out) {
    const float s = share(j);
    radius_out = weighted <= 0.0f ? r0 : r0 * lerp(1.0f, std::max(2.0f * s, 0.15f), weighted);
    return withAlpha(color, weighted <= 0.0f ? 0.9f : lerp(0.9f, std::max(s, 0.12f), weighted));
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
  // The animation's dot products: each key's projection onto the explained query's direction,
  // an arrow along q as long as k·q̂ (one key at a time in cell-by-cell mode).
  if (anim && sel >= 0 && anim->now.stage == Stage::DotProducts &&
      (anim->now.query < 0 || anim->now.query == sel) && view.show_k) {
    const glm::vec3 q = row3(p.q, sel);
    const glm::vec3 q_dir = glm::length(q) > 0.0f ? glm::normalize(q) : glm::vec3(0.0f);
    for (int j = 0; j < r.m; ++j) {
      if (anim->now.key >= 0 && j != anim->now.key) continue;
      const float along =
          glm::dot(row3(p.k, j), q_dir) * anim->progress(Stage::DotProducts, sel, j);
      const std::string text =
          anim->now.key >= 0
              ? "q·k = " + formatValue(cellValue(r, BarValue::RawScores, head, sel, j))
              : "";
      b.add(ArrowRole::Key, j, qk, q_dir * along, withAlpha(kKeyColor, 1.0f), 1.6f * r0, text,
            anim->now.key >= 0);
    }
  }
  // The weighted sum: the animation scales each v by its weight (first half), then chains them
  // tip to tail (second half) so that they end where the output arrow points.
  const float sum = sel < 0 ? 0.0f : anim ? anim->progress(Stage::WeightedSum, sel) : 1.0f;
  const bool chain = anim && sum > 0.0f;
  const float scaling = chain ? std::clamp(2.0f * sum, 0.0f, 1.0f) : 0.0f;
  const float chaining = chain ? std::clamp(2.0f * sum - 1.0f, 0.0f, 1.0f) : 0.0f;
  glm::vec3 tail{0.0f};  // Σ_{l<j} w_l·v3_l
  if (view.show_v) {
    for (int j = 0; j < r.m; ++j) {
      float rad = 0.0f;
      const Rgba8 c = keyStyle(kValueColor, j, rad);
      const glm::vec3 v = row3(p.v, j);
      b.add(ArrowRole::Value, j, vs, v * lerp(1.0f, weight(j), scaling), c, rad,
            tokenText(keyTokens(r), j), false, tail * chaining);
      if (sel >= 0) tail += weight(j) * v;
    }
  }
  if (sum > 0.0f) {
    // head_out_i projected to the v basis: Σ_j w_ij·v3_j (the projection is linear).
    glm::vec3 out_vec{0.0f};
    for (int j = 0; j < r.m; ++j)
      out_vec += weight(j) * row3(p.v, j);
    b.add(ArrowRole::Output, sel, vs, out_vec * (chain ? chaining : 1.0f), kOutputColor, 2.5f * r0,
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
  detail::resetScene(out, layout, revision, view.bar_gap);
  if (!isDrawable(result)) return;

  // Animating: every head laid out from the start, ending on the weights (see the header).
  ViewOptions v = view;
  std::optional<Animation> anim;
  if (view.animate) {
    v.layout = HeadLayout::AllHeads;
    v.value = BarValue::Weights;
    if (isDiverging(v.colormap)) v.colormap = suggestedColormap(v.value);
    anim = makeAnimation(result, v);
  }

  const std::vector<int> heads = shownHeads(result, v);
  const FieldGrid grid = fieldGrid(result, heads.size());
  const ValueRange range = displayedRange(result, v);
  layout.range = range;
  layout.value = v.value;
  layout.colormap = v.colormap;
  layout.range_scale = v.range_scale;
  if (anim && anim->progress(Stage::Softmax, std::max(anim->focus, 0)) < 0.5f) {
    // The legend follows the explained row: scores until its softmax is half way.
    const bool scaled = anim->progress(Stage::Scaling, std::max(anim->focus, 0)) >= 0.5f;
    layout.value = scaled ? BarValue::Scores : BarValue::RawScores;
    layout.colormap = Colormap::Diverging;
    layout.range_scale = RangeScale::Linear;
    layout.range = {-anim->span, anim->span};
  }
  out.bars.reserve(cellCount(result, v));

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
    addField(result, v, anim ? &*anim : nullptr, f, col == 0, !field_below, range, out);
    layout.fields.push_back(f);
  }

  const int arrow_head = std::clamp(v.selected_head, 0, result.heads - 1);
  if (hasPca(result, arrow_head) && (v.show_q || v.show_k || v.show_v)) {
    const float center_z = 0.5f * (static_cast<float>(grid_rows - 1) * grid.pitch_z +
                                   static_cast<float>(result.n - 1));
    addArrows(result, v, anim ? &*anim : nullptr, arrow_head, -0.5f, center_z, out, layout);
  }

  // No arrows (a file without q/k/v, an aggregate over heads): a note under the fields says why,
  // where it stays in the frame.
  if (!hasPca(result, arrow_head) && !result.vectors_note.empty() && v.show_labels) {
    const int columns = std::min(grid.columns, static_cast<int>(heads.size()));
    const float center_x =
        0.5f * (static_cast<float>(columns - 1) * grid.pitch_x + static_cast<float>(result.m - 1));
    const float below =
        static_cast<float>(grid_rows - 1) * grid.pitch_z + static_cast<float>(result.n) + 3.2f;
    addLabel(out, {center_x, 0.0f, below}, "no arrows: " + result.vectors_note, kAxisLabelColor,
             LabelAlign::Center, 0.9f);
  }
  if (anim) addCaptions(result, *anim, layout, out);
  detail::finishBounds(out, layout);
}

}  // namespace scene
