// What every scene builder shares (scene::build for one result, the overview of a model's layers
// and heads, the rollout stack): a field's bars from a row-major array of values, its ground
// grid, labels, colour helpers, and the bounds of the finished scene. Internal to scene/.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "scene/build.hpp"
#include "scene/colormap.hpp"
#include "scene/scene_data.hpp"

namespace scene::detail {

// One field's values, row-major [rows, cols]; masked (and missing) cells read NaN, drawn flat
// and grey.
struct CellValues {
  const float* values = nullptr;  // null: every cell missing
  const uint8_t* mask = nullptr;  // 1 = masked; null: nothing masked
  int cols = 0;
  float factor = 1.0f;  // multiplies every value (√d_k for raw scores)

  bool masked(int i, int j) const { return mask && mask[i * cols + j] != 0; }
  float operator()(int i, int j) const {
    return values && !masked(i, j) ? values[i * cols + j] * factor : NAN;
  }
};

// Empties the scene and its layout for a new build, keeping the arrays' capacity (large scenes
// cost more in fresh pages than in computing), and sets the revision and the bar footprint.
void resetScene(SceneData& out, SceneLayout& layout, uint64_t revision, float bar_gap);

Rgba8 dim(Rgba8 c, float f);

// Appends f.rows × f.cols bars (row-major, at f.origin + (j, i)), heights value × height_scale,
// colours from `colors`; when `highlight_row` >= 0 the other rows are dimmed by kDimFactor.
void addFieldBars(const CellValues& cells, const FieldLayout& f, const ColorScale& colors,
                  float height_scale, int highlight_row, SceneData& out);

// The grid under a field (at its floor, f.base), lines every `spacing` cells.
void addFieldGrid(const FieldLayout& f, float spacing, SceneData& out);

void addLabel(SceneData& out, glm::vec3 position, std::string text, Rgba8 color, LabelAlign align,
              float scale);

// tokens[index], or the index when the list is short.
std::string tokenText(const std::vector<std::string>& tokens, int index);

// The colours of attention weights from 0 to `top` (or the view's fixed range), with a
// sequential map (a diverging one is for signed scores): recorded in `layout` for the legend.
ColorScale weightColors(const ViewOptions& view, float top, SceneLayout& layout);

// Sets each field's min/max_height from its bars, and the scene's bounds from the fields, arrows,
// grids and label anchors.
void finishBounds(SceneData& out, SceneLayout& layout);

struct Bounds {
  glm::vec3 lo{std::numeric_limits<float>::max()};
  glm::vec3 hi{std::numeric_limits<float>::lowest()};
  void add(glm::vec3 p) {
    lo = glm::min(lo, p);
    hi = glm::max(hi, p);
  }
  bool empty() const { return lo.x > hi.x; }
};

}  // namespace scene::detail
