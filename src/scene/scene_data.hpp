// What scene::build produces and gfx draws: plain arrays in GPU instance layout, no GL. Renderers
// re-upload an array only when `revision` changed since their last upload.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "core/image.hpp"

namespace scene {

// RGBA8 packed with red in the lowest byte (matches GL_UNSIGNED_BYTE x4, normalized).
using Rgba8 = uint32_t;

// One bar of a height-field, 16 bytes. The bar stands on the ground plane (y = 0) at (x, z) and
// rises to `height` (negative heights go below the ground). Its footprint is the scene's
// `bar_footprint` square, the same for every bar. A colour alpha below 255 draws it translucent
// (only the nearest bar surface blends over what lies behind the bars).
struct BarInstance {
  float x = 0, z = 0;
  float height = 0;
  Rgba8 color = 0;
};
static_assert(sizeof(BarInstance) == 16, "bar instances must stay 16 bytes");

// A 3D arrow (shaft + cone) from `origin` along `vector`, 32 bytes.
struct ArrowInstance {
  glm::vec3 origin{0.0f};
  glm::vec3 vector{0.0f};
  Rgba8 color = 0;   // alpha is the arrow's opacity
  float radius = 0;  // shaft radius in world units; the cone scales with it
};
static_assert(sizeof(ArrowInstance) == 32, "arrow instances must stay 32 bytes");

enum class LabelAlign : uint8_t { Center, Left, Right };

// Text anchored at a world position, drawn in screen space (constant pixel size).
struct Label {
  glm::vec3 position{0.0f};
  std::string text;
  Rgba8 color = 0xffffffffu;
  LabelAlign align = LabelAlign::Center;
  float scale = 1.0f;  // relative to the UI font size
};

// A flat grid on the ground plane (or the raised floor at `y`) covering [min, max] in x and z.
struct GroundGrid {
  glm::vec2 min{0.0f}, max{0.0f};
  float spacing = 1.0f;
  Rgba8 color = 0x40ffffffu;
  float y = 0.0f;
};

// A run of bars that stand on a raised floor at height `base` instead of the ground: the
// rollout's stacked layer surfaces. Bars outside every level stand on the ground.
struct BarLevel {
  size_t first = 0, count = 0;  // SceneData::bars range
  float base = 0.0f;
};

// A picture lying flat on the ground plane under the bars (the Vision Transformer view), with
// optional patch grid lines, a heat layer and one outlined cell. Drawn unlit, so it shows the
// picture's own colours.
struct GroundImage {
  std::shared_ptr<const core::Image> pixels;  // null: no picture (every other scene)
  glm::vec2 min{0.0f}, max{0.0f};  // world (x, z) of the top-left and bottom-right corners
  float brightness = 1.0f;         // multiplies the picture (dims it under bars)
  int grid_cells = 0;              // > 0: lines between grid_cells × grid_cells equal cells
  Rgba8 grid_color = 0x40ffffffu;
  // Heat layer: overlay_cols × overlay_rows colours (row-major from the top-left, alpha = opacity)
  // blended over the picture, interpolated smoothly between cell centres; empty: none.
  std::vector<Rgba8> overlay;
  int overlay_cols = 0, overlay_rows = 0;
  // An outlined rectangle (world x, z), e.g. the query patch; none when max <= min.
  glm::vec2 highlight_min{0.0f}, highlight_max{0.0f};
  Rgba8 highlight_color = 0xffffffffu;

  bool empty() const { return !pixels || pixels->rgba.empty(); }
};

struct SceneData {
  uint64_t revision = 0;       // bumped by the builder whenever any array below changes
  float bar_footprint = 0.9f;  // side of a bar's square footprint, world units
  std::vector<BarInstance> bars;
  std::vector<BarLevel> levels;  // ranges of `bars` on raised floors; empty: all on the ground
  std::vector<ArrowInstance> arrows;
  std::vector<Label> labels;
  std::vector<GroundGrid> grids;
  GroundImage ground;
  glm::vec3 bounds_min{0.0f}, bounds_max{0.0f};  // everything drawn, for framing the camera
  // While animating: the stage on screen, drawn as a caption over the scene ("3/8  Dot products"),
  // its formula, and a line of live numbers (the scale factor, a row's sum); else empty.
  std::string caption, formula, detail;
};

}  // namespace scene
