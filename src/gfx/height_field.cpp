#include "gfx/height_field.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gfx {

namespace {

// Smallest non-negligible step between consecutive values along one axis (0 when all equal).
float latticePitch(std::span<const scene::BarInstance> bars, float scene::BarInstance::*axis,
                   float extent) {
  const float tolerance = std::max(extent, 1.0f) * 1e-5f;
  float pitch = std::numeric_limits<float>::infinity();
  for (size_t i = 1; i < bars.size(); ++i) {
    const float step = std::abs(bars[i].*axis - bars[i - 1].*axis);
    if (step > tolerance) pitch = std::min(pitch, step);
  }
  return std::isfinite(pitch) ? pitch : 0.0f;
}

// Empty texels next to an occupied one (8-neighbourhood) borrow its colour, keeping height 0: the
// mesh then slopes from the bars down to the ground at every gap and outer edge, a closed wall in
// the bars' colour, instead of ending in a raised sheet one could see under. Texels further away
// keep alpha 0 (not drawn).
void dilateColors(HeightField& field) {
  const int w = field.width, h = field.height;
  const std::vector<scene::Rgba8> source = field.colors;
  const auto at = [&](int x, int z) { return source[static_cast<size_t>(z) * w + x]; };
  constexpr int kOffsets[8][2] = {{-1, 0},  {1, 0},  {0, -1}, {0, 1},
                                  {-1, -1}, {1, -1}, {-1, 1}, {1, 1}};
  for (int z = 0; z < h; ++z) {
    for (int x = 0; x < w; ++x) {
      if ((at(x, z) >> 24) != 0) continue;
      for (const auto& [dx, dz] : kOffsets) {
        const int nx = x + dx, nz = z + dz;
        if (nx < 0 || nz < 0 || nx >= w || nz >= h || (at(nx, nz) >> 24) == 0) continue;
        field.colors[static_cast<size_t>(z) * w + x] = at(nx, nz);
        break;
      }
    }
  }
}

}  // namespace

HeightField rasterizeBars(std::span<const scene::BarInstance> bars, int maxSize) {
  HeightField field;
  if (bars.empty()) return field;
  glm::vec2 lo(std::numeric_limits<float>::infinity()), hi(-std::numeric_limits<float>::infinity());
  for (const auto& bar : bars) {
    lo = glm::min(lo, glm::vec2(bar.x, bar.z));
    hi = glm::max(hi, glm::vec2(bar.x, bar.z));
  }
  const glm::vec2 span = hi - lo;
  glm::vec2 pitch(latticePitch(bars, &scene::BarInstance::x, span.x),
                  latticePitch(bars, &scene::BarInstance::z, span.y));
  // A single row or column: borrow the other axis' pitch (or 1) so texels stay square.
  if (pitch.x <= 0.0f) pitch.x = pitch.y > 0.0f ? pitch.y : 1.0f;
  if (pitch.y <= 0.0f) pitch.y = pitch.x;

  const auto cells = [](float length, float step) {
    return static_cast<int64_t>(std::llround(length / step)) + 1;
  };
  const int64_t cellsX = cells(span.x, pitch.x), cellsZ = cells(span.y, pitch.y);
  const int64_t limit = std::max(maxSize - 2, 2);  // room for the border
  // Cells per texel along each axis.
  const int64_t blockX = (cellsX + limit - 1) / limit, blockZ = (cellsZ + limit - 1) / limit;
  // One empty texel of border on every side: the ground the outer walls slope down to.
  field.width = static_cast<int>((cellsX + blockX - 1) / blockX) + 2;
  field.height = static_cast<int>((cellsZ + blockZ - 1) / blockZ) + 2;
  field.cellSize = pitch * glm::vec2(static_cast<float>(blockX), static_cast<float>(blockZ));
  // A merged texel sits at the centre of its block of cells; texel 0 is the border.
  field.origin =
      lo +
      0.5f * pitch * glm::vec2(static_cast<float>(blockX - 1), static_cast<float>(blockZ - 1)) -
      field.cellSize;
  const size_t texels = static_cast<size_t>(field.width) * static_cast<size_t>(field.height);
  field.heights.assign(texels, 0.0f);
  field.colors.assign(texels, 0u);
  for (const auto& bar : bars) {
    const int64_t cx = std::llround((bar.x - lo.x) / pitch.x);
    const int64_t cz = std::llround((bar.z - lo.y) / pitch.y);
    const size_t texel = static_cast<size_t>(cz / blockZ + 1) * static_cast<size_t>(field.width) +
                         static_cast<size_t>(cx / blockX + 1);
    const bool empty = (field.colors[texel] >> 24) == 0;
    if (empty || std::abs(bar.height) > std::abs(field.heights[texel])) {
      field.heights[texel] = bar.height;
      // Keep the texel marked as occupied even if the bar's colour is transparent.
      field.colors[texel] = bar.color | 0xff000000u;
    }
  }
  dilateColors(field);
  return field;
}

std::vector<glm::vec4> heightsAndSlopes(const HeightField& field) {
  const int w = field.width, h = field.height;
  std::vector<glm::vec4> out(field.heights.size());
  const auto at = [&](int x, int z) {
    return field.heights[static_cast<size_t>(std::clamp(z, 0, h - 1)) * static_cast<size_t>(w) +
                         static_cast<size_t>(std::clamp(x, 0, w - 1))];
  };
  for (int z = 0; z < h; ++z) {
    for (int x = 0; x < w; ++x) {
      out[static_cast<size_t>(z) * static_cast<size_t>(w) + static_cast<size_t>(x)] = {
          at(x, z), 0.5f * (at(x + 1, z) - at(x - 1, z)), 0.5f * (at(x, z + 1) - at(x, z - 1)),
          0.0f};
    }
  }
  return out;
}

glm::vec2 footprintCenter(std::span<const scene::BarInstance> bars) {
  if (bars.empty()) return glm::vec2(0.0f);
  glm::vec2 low(bars[0].x, bars[0].z), high = low;
  for (const scene::BarInstance& bar : bars) {
    low = glm::min(low, glm::vec2(bar.x, bar.z));
    high = glm::max(high, glm::vec2(bar.x, bar.z));
  }
  return 0.5f * (low + high);
}

std::vector<scene::BarLevel> barRuns(size_t barCount, std::span<const scene::BarLevel> levels) {
  std::vector<scene::BarLevel> runs;
  size_t at = 0;
  for (const scene::BarLevel& level : levels) {
    const size_t first = std::max(level.first, at);
    const size_t end = std::min(level.first + level.count, barCount);
    if (end <= first) continue;
    if (first > at) runs.push_back({at, first - at, 0.0f});
    runs.push_back({first, end - first, level.base});
    at = end;
  }
  if (at < barCount) runs.push_back({at, barCount - at, 0.0f});
  return runs;
}

}  // namespace gfx
