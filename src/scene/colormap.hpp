// 256-entry colormaps (tables generated from matplotlib by tools/make_colormaps.py), value → colour
// with linear or log normalisation, and colour-bar ticks for the legend.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "scene/scene_data.hpp"

namespace scene {

enum class Colormap : uint8_t { Viridis, Magma, Inferno, Plasma, Cividis, Diverging };
inline constexpr int kColormapCount = 6;

enum class RangeScale : uint8_t {
  Linear,
  Log,  // log10 between range.min > 0 and range.max; values <= 0 take the lowest colour
};

struct ValueRange {
  float min = 0.0f, max = 1.0f;
};

// Colour of NaN/Inf values and of masked cells.
inline constexpr Rgba8 kNanColor = 0xff808080u;

// "viridis", …, "RdBu_r" (the matplotlib name the table came from).
const char* colormapName(Colormap map);
bool isDiverging(Colormap map);
std::span<const std::array<uint8_t, 3>, 256> colormapTable(Colormap map);

constexpr Rgba8 packRgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) {
  return static_cast<Rgba8>(r) | static_cast<Rgba8>(g) << 8 | static_cast<Rgba8>(b) << 16 |
         static_cast<Rgba8>(a) << 24;
}
constexpr uint8_t channel(Rgba8 c, int i) {
  return static_cast<uint8_t>(c >> (8 * i));
}
// The colour with its alpha replaced by `alpha` in [0, 1] (clamped).
inline Rgba8 withAlpha(Rgba8 c, float alpha) {
  const auto a = static_cast<uint8_t>(std::lround(std::clamp(alpha, 0.0f, 1.0f) * 255.0f));
  return (c & 0x00ffffffu) | static_cast<Rgba8>(a) << 24;
}

// A range valid for `scale`: min < max, and min > 0 for Log (a non-positive min becomes max/1000).
ValueRange sanitizeRange(ValueRange range, RangeScale scale);

// Value → colour for one range, set up once (the builder maps millions of cells with it).
class ColorScale {
 public:
  ColorScale(Colormap map, ValueRange range, RangeScale scale);

  // Position of `value` in the range, clamped to [0, 1]; NaN for NaN/Inf input.
  float position(float value) const {
    if (!std::isfinite(value)) return NAN;
    float t = 0.0f;
    if (m_log) {
      if (value <= 0.0f) return 0.0f;
      t = (std::log10(value) - m_lo) / m_span;
    } else {
      t = (value - m_lo) / m_span;
    }
    return std::clamp(t, 0.0f, 1.0f);
  }
  // Nearest of the 256 entries; NaN/Inf → kNanColor.
  Rgba8 operator()(float value) const { return sample(position(value)); }
  Rgba8 sample(float t) const {
    if (std::isnan(t)) return kNanColor;
    const auto& rgb = m_table[static_cast<size_t>(std::clamp(t, 0.0f, 1.0f) * 255.0f + 0.5f)];
    return packRgba(rgb[0], rgb[1], rgb[2]);
  }

 private:
  std::span<const std::array<uint8_t, 3>, 256> m_table;
  float m_lo = 0, m_span = 1;  // of the value, or of log10(value)
  bool m_log = false;
};

// Position of `value` in the range, clamped to [0, 1]; NaN for NaN/Inf input.
float normalize(float value, ValueRange range, RangeScale scale);

// Colour at t in [0, 1] (clamped; nearest of the 256 entries); NaN → kNanColor.
Rgba8 sampleColormap(Colormap map, float t);

// normalize + sampleColormap.
Rgba8 mapValue(Colormap map, float value, ValueRange range, RangeScale scale);

struct ColorbarTick {
  float value = 0;     // data value
  float position = 0;  // where it sits on the bar, in [0, 1] (normalize of value)
  std::string label;   // short text: "0.25", "-2", "1e-05"
};

// Round-number ticks inside the range for a legend: 1, 2 or 5 × 10^k steps (Linear, at most
// `max_ticks`), or decades with 2× and 5× added when there are too few (Log).
std::vector<ColorbarTick> colorbarTicks(ValueRange range, RangeScale scale, int max_ticks = 6);

}  // namespace scene
