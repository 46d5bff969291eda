// Bars resampled onto a regular texel grid for the height-map level of detail (pure, no GL).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <glm/glm.hpp>

#include "scene/scene_data.hpp"

namespace gfx {

struct HeightField {
  int width = 0, height = 0;         // texels along x and z
  glm::vec2 origin{0.0f};            // world x, z of texel (0, 0)'s centre
  glm::vec2 cellSize{1.0f};          // world distance between texel centres along x, z
  std::vector<float> heights;        // width * height, row-major (z rows), 0 where no bar
  std::vector<scene::Rgba8> colors;  // alpha 0 where no bar

  glm::vec2 extent() const {
    return {cellSize.x * static_cast<float>(width - 1),
            cellSize.y * static_cast<float>(height - 1)};
  }
};

// Bars are assumed to lie on a lattice (the scene lays cells out row by row, with gaps between
// heads); its pitch is the smallest step between consecutive bars along each axis. Cells that hold
// no bar stay empty (alpha 0). When the lattice is larger than `maxSize` texels along an axis,
// blocks of cells merge into one texel keeping the bar of largest |height| (peaks survive).
HeightField rasterizeBars(std::span<const scene::BarInstance> bars, int maxSize);

}  // namespace gfx
