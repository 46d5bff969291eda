// scene::buildOverview — every layer and head of a model's attention as small height-fields in one
// grid: the bertviz "model view", in 3D. Pure, like scene::build.
//
// Layout (y up, 1 world unit per cell, query = row, key = column as in build.hpp):
//   - The field of (layer l, head h) is N × M bars at origin (h · pitch_x, l · pitch_z): heads run
//     along +x, layers along +z, so the grid reads like a table (layer 0 at the back).
//   - With view.overview_aggregates, each layer's mean and max over heads follow its heads after
//     one more gap (FieldLayout::head kHeadMean, kHeadMax).
//   - Gaps are whole cells, so every bar lies on one lattice (the renderer's height-map level of
//     detail rasterises the grid in one texture).
//   - Large files reduce detail: above kOverviewCellBudget cells, each field pools blocks of
//     pool × pool cells into one bar holding the block's largest weight (peaks survive), so the
//     scene stays within the budget; FieldLayout::rows/cols are the pooled sizes and a picked
//     cell (i, j) covers queries i·pool … and keys j·pool ….
//   - Bars show the weights (masked cells — 0 in every head of the layer — flat and grey), heights
//     value × overviewHeightScale, colours over one range for every field. Each field is titled
//     "L3 H5" ("L3 mean", "L3 max") above its back edge; the selected field (view.layer and
//     view.selected_head, or view.aggregate) is titled in the output colour on a brighter grid.
#pragma once

#include <cstddef>
#include <cstdint>

#include "attn/model_attention.hpp"
#include "scene/build.hpp"

namespace scene {

inline constexpr size_t kOverviewCellBudget = size_t{4} << 20;  // 4M bars (64 MiB)

struct OverviewGrid {
  int columns = 0;         // fields per layer: H, plus 2 with the aggregates
  int pool = 1;            // cells per bar along each axis (1: every cell)
  int rows = 0, cols = 0;  // bars per field: ceil(N / pool), ceil(M / pool)
  int gap = 0;             // whole cells between fields
  float pitch_x = 0, pitch_z = 0;
  float aggregate_x = 0;   // x of the mean field's origin (0 without aggregates)
  float height_scale = 0;  // world units per unit of weight
};
OverviewGrid overviewGrid(const attn::ModelAttention& model, const ViewOptions& view);

// Bars buildOverview emits: L × (H [+ 2]) × rows × cols.
size_t overviewCellCount(const attn::ModelAttention& model, const ViewOptions& view);

// The field title: "L3 H5", "L3 mean", "L3 max".
std::string overviewTitle(int layer, int head);

// An empty model gives an empty scene. `revision` is copied into SceneData::revision.
void buildOverview(const attn::ModelAttention& model, const ViewOptions& view, uint64_t revision,
                   SceneData& out, SceneLayout& layout);

}  // namespace scene
