// scene::build — an attention result and the view options in, GPU-layout instances out (pure).
//
// World layout (y up, 1 world unit per cell; query = row, key = column everywhere):
//   - Field of head h: cell (query i, key j) is a bar at x = origin.x + j, z = origin.y + i, so
//     query rows run along +z and key columns along +x. Head 0 (or the selected head in
//     SingleHead) has origin (0, 0). AllHeads puts the fields on a near-square grid, row-major.
//   - Bar height = value × height_scale, negative values below the ground. Masked cells (and
//     NaN/Inf values) are flat (height 0) and grey (kNanColor), so the mask reads as a grey
//     pattern on the ground.
//   - Left of the fields: two pedestals with the selected head's PCA-3D arrows, "q, k" (shared
//     basis) nearest the fields and "v" beyond it, each scaled so its longest arrow fits.
//   - A selected query i: its row keeps its colours and the other rows are dimmed; its q arrow is
//     thick and the other q arrows faint; the k and v arrows get radius and opacity proportional
//     to weights[i, j] / max_j weights[i, j]; an output arrow Σ_j weights[i, j]·v_j starts at the
//     v pedestal's origin.
//   - Animating (ViewOptions::animate): the scene at `time` of the timeline (scene/timeline.hpp).
//     Every head is laid out as in AllHeads from the start so nothing moves when the heads stage
//     comes; the selected head is the one explained, the others rise in that last stage. Cells
//     not computed yet are flat dark tiles. Before the softmax bars show q·k (then ÷ √d_k) with
//     a diverging map and a height scale that fits the largest |q·k|; during it they morph into
//     the weights. The query explained is the current row (per-row modes) or the selected query
//     (else the last query, whose row sees every key under a causal mask).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attn/attention.hpp"
#include "scene/colormap.hpp"
#include "scene/patch_layout.hpp"
#include "scene/scene_data.hpp"
#include "scene/view_options.hpp"

namespace scene {

// [SECTION] Colours (Okabe–Ito, safe for the common colour-vision deficiencies)
inline constexpr Rgba8 kQueryColor = packRgba(213, 94, 0);     // vermillion
inline constexpr Rgba8 kKeyColor = packRgba(0, 114, 178);      // blue
inline constexpr Rgba8 kValueColor = packRgba(0, 158, 115);    // bluish green
inline constexpr Rgba8 kOutputColor = packRgba(240, 228, 66);  // yellow
inline constexpr Rgba8 kAxisLabelColor = packRgba(208, 208, 208);
inline constexpr Rgba8 kTitleColor = packRgba(255, 255, 255);
inline constexpr Rgba8 kPendingColor = packRgba(58, 62, 72);  // a cell not computed yet
inline constexpr float kDimFactor = 0.3f;  // rgb multiplier of the rows that are not selected

// [SECTION] Size
// build() emits every bar, however many (picking and the renderer's height-map level of detail
// read them); gfx::RendererOptions::cellBudget decides how they are drawn.
size_t cellCount(const attn::Result& result, const ViewOptions& view);  // bars build() emits

// Label every k-th of `count` items so that at most `max_labels` are shown (k >= 1).
int labelStride(int count, int max_labels);

// A token as the scene labels it: at most `max_chars` characters (code points, not bytes), else
// the first max_chars - 1 and "…" (tooltips and panels show the whole token).
inline constexpr int kMaxLabelChars = 12;
std::string shortLabel(const std::string& text, int max_chars = kMaxLabelChars);

// [SECTION] What build() tells the app besides the instances
enum class ArrowRole : uint8_t { Query, Key, Value, Output };

struct FieldLayout {
  int head = 0;   // the result's head; in a model overview kHeadMean/kHeadMax for the aggregates
  int layer = 0;  // a model's layer (overview, rollout); 0 for a single result
  int rows = 0, cols = 0;  // N, M
  glm::vec2 origin{0.0f};  // world (x, z) of cell (0, 0)'s centre; cell (i, j) at origin + (j, i)
  float base = 0.0f;       // the floor its bars stand on (0: the ground; raised in the rollout)
  size_t first_bar = 0;    // SceneData::bars index of cell (0, 0); the field's bars are row-major
  float min_height = 0.0f, max_height = 0.0f;  // of its bars, 0 included (picking clips to it)
};
// FieldLayout::head of a model overview's aggregate fields.
inline constexpr int kHeadMean = -1, kHeadMax = -2;

struct ArrowTag {
  ArrowRole role = ArrowRole::Query;
  int token = 0;  // query index (Query, Output) or key index (Key, Value)
  int head = 0;   // the head; a rollout flow's layer
  // Rollout flows only (scene/rollout_view.hpp): the token the flow leaves, its share of the
  // output.
  int source = -1;
  float share = 0.0f;
};

// A pedestal: world = origin + scale · (PCA-3D coordinates).
struct ArrowSpace {
  glm::vec3 origin{0.0f};
  float scale = 0.0f;   // 0: not drawn
  float radius = 0.0f;  // half side of the pedestal; arrows stay within it
};

struct SceneLayout {
  std::vector<FieldLayout> fields;   // one per shown head, in bar order
  std::vector<ArrowTag> arrow_tags;  // parallel to SceneData::arrows
  // The colour mapping the bars use, for the legend: the view's, or the animation stage's.
  ValueRange range;  // sanitized
  BarValue value = BarValue::Weights;
  Colormap colormap = Colormap::Viridis;
  RangeScale range_scale = RangeScale::Linear;
  ArrowSpace qk_space, v_space;
  float bar_footprint = 0.9f;
  std::optional<VitLayout> vit;  // set by buildVit (the Vision Transformer view) only
};

// [SECTION] Building
// The value a bar of cell (h, i, j) shows (NaN when that array is missing).
float cellValue(const attn::Result& result, BarValue value, int h, int i, int j);

// The colour range build() uses: the fixed one, or the min/max of the shown heads' unmasked finite
// values (weights from 0; symmetric about 0 for a diverging map), sanitized for the scale.
ValueRange displayedRange(const attn::Result& result, const ViewOptions& view);

// Pure: same inputs, same output. `revision` is copied into SceneData::revision. An empty or
// inconsistent result gives an empty scene.
SceneData build(const attn::Result& result, const ViewOptions& view, uint64_t revision);
SceneData build(const attn::Result& result, const ViewOptions& view, uint64_t revision,
                SceneLayout& layout);
// The same into `out`, reusing its buffers: large scenes (millions of bars) cost more in fresh
// pages than in computing, so the app keeps one SceneData and rebuilds into it.
void build(const attn::Result& result, const ViewOptions& view, uint64_t revision, SceneData& out,
           SceneLayout& layout);

}  // namespace scene
