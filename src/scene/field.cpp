#include "scene/field.hpp"

#include <algorithm>
#include <cmath>

namespace scene {

std::string shortLabel(const std::string& text, int max_chars) {
  // Byte offsets where code points start (continuation bytes are 10xxxxxx).
  std::vector<size_t> starts;
  for (size_t k = 0; k < text.size(); ++k)
    if ((static_cast<unsigned char>(text[k]) & 0xC0u) != 0x80u) starts.push_back(k);
  if (static_cast<int>(starts.size()) <= max_chars) return text;
  const int kept = std::max(max_chars - 1, 1);
  return text.substr(0, starts[static_cast<size_t>(kept)]) + "\xe2\x80\xa6";  // …
}

namespace detail {

void resetScene(SceneData& out, SceneLayout& layout, uint64_t revision, float bar_gap) {
  out.revision = revision;
  out.bars.clear();  // clear() keeps the capacity
  out.levels.clear();
  out.arrows.clear();
  out.labels.clear();
  out.grids.clear();
  out.ground = {};
  out.bounds_min = out.bounds_max = glm::vec3(0.0f);
  out.caption.clear();
  out.formula.clear();
  out.detail.clear();
  layout.fields.clear();
  layout.arrow_tags.clear();
  layout.range = {};
  layout.value = BarValue::Weights;
  layout.qk_space = layout.v_space = {};
  layout.vit.reset();
  out.bar_footprint = layout.bar_footprint = 1.0f - std::clamp(bar_gap, 0.0f, 0.9f);
}

Rgba8 dim(Rgba8 c, float f) {
  // + 0.5 and truncate: lround for these non-negative values, without the libm call (hot loop).
  auto scaled = [&](int ch) { return static_cast<uint8_t>(channel(c, ch) * f + 0.5f); };
  return packRgba(scaled(0), scaled(1), scaled(2), channel(c, 3));
}

void addFieldBars(const CellValues& cells, const FieldLayout& f, const ColorScale& colors,
                  float height_scale, int highlight_row, SceneData& out) {
  for (int i = 0; i < f.rows; ++i) {
    const bool dimmed = highlight_row >= 0 && i != highlight_row;
    for (int j = 0; j < f.cols; ++j) {
      const float v = cells(i, j);
      BarInstance bar;
      bar.x = f.origin.x + static_cast<float>(j);
      bar.z = f.origin.y + static_cast<float>(i);
      bar.color = colors(v);  // kNanColor for masked and NaN cells
      if (std::isfinite(v)) bar.height = v * height_scale;
      if (dimmed) bar.color = dim(bar.color, kDimFactor);
      out.bars.push_back(bar);
    }
  }
}

void addFieldGrid(const FieldLayout& f, float spacing, SceneData& out) {
  GroundGrid grid;
  grid.min = {f.origin.x - 0.5f, f.origin.y - 0.5f};
  grid.max = {f.origin.x + static_cast<float>(f.cols) - 0.5f,
              f.origin.y + static_cast<float>(f.rows) - 0.5f};
  grid.spacing = spacing;
  grid.y = f.base;
  out.grids.push_back(grid);
}

void addLabel(SceneData& out, glm::vec3 position, std::string text, Rgba8 color, LabelAlign align,
              float scale) {
  out.labels.push_back({position, std::move(text), color, align, scale});
}

std::string tokenText(const std::vector<std::string>& tokens, int index) {
  return index < static_cast<int>(tokens.size()) ? shortLabel(tokens[static_cast<size_t>(index)])
                                                 : std::to_string(index);
}

ColorScale weightColors(const ViewOptions& view, float top, SceneLayout& layout) {
  layout.range = view.auto_range
                     ? sanitizeRange({0.0f, top}, view.range_scale)
                     : sanitizeRange({view.range_min, view.range_max}, view.range_scale);
  layout.value = BarValue::Weights;
  layout.colormap = isDiverging(view.colormap) ? Colormap::Viridis : view.colormap;
  layout.range_scale = view.range_scale;
  return ColorScale(layout.colormap, layout.range, view.range_scale);
}

void finishBounds(SceneData& out, SceneLayout& layout) {
  Bounds b;
  // Bars: each field's footprint box, from its lowest to its highest bar (0 included).
  const float half = 0.5f * out.bar_footprint;
  for (FieldLayout& f : layout.fields) {
    const size_t end = f.first_bar + static_cast<size_t>(f.rows) * static_cast<size_t>(f.cols);
    for (size_t k = f.first_bar; k < end && k < out.bars.size(); ++k) {
      f.min_height = std::min(f.min_height, out.bars[k].height);
      f.max_height = std::max(f.max_height, out.bars[k].height);
    }
    b.add({f.origin.x - half, f.base + f.min_height, f.origin.y - half});
    b.add({f.origin.x + static_cast<float>(f.cols - 1) + half, f.base + f.max_height,
           f.origin.y + static_cast<float>(f.rows - 1) + half});
  }
  for (const ArrowInstance& a : out.arrows) {
    for (const glm::vec3 p : {a.origin, a.origin + a.vector}) {
      b.add(p - glm::vec3(2.0f * a.radius));
      b.add(p + glm::vec3(2.0f * a.radius));
    }
  }
  for (const GroundGrid& g : out.grids) {
    b.add({g.min.x, g.y, g.min.y});
    b.add({g.max.x, g.y, g.max.y});
  }
  for (const Label& l : out.labels)
    b.add(l.position);
  if (!b.empty()) {
    out.bounds_min = b.lo;
    out.bounds_max = b.hi;
  }
}

}  // namespace detail
}  // namespace scene
