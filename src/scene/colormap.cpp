#include "scene/colormap.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>

namespace scene {
namespace {

#include "scene/colormap_tables.inc"

constexpr const char* kNames[kColormapCount] = {"viridis", "magma",   "inferno",
                                                "plasma",  "cividis", "RdBu_r"};

std::string formatTick(double value, double step) {
  char buf[32];
  if (value != 0.0 && (std::abs(value) >= 1e5 || std::abs(value) < 1e-3)) {
    std::snprintf(buf, sizeof buf, "%.0e", value);
  } else {
    // Enough decimals to tell neighbouring ticks apart, no more.
    const int decimals = std::clamp(static_cast<int>(-std::floor(std::log10(step) + 1e-9)), 0, 6);
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  }
  return buf;
}

// Smallest 1, 2 or 5 × 10^k that is >= raw.
double niceStep(double raw) {
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double f : {1.0, 2.0, 5.0, 10.0}) {
    if (f * p >= raw * (1 - 1e-9)) return f * p;
  }
  return 10.0 * p;
}

}  // namespace

const char* colormapName(Colormap map) {
  return kNames[static_cast<int>(map)];
}

bool isDiverging(Colormap map) {
  return map == Colormap::Diverging;
}

std::span<const std::array<uint8_t, 3>, 256> colormapTable(Colormap map) {
  switch (map) {
    case Colormap::Viridis:
      return kViridis;
    case Colormap::Magma:
      return kMagma;
    case Colormap::Inferno:
      return kInferno;
    case Colormap::Plasma:
      return kPlasma;
    case Colormap::Cividis:
      return kCividis;
    case Colormap::Diverging:
      return kDiverging;
  }
  assert(false && "colormapTable: unknown colormap");
  return kViridis;
}

ValueRange sanitizeRange(ValueRange range, RangeScale scale) {
  if (!std::isfinite(range.min) || !std::isfinite(range.max)) range = {0.0f, 1.0f};
  if (range.min > range.max) std::swap(range.min, range.max);
  if (scale == RangeScale::Log) {
    if (range.max <= 0.0f) range = {1e-3f, 1.0f};
    if (range.min <= 0.0f) range.min = range.max * 1e-3f;
  }
  if (range.min == range.max) {
    // A constant field still needs a colour: put it in the middle of a wider range.
    range = scale == RangeScale::Log ? ValueRange{range.min / 10.0f, range.max * 10.0f}
                                     : ValueRange{range.min - 0.5f, range.max + 0.5f};
  }
  return range;
}

ColorScale::ColorScale(Colormap map, ValueRange range, RangeScale scale)
    : m_table(colormapTable(map)), m_log(scale == RangeScale::Log) {
  range = sanitizeRange(range, scale);
  m_lo = m_log ? std::log10(range.min) : range.min;
  m_span = (m_log ? std::log10(range.max) : range.max) - m_lo;
}

float normalize(float value, ValueRange range, RangeScale scale) {
  return ColorScale(Colormap::Viridis, range, scale).position(value);
}

Rgba8 sampleColormap(Colormap map, float t) {
  return ColorScale(map, {0.0f, 1.0f}, RangeScale::Linear).sample(t);
}

Rgba8 mapValue(Colormap map, float value, ValueRange range, RangeScale scale) {
  return ColorScale(map, range, scale)(value);
}

std::vector<ColorbarTick> colorbarTicks(ValueRange range, RangeScale scale, int max_ticks) {
  range = sanitizeRange(range, scale);
  max_ticks = std::max(max_ticks, 2);
  const double lo = range.min, hi = range.max;
  std::vector<ColorbarTick> ticks;
  auto add = [&](double v, double step) {
    const auto value = static_cast<float>(v);
    ticks.push_back({value, normalize(value, range, scale), formatTick(v, step)});
  };

  if (scale == RangeScale::Linear) {
    const double step = niceStep((hi - lo) / (max_ticks - 1));
    for (double k = std::ceil(lo / step - 1e-6); k * step <= hi + step * 1e-6; k += 1.0) {
      add(k == 0.0 ? 0.0 : k * step, step);  // k == 0 exactly: no "-0"
    }
    return ticks;
  }

  // Log: decades, thinned to at most max_ticks; 2× and 5× filled in when fewer than two fit.
  const int first = static_cast<int>(std::ceil(std::log10(lo) - 1e-6));
  const int last = static_cast<int>(std::floor(std::log10(hi) + 1e-6));
  const int decades = last - first + 1;
  if (decades >= 2) {
    const int stride = (decades + max_ticks - 1) / max_ticks;
    for (int e = first; e <= last; e += stride)
      add(std::pow(10.0, e), std::pow(10.0, e));
    return ticks;
  }
  for (int e = first - 1; e <= last; ++e) {
    for (const double f : {1.0, 2.0, 5.0}) {
      const double v = f * std::pow(10.0, e);
      if (v >= lo * (1 - 1e-6) && v <= hi * (1 + 1e-6)) add(v, std::pow(10.0, e));
    }
  }
  return ticks;
}

}  // namespace scene
