// scene::buildVit — the Vision Transformer view, pure like scene::build: an attention result over
// image patches (tokens: optional CLS, then P² patches, see attn/patch_grid.hpp), the image and
// the view options in; GPU-layout instances out.
//
// World layout (scene/patch_layout.hpp): the image lies on the ground, top-left at the origin,
// its longer side kImageWorldSize wide. For the query token q (view.selected_query, or the centre
// patch when none is selected):
//   - Bars: one per patch, standing on the patch centre, height = weight(q, patch) × scale with the
//     scale putting the tallest patch bar at vit.height; coloured by the colormap over [0, the
//     largest patch weight] (or the fixed range). Bars are translucent (vit.bar_opacity) and fade
//     out towards zero height, so the picture stays visible between, under and through them.
//   - CLS: its weight as a pillar beside the image's top-left corner, on the same scale (capped at
//     twice vit.height; its label gives the value).
//   - The query patch is outlined on the image (kQueryColor); a CLS query outlines the pillar.
//   - Overlay mode (vit.overlay): no patch bars; the weights become a translucent heat layer over
//     the flat picture, in the same colours. The CLS pillar stays (a tile seen from above).
// The shown row is the selected head's, the mean over heads, or a model file's rollout (vit.map;
// see vitModelResult).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "attn/attention.hpp"
#include "attn/model_attention.hpp"
#include "attn/patch_grid.hpp"
#include "core/image.hpp"
#include "scene/build.hpp"
#include "scene/patch_layout.hpp"
#include "scene/scene_data.hpp"
#include "scene/view_options.hpp"

namespace scene {

// The default query: the token of the centre patch (row P/2, column P/2).
int defaultQueryToken(const attn::PatchGrid& grid);
// The token of the sweep at view.vit.sweep when it is on, else view.selected_query when it is a
// token of the grid, else defaultQueryToken.
int vitQueryToken(const attn::PatchGrid& grid, const ViewOptions& view);

// The picture view's animation (what a recording shows): the query sweeps the patches row after
// row, left to right and then back right to left, so it never jumps across the picture,
// kVitSweepSeconds on each patch.
inline constexpr double kVitSweepSeconds = 0.1;
double vitSweepDuration(const attn::PatchGrid& grid);
int vitSweepToken(const attn::PatchGrid& grid, double seconds);  // seconds clamped to the sweep

// The weights of query token `query` over every key token [M]: head `head`'s row, or the mean of
// the rows of every head. Empty when the result has no such row.
std::vector<float> vitRow(const attn::Result& result, VitMap map, int head, int query);

// A model file's map as the result buildVit draws: layer `layer`'s heads (Head, MeanOverHeads),
// or the rollout through that layer (Rollout: `rollout` from attn::rollout, as a one-head result
// whose row vitRow reads as head 0). Throws core::UsageError for a layer out of range.
attn::Result vitModelResult(const attn::ModelAttention& model,
                            const std::vector<attn::Matrix>& rollout, int layer, VitMap map);

// The patch grid of a result over `image` (from its token count), or nullopt when the result's
// tokens are not P² or 1 + P² patches of that image, or it is not self-attention.
std::optional<attn::PatchGrid> vitGrid(const attn::Result& result, const core::Image& image);

// Builds into `out`, reusing its buffers; layout.vit is set (the attention-matrix fields stay
// empty, so pickCell finds nothing). A missing image, or a result that does not fit it, gives an
// empty scene (with the picture alone when there is one).
void buildVit(const attn::Result& result, const std::shared_ptr<const core::Image>& image,
              const ViewOptions& view, uint64_t revision, SceneData& out, SceneLayout& layout);
SceneData buildVit(const attn::Result& result, const std::shared_ptr<const core::Image>& image,
                   const ViewOptions& view, uint64_t revision, SceneLayout& layout);

}  // namespace scene
