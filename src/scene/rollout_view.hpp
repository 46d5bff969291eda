// scene::buildRollout — attention rollout (attn/rollout.hpp) as a stack of layer surfaces joined
// by flows, so the path from the input tokens to one output token can be followed. Pure.
//
// Layout (y up; query = row along +z, column along +x as in build.hpp):
//   - Level 0, on the ground: the N input tokens; the kMaxInputLabels the output draws on most
//     are labelled beside their diagonal cells (k, k), at least N/8 tokens apart.
//   - Level l + 1: R_l (after layer l) as an N × N field on a floor at y = (l + 1) · spacing: row
//     k is token k after layer l, column j the input token it draws on; bar height
//     value × height_scale above the floor (SceneData::levels); spacing and height_scale from
//     rolloutGeometry.
//   - Flows of the output token t (view.selected_query, else the last token): translucent
//     arrows from token k before layer l (the diagonal cell (k, k) of level l) to token k' after
//     it (cell (k', k') of level l + 1), for the largest shares F_{l+1}[k']·Â_l[k', k] of t
//     (attn::rolloutFlow), at most kMaxFlowsPerLayer per layer and none under
//     kMinFlowShare of that layer's largest; opacity and thickness grow with the share.
//   - Rows that carry less than kMinFlowShare of the largest share at their level are dimmed:
//     the bright rows are the path (at the top, only t's row).
//   - Labels: "R3  after layer 3" beside each level, "inputs" at the ground, a header naming t
//     and α above the stack.
// FieldLayout::layer is l for R_l's field; ArrowTag: role Output, token k', source k, head l,
// share.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "attn/tensor.hpp"
#include "scene/build.hpp"

namespace scene {

inline constexpr int kMaxFlowsPerLayer = 48;
inline constexpr float kMinFlowShare = 0.01f;
inline constexpr int kMaxInputLabels = 12;

struct RolloutInput {
  std::span<const attn::Matrix> mixing;   // Â_0 … Â_{L−1} (attn::rolloutMixing), [N, N] each
  std::span<const attn::Matrix> partial;  // R_0 … R_{L−1} (attn::rollout)
  std::span<const std::string> tokens;    // [N]; may be empty (tokens are numbered)
  float residual = 0.5f;                  // α, for the header
};

struct RolloutGeometry {
  float spacing = 0;       // between floors
  float height_scale = 0;  // world units per unit of R
};
RolloutGeometry rolloutGeometry(int layers, int n);

// Bars buildRollout emits: L × N × N.
size_t rolloutCellCount(const RolloutInput& in);

// Inconsistent input (no layers, shapes that differ) gives an empty scene.
void buildRollout(const RolloutInput& in, const ViewOptions& view, uint64_t revision,
                  SceneData& out, SceneLayout& layout);

}  // namespace scene
