// Bars resampled onto a regular texel grid for the height-map level of detail (pure, no GL).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <glm/glm.hpp>

#include "scene/scene_data.hpp"

namespace gfx {

struct HeightField {
  int width = 0, height = 0;   // texels along x and z
  glm::vec2 origin{0.0f};      // world x, z of texel (0, 0)'s centre
  glm::vec2 cellSize{1.0f};    // world distance between texel centres along x, z
  std::vector<float> heights;  // width * height, row-major (z rows), 0 where no bar
  // Opaque where a bar is or next to one (the slope down to the ground takes the bar's colour),
  // alpha 0 elsewhere (not drawn).
  std::vector<scene::Rgba8> colors;

  glm::vec2 extent() const {
    return {cellSize.x * static_cast<float>(width - 1),
            cellSize.y * static_cast<float>(height - 1)};
  }
};

// Bars are assumed to lie on a lattice (the scene lays cells out row by row, with gaps between
// heads); its pitch is the smallest step between consecutive bars along each axis. Cells that hold
// no bar have height 0, and the field has one such texel of border all round. When the lattice is
// larger than `maxSize` texels along an axis, blocks of cells merge into one texel keeping the bar
// of largest |height| (peaks survive).
HeightField rasterizeBars(std::span<const scene::BarInstance> bars, int maxSize);

// Per texel: its height, then the height's central differences along x and z per texel (half the
// step from the previous to the next texel, the edge texel standing for the one past it), for a
// vertex shader to light the surface with one texture fetch instead of five. Mip levels average
// the differences as they average the heights.
std::vector<glm::vec4> heightsAndSlopes(const HeightField& field);

// The middle of the bars' footprint on the ground: the centre of their x, z bounding box (0, 0
// without bars).
glm::vec2 footprintCenter(std::span<const scene::BarInstance> bars);

// The bars split into runs that stand on one floor each, in bar order: the scene's levels and
// the ground runs around them (base 0). Levels out of order, overlapping or past the end are
// clipped; every bar is in exactly one run.
std::vector<scene::BarLevel> barRuns(size_t barCount, std::span<const scene::BarLevel> levels);

}  // namespace gfx
