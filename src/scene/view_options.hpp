// What the scene shows and how: a plain struct the UI edits and scene::build reads. Every field has
// a safe default; out-of-range values are clamped by the builder, never rejected.
#pragma once

#include <cstdint>

#include "attn/rollout.hpp"
#include "scene/colormap.hpp"
#include "scene/timeline.hpp"

namespace scene {

// Which [H, N, M] array the bars show.
enum class BarValue : uint8_t {
  Weights,    // softmax output, in [0, 1]
  Scores,     // q·kᵀ/√d_k before the mask (the softmax input at temperature 1)
  RawScores,  // q·kᵀ = scores·√d_k
};

// What part of a model's attention file the scene shows (ignored for the kernel's own results).
enum class ModelView : uint8_t {
  Layer,     // one layer, drawn by build() from attn::layerResult (or aggregateResult)
  Overview,  // every layer and head as small fields (scene/overview.hpp)
  Rollout,   // attention rollout: stacked layer surfaces and flows (scene/rollout_view.hpp)
};

enum class HeadLayout : uint8_t {
  SingleHead,  // only `selected_head`
  AllHeads,    // every head as a small multiple, row-major on a near-square grid of fields
};

// The Vision Transformer view (scene/vit_build.hpp): an image on the ground, the attention of one
// query patch rising above it as bars, or laid over it as a flat heat layer.
enum class VitMap : uint8_t {
  Head,           // `selected_head` alone
  MeanOverHeads,  // the mean of every head's row
  Rollout,        // a model file's attention rollout through vit.layer (a one-head result)
};

struct VitOptions {
  VitMap map = VitMap::MeanOverHeads;
  bool overlay = false;       // the flat 2D heat overlay instead of bars
  float height = 5.0f;        // world height of the tallest patch bar (the image is 16 wide)
  float bar_gap = 0.3f;       // empty share of each patch around its bar, in [0, 0.9]
  float bar_opacity = 0.85f;  // of the tallest bars; bars fade out towards zero height
  float overlay_opacity = 0.65f;
  int layer = -1;  // a model file's layer shown (set by the app); -1: none (the synthetic heads)
  double sweep = -1.0;  // seconds into the query sweep (vitSweepToken); < 0: the selected query
};

struct ViewOptions {
  // [SECTION] Bars
  BarValue value = BarValue::Weights;
  Colormap colormap = Colormap::Viridis;        // see suggestedColormap() when `value` changes
  RangeScale range_scale = RangeScale::Linear;  // colours only; heights are always linear
  bool auto_range = true;  // colour range from the shown data (symmetric about 0 if diverging)
  float range_min = 0.0f, range_max = 1.0f;  // used when !auto_range
  float height_scale = 4.0f;                 // world units per unit of value
  float bar_gap = 0.1f;  // empty share of each 1-unit cell, in [0, 0.9]; footprint = 1 - gap

  // [SECTION] Heads and selection
  HeadLayout layout = HeadLayout::SingleHead;
  int selected_head = 0;    // field shown in SingleHead; whose Q/K/V arrows are drawn in both
  int selected_query = -1;  // -1: none. Highlights row i, its arrows and the output arrow

  // [SECTION] Arrows (PCA-3D of the selected head)
  bool show_q = true, show_k = true, show_v = true;

  // [SECTION] Decorations
  bool show_labels = true;
  bool show_grid = true;
  int max_axis_labels = 48;  // per axis (a quarter of it per arrow role); then every k-th token

  // [SECTION] Model files (the app shows the kernel's result when no file is open)
  ModelView model_view = ModelView::Layer;
  int layer = 0;  // the layer shown (Layer) or highlighted (Overview)
  // Layer: the app's result is this aggregate of the layer's heads (None: the layer itself);
  // Overview: the aggregate field highlighted instead of selected_head.
  attn::HeadAggregate aggregate = attn::HeadAggregate::None;
  bool overview_aggregates = true;  // the overview shows each layer's mean and max over heads
  float residual = 0.5f;            // rollout's residual share α, in [0, 1]

  // [SECTION] Vision Transformer view: selected_query is the query token (-1: the centre patch),
  // colours use colormap and the range settings above.
  VitOptions vit;

  // [SECTION] Animation (scene/timeline.hpp): the computation as it stands at `time`
  bool animate = false;  // false: the finished computation, as above
  AnimationMode animation_mode = AnimationMode::WholeMatrix;
  double time = 0.0;  // seconds into the timeline
};

// The colormap that suits a value: diverging for signed scores, viridis for weights. The UI
// applies it when the user switches `value` (the user may still pick another).
inline Colormap suggestedColormap(BarValue value) {
  return value == BarValue::Weights ? Colormap::Viridis : Colormap::Diverging;
}

}  // namespace scene
