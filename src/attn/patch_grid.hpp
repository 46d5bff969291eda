// A Vision Transformer's view of an image: W×H pixels split into P×P patches, each patch a token,
// with an optional CLS token in front (token 0 = CLS, patches 1…P²; without CLS patch k is token
// k). Patches are numbered row-major from the top-left: patch k is row k / P, column k % P.
//
// Non-square images keep a P×P grid of non-square patches, as a ViT sees an image it resized to a
// square: patch column c covers the pixel columns x with ⌊x·P/W⌋ = c, i.e. [⌈c·W/P⌉, ⌈(c+1)·W/P⌉),
// and likewise for rows with H. Every pixel belongs to exactly one patch and the maps are exact
// integer arithmetic; when P does not divide W, patch widths differ by at most one pixel.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace attn {

// Pixels [x0, x1) × [y0, y1).
struct PixelRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  int width() const { return x1 - x0; }
  int height() const { return y1 - y0; }
  friend bool operator==(const PixelRect&, const PixelRect&) = default;
};

class PatchGrid {
 public:
  PatchGrid() = default;  // empty: no pixels, no patches
  // Throws core::UsageError unless width, height >= 1 and 1 <= patches <= min(width, height)
  // (every patch needs at least one pixel).
  PatchGrid(int width, int height, int patches, bool cls);
  // The grid of an attention map over `tokens` tokens: P² (no CLS) or 1 + P² (CLS); nullopt for
  // any other count or when P does not fit the image.
  static std::optional<PatchGrid> fromTokenCount(int width, int height, int tokens);

  int width() const { return m_width; }
  int height() const { return m_height; }
  int patches() const { return m_patches; }  // P, per side
  bool cls() const { return m_cls; }
  int patchCount() const { return m_patches * m_patches; }
  int tokenCount() const { return patchCount() + (m_cls ? 1 : 0); }

  // [SECTION] Pixels ↔ patches (x in [0, W), y in [0, H))
  int columnOf(int x) const;
  int rowOf(int y) const;
  int patchAt(int x, int y) const;  // -1 outside the image
  // Image coordinates u = x/W, v = y/H in [0, 1) → patch, -1 outside (the top-left corner is
  // (0, 0); u = 1 is past the right edge).
  int patchAtUv(double u, double v) const;
  PixelRect pixels(int patch) const;
  int rowOfPatch(int patch) const { return patch / m_patches; }
  int columnOfPatch(int patch) const { return patch % m_patches; }
  int patchOf(int row, int column) const { return row * m_patches + column; }

  // [SECTION] Patches ↔ tokens
  int tokenOf(int patch) const { return patch + (m_cls ? 1 : 0); }
  // -1 for the CLS token and for tokens outside [0, tokenCount()).
  int patchOfToken(int token) const;
  bool isCls(int token) const { return m_cls && token == 0; }
  // "CLS", then "r0c0", "r0c1", … (row and column of each patch).
  std::string tokenName(int token) const;
  std::vector<std::string> tokenNames() const;

 private:
  int m_width = 0, m_height = 0, m_patches = 0;
  bool m_cls = false;
};

}  // namespace attn
