// The patch grid: pixel ↔ patch ↔ token maps, exact at every border, with and without CLS.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "attn/patch_grid.hpp"
#include "core/error.hpp"

using attn::PatchGrid;
using attn::PixelRect;

TEST_CASE("patch grid: every pixel lies in the patch whose rectangle holds it") {
  // Square and non-square, dividing and not dividing, one pixel per patch.
  for (const std::array<int, 3>& size :
       {std::array{256, 256, 16}, std::array{100, 37, 7}, std::array{33, 64, 32},
        std::array{5, 5, 5}, std::array{9, 4, 4}}) {
    // Plain copies: clang 14 cannot capture a structured binding in CAPTURE's lambda.
    const int w = size[0], h = size[1], p = size[2];
    CAPTURE(w);
    CAPTURE(h);
    CAPTURE(p);
    const PatchGrid g(w, h, p, false);
    std::vector<int> count(static_cast<size_t>(g.patchCount()), 0);
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        const int k = g.patchAt(x, y);
        REQUIRE(k >= 0);
        REQUIRE(k < g.patchCount());
        const PixelRect r = g.pixels(k);
        REQUIRE((x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1));
        ++count[static_cast<size_t>(k)];
      }
    }
    // The rectangles tile the image: each patch holds exactly its rectangle's pixels, and their
    // sizes differ by at most one pixel per side.
    int min_w = w, max_w = 0, min_h = h, max_h = 0;
    for (int k = 0; k < g.patchCount(); ++k) {
      const PixelRect r = g.pixels(k);
      CHECK(count[static_cast<size_t>(k)] == r.width() * r.height());
      min_w = std::min(min_w, r.width());
      max_w = std::max(max_w, r.width());
      min_h = std::min(min_h, r.height());
      max_h = std::max(max_h, r.height());
    }
    CHECK(min_w >= 1);
    CHECK(min_h >= 1);
    CHECK(max_w - min_w <= 1);
    CHECK(max_h - min_h <= 1);
  }
}

TEST_CASE("patch grid: borders, rows and columns") {
  const PatchGrid g(100, 60, 4, false);  // patches of 25 x 15 pixels
  CHECK(g.patchAt(0, 0) == 0);
  CHECK(g.patchAt(24, 14) == 0);
  CHECK(g.patchAt(25, 14) == 1);
  CHECK(g.patchAt(24, 15) == 4);
  CHECK(g.patchAt(99, 59) == 15);
  CHECK(g.pixels(0) == PixelRect{0, 0, 25, 15});
  CHECK(g.pixels(15) == PixelRect{75, 45, 100, 60});
  CHECK(g.pixels(6) == PixelRect{50, 15, 75, 30});
  // Outside the image.
  CHECK(g.patchAt(-1, 0) == -1);
  CHECK(g.patchAt(0, -1) == -1);
  CHECK(g.patchAt(100, 0) == -1);
  CHECK(g.patchAt(0, 60) == -1);
  CHECK(g.rowOfPatch(6) == 1);
  CHECK(g.columnOfPatch(6) == 2);
  CHECK(g.patchOf(1, 2) == 6);
}

TEST_CASE("patch grid: image coordinates u, v") {
  const PatchGrid g(100, 60, 4, false);
  CHECK(g.patchAtUv(0.0, 0.0) == 0);
  CHECK(g.patchAtUv(0.2499, 0.0) == 0);
  CHECK(g.patchAtUv(0.25, 0.0) == 1);
  CHECK(g.patchAtUv(0.999999, 0.999999) == 15);
  CHECK(g.patchAtUv(1.0, 0.5) == -1);
  CHECK(g.patchAtUv(0.5, 1.0) == -1);
  CHECK(g.patchAtUv(-0.001, 0.5) == -1);
  CHECK(g.patchAtUv(std::nan(""), 0.5) == -1);
  // Each patch's centre pixel maps back to it.
  for (int k = 0; k < g.patchCount(); ++k) {
    const PixelRect r = g.pixels(k);
    CHECK(g.patchAtUv((r.x0 + r.x1) / 2.0 / 100.0, (r.y0 + r.y1) / 2.0 / 60.0) == k);
  }
}

TEST_CASE("patch grid: tokens with and without CLS") {
  const PatchGrid plain(64, 64, 8, false);
  CHECK(plain.tokenCount() == 64);
  CHECK(plain.tokenOf(0) == 0);
  CHECK(plain.patchOfToken(63) == 63);
  CHECK(plain.patchOfToken(64) == -1);
  CHECK_FALSE(plain.isCls(0));
  CHECK(plain.tokenName(0) == "r0c0");

  const PatchGrid cls(64, 64, 8, true);
  CHECK(cls.tokenCount() == 65);
  CHECK(cls.isCls(0));
  CHECK(cls.patchOfToken(0) == -1);
  CHECK(cls.patchOfToken(-1) == -1);
  CHECK(cls.patchOfToken(65) == -1);
  for (int k = 0; k < cls.patchCount(); ++k) {
    CHECK(cls.tokenOf(k) == k + 1);
    CHECK(cls.patchOfToken(cls.tokenOf(k)) == k);
  }
  const auto names = cls.tokenNames();
  REQUIRE(names.size() == 65);
  CHECK(names[0] == "CLS");
  CHECK(names[1] == "r0c0");
  CHECK(names[10] == "r1c1");
  CHECK(names[64] == "r7c7");
  CHECK(std::set<std::string>(names.begin(), names.end()).size() == names.size());
}

TEST_CASE("patch grid: from an attention map's token count") {
  const auto a = PatchGrid::fromTokenCount(224, 224, 197);  // ViT-B/16: 1 + 14²
  REQUIRE(a);
  CHECK(a->patches() == 14);
  CHECK(a->cls());
  const auto b = PatchGrid::fromTokenCount(224, 224, 196);
  REQUIRE(b);
  CHECK(b->patches() == 14);
  CHECK_FALSE(b->cls());
  CHECK_FALSE(PatchGrid::fromTokenCount(224, 224, 198));
  CHECK_FALSE(PatchGrid::fromTokenCount(224, 224, 0));
  CHECK_FALSE(PatchGrid::fromTokenCount(10, 224, 197));  // 14 patches need 14 pixels a side
}

TEST_CASE("patch grid: impossible sizes are refused with the reason") {
  CHECK_THROWS_WITH_AS(PatchGrid(20, 300, 32, true),
                       doctest::Contains("at least one pixel (at most 20 per side)"),
                       core::UsageError);
  CHECK_THROWS_AS(PatchGrid(0, 10, 1, false), core::UsageError);
  CHECK_THROWS_AS(PatchGrid(10, 10, 0, false), core::UsageError);
  CHECK_NOTHROW(PatchGrid(32, 32, 32, true));
}
