#include "attn/patch_grid.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/error.hpp"

namespace attn {

namespace {

// ⌊a·b / c⌋ and ⌈a·b / c⌉ for non-negative a, b and positive c, without overflow.
int floorMulDiv(int a, int b, int c) {
  return static_cast<int>(static_cast<int64_t>(a) * b / c);
}
int ceilMulDiv(int a, int b, int c) {
  return static_cast<int>((static_cast<int64_t>(a) * b + c - 1) / c);
}

// r with r·r == n, or -1.
int exactSqrt(int n) {
  if (n < 0) return -1;
  const auto r = static_cast<int>(std::lround(std::sqrt(static_cast<double>(n))));
  return r * r == n ? r : -1;
}

}  // namespace

PatchGrid::PatchGrid(int width, int height, int patches, bool cls)
    : m_width(width), m_height(height), m_patches(patches), m_cls(cls) {
  if (width < 1 || height < 1) {
    throw core::UsageError("an image of " + std::to_string(width) + "x" + std::to_string(height) +
                           " pixels has no patches");
  }
  const int most = std::min(width, height);
  if (patches < 1 || patches > most) {
    throw core::UsageError("a " + std::to_string(width) + "x" + std::to_string(height) +
                           " image cannot be split into " + std::to_string(patches) + "x" +
                           std::to_string(patches) +
                           " patches: each patch needs at least one pixel (at most " +
                           std::to_string(most) + " per side)");
  }
}

std::optional<PatchGrid> PatchGrid::fromTokenCount(int width, int height, int tokens) {
  int p = exactSqrt(tokens);
  bool cls = false;
  if (p < 1) {
    p = exactSqrt(tokens - 1);
    cls = true;
  }
  if (p < 1 || width < p || height < p) return std::nullopt;
  return PatchGrid(width, height, p, cls);
}

// [SECTION] Pixels ↔ patches

int PatchGrid::columnOf(int x) const {
  return floorMulDiv(x, m_patches, m_width);
}

int PatchGrid::rowOf(int y) const {
  return floorMulDiv(y, m_patches, m_height);
}

int PatchGrid::patchAt(int x, int y) const {
  if (x < 0 || y < 0 || x >= m_width || y >= m_height) return -1;
  return patchOf(rowOf(y), columnOf(x));
}

int PatchGrid::patchAtUv(double u, double v) const {
  if (!(u >= 0.0 && u < 1.0 && v >= 0.0 && v < 1.0)) return -1;  // NaN too
  // The pixel under (u, v); min() guards u·W rounding up to W for u just below 1.
  const int x = std::min(static_cast<int>(u * m_width), m_width - 1);
  const int y = std::min(static_cast<int>(v * m_height), m_height - 1);
  return patchAt(x, y);
}

PixelRect PatchGrid::pixels(int patch) const {
  const int r = rowOfPatch(patch), c = columnOfPatch(patch);
  return {ceilMulDiv(c, m_width, m_patches), ceilMulDiv(r, m_height, m_patches),
          ceilMulDiv(c + 1, m_width, m_patches), ceilMulDiv(r + 1, m_height, m_patches)};
}

// [SECTION] Patches ↔ tokens

int PatchGrid::patchOfToken(int token) const {
  const int patch = token - (m_cls ? 1 : 0);
  return patch >= 0 && patch < patchCount() ? patch : -1;
}

std::string PatchGrid::tokenName(int token) const {
  if (isCls(token)) return "CLS";
  const int patch = patchOfToken(token);
  if (patch < 0) return std::to_string(token);
  // Appended piece by piece: GCC 12 raises a false -Wrestrict on "r" + std::to_string(…).
  std::string name = "r";
  name += std::to_string(rowOfPatch(patch));
  name += 'c';
  name += std::to_string(columnOfPatch(patch));
  return name;
}

std::vector<std::string> PatchGrid::tokenNames() const {
  std::vector<std::string> names;
  names.reserve(static_cast<size_t>(tokenCount()));
  for (int t = 0; t < tokenCount(); ++t)
    names.push_back(tokenName(t));
  return names;
}

}  // namespace attn
