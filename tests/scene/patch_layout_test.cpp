// The image on the ground: placement, patch centres, ground points and rays → patches.
#include <doctest/doctest.h>

#include <array>
#include <cmath>

#include "scene/patch_layout.hpp"

using namespace scene;
using attn::PatchGrid;

TEST_CASE("patch layout: the longer side spans kImageWorldSize, top-left at the origin") {
  const ImageRect square = placeImage(256, 256);
  CHECK(square.min == glm::vec2(0.0f));
  CHECK(square.max == glm::vec2(kImageWorldSize));
  const ImageRect wide = placeImage(400, 100);
  CHECK(wide.max.x == doctest::Approx(kImageWorldSize));
  CHECK(wide.max.y == doctest::Approx(kImageWorldSize / 4.0f));
  const ImageRect tall = placeImage(50, 200);
  CHECK(tall.max.x == doctest::Approx(kImageWorldSize / 4.0f));
  CHECK(tall.max.y == doctest::Approx(kImageWorldSize));
  CHECK(placeImage(0, 10).size() == glm::vec2(0.0f));
}

TEST_CASE("patch layout: centres round-trip through the ground, rows run along +z") {
  for (const std::array<int, 3>& sizes :
       {std::array{256, 256, 16}, std::array{300, 120, 7}, std::array{64, 640, 32}}) {
    // Plain copies: clang 14 cannot capture a structured binding in CAPTURE's lambda.
    const int w = sizes[0], h = sizes[1], p = sizes[2];
    CAPTURE(w);
    CAPTURE(h);
    const PatchGrid g(w, h, p, true);
    const ImageRect rect = placeImage(w, h);
    const glm::vec2 size = patchSize(g, rect);
    CHECK(size.x == doctest::Approx(rect.size().x / static_cast<float>(p)));
    for (int k = 0; k < g.patchCount(); ++k) {
      const glm::vec2 c = patchCentre(g, rect, k);
      REQUIRE(patchAtGround(g, rect, c) == k);
      // The centre lies within a pixel of the nominal grid's cell centre.
      const glm::vec2 nominal =
          rect.min + (glm::vec2(g.columnOfPatch(k), g.rowOfPatch(k)) + 0.5f) * size;
      const glm::vec2 pixel = rect.size() / glm::vec2(w, h);
      CHECK(std::abs(c.x - nominal.x) <= pixel.x);
      CHECK(std::abs(c.y - nominal.y) <= pixel.y);
    }
    // Next row = larger z, next column = larger x.
    CHECK(patchCentre(g, rect, p).y > patchCentre(g, rect, 0).y);
    CHECK(patchCentre(g, rect, 1).x > patchCentre(g, rect, 0).x);
  }
}

TEST_CASE("patch layout: ground points at the borders") {
  const PatchGrid g(100, 100, 4, false);
  const ImageRect rect = placeImage(100, 100);  // 4 world units per patch
  CHECK(patchAtGround(g, rect, {0.0f, 0.0f}) == 0);
  CHECK(patchAtGround(g, rect, {3.99f, 3.99f}) == 0);
  CHECK(patchAtGround(g, rect, {4.01f, 0.0f}) == 1);
  CHECK(patchAtGround(g, rect, {0.0f, 4.01f}) == 4);
  CHECK(patchAtGround(g, rect, {15.99f, 15.99f}) == 15);
  CHECK_FALSE(patchAtGround(g, rect, {16.0f, 1.0f}));
  CHECK_FALSE(patchAtGround(g, rect, {-0.01f, 1.0f}));
  CHECK_FALSE(patchAtGround(g, rect, {1.0f, -0.01f}));
}

TEST_CASE("patch layout: rays meet the ground in front of them only") {
  const Ray down{{3.0f, 10.0f, 5.0f}, {0.0f, -1.0f, 0.0f}};
  const auto hit = groundHit(down);
  REQUIRE(hit);
  CHECK(*hit == glm::vec2(3.0f, 5.0f));
  const Ray slanted{{0.0f, 2.0f, 0.0f}, glm::normalize(glm::vec3(1.0f, -1.0f, 0.0f))};
  REQUIRE(groundHit(slanted));
  CHECK(groundHit(slanted)->x == doctest::Approx(2.0f));
  CHECK_FALSE(groundHit({{0.0f, 2.0f, 0.0f}, {0.0f, 1.0f, 0.0f}}));  // away from the ground
  CHECK_FALSE(groundHit({{0.0f, 2.0f, 0.0f}, {1.0f, 0.0f, 0.0f}}));  // parallel
}
