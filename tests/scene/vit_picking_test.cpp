// Picking the query patch: rays from above and from the camera onto the picture and its bars.
#include <doctest/doctest.h>

#include <memory>

#include "scene/picking.hpp"
#include "scene/vit_build.hpp"

using namespace scene;

namespace {

constexpr int kP = 8;

struct Built {
  SceneData scene;
  SceneLayout layout;
  const VitLayout& vit() const { return *layout.vit; }
};

// 8 x 8 patches + CLS over a 128 x 128 picture; query token `query` puts all its weight on
// patch `peak` (the tallest bar), a little on every other token.
Built buildFor(bool overlay, int query = 1, int peak = 27) {
  const int n = kP * kP + 1;
  attn::Result r;
  r.n = r.m = n;
  r.heads = 1;
  r.d_k = r.d_model = 4;
  r.weights.resize(1, n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      r.weights(0, i, j) = j == peak + 1 ? 0.5f : 0.005f;
  ViewOptions view;
  view.selected_query = query;
  view.vit.overlay = overlay;
  Built b;
  const auto image = std::make_shared<const core::Image>(
      core::Image{128, 128, std::vector<uint8_t>(128 * 128 * 4, 90)});
  buildVit(r, image, view, 1, b.scene, b.layout);
  REQUIRE(b.layout.vit);
  return b;
}

Ray down(glm::vec2 at) {
  return {{at.x, 40.0f, at.y}, {0.0f, -1.0f, 0.0f}};
}

}  // namespace

TEST_CASE("vit picking: straight down onto every patch of the flat picture") {
  const Built b = buildFor(true);
  for (int k = 0; k < kP * kP; ++k) {
    const auto hit =
        pickVitToken(b.scene, b.vit(), down(patchCentre(b.vit().grid, b.vit().rect, k)));
    REQUIRE(hit);
    CHECK(hit->token == k + 1);
    CHECK_FALSE(hit->on_bar);
    CHECK(hit->t == doctest::Approx(40.0f));
  }
  // Outside the picture, and rays that never come down.
  CHECK_FALSE(pickVitToken(b.scene, b.vit(), down({-1.0f, 3.0f})));
  CHECK_FALSE(pickVitToken(b.scene, b.vit(), down({3.0f, kImageWorldSize + 0.1f})));
  CHECK_FALSE(pickVitToken(b.scene, b.vit(), {{3.0f, 5.0f, 3.0f}, {0.0f, 1.0f, 0.0f}}));
}

TEST_CASE("vit picking: bars are hit before the ground, the nearest bar first") {
  const Built b = buildFor(false, 1, 27);  // patch 27: row 3, column 3
  const glm::vec2 peak = patchCentre(b.vit().grid, b.vit().rect, 27);
  const float top = b.scene.bars[27].height;
  REQUIRE(top == doctest::Approx(ViewOptions{}.vit.height));
  // Onto the tall bar's top.
  auto hit = pickVitToken(b.scene, b.vit(), down(peak));
  REQUIRE(hit);
  CHECK(hit->token == 28);
  CHECK(hit->on_bar);
  CHECK(hit->t == doctest::Approx(40.0f - top));
  // A ray coming from the right at half the bar's height, across patches 31..28 (short bars,
  // passing over them) into the tall bar's side.
  const Ray across{{kImageWorldSize + 4.0f, 0.5f * top, peak.y}, {-1.0f, 0.0f, 0.0f}};
  hit = pickVitToken(b.scene, b.vit(), across);
  REQUIRE(hit);
  CHECK(hit->token == 28);
  // Through the gap beside a bar: the patch's own ground.
  const glm::vec2 size = patchSize(b.vit().grid, b.vit().rect);
  const glm::vec2 gap = patchCentre(b.vit().grid, b.vit().rect, 9) + 0.48f * size;
  hit = pickVitToken(b.scene, b.vit(), down(gap));
  REQUIRE(hit);
  CHECK(hit->token == 10);
  CHECK_FALSE(hit->on_bar);
}

TEST_CASE("vit picking: the CLS pillar is token 0") {
  const Built b = buildFor(false);
  REQUIRE(b.vit().cls_bar);
  const BarInstance& cls = b.scene.bars[*b.vit().cls_bar];
  const auto hit = pickVitToken(b.scene, b.vit(), down({cls.x, cls.z}));
  REQUIRE(hit);
  CHECK(hit->token == 0);
  CHECK(hit->on_bar);
}

TEST_CASE("vit picking: through the camera, every patch centre picks its own token") {
  const Built b = buildFor(true);
  OrbitCamera camera;
  camera.viewport = {800.0f, 600.0f};
  for (const ViewPreset preset : {ViewPreset::TopDown, ViewPreset::Perspective}) {
    camera.applyPreset(preset, b.scene.bounds_min, b.scene.bounds_max);
    for (int k = 0; k < kP * kP; k += 5) {
      const glm::vec2 c = patchCentre(b.vit().grid, b.vit().rect, k);
      const glm::vec2 screen = camera.worldToScreen({c.x, 0.0f, c.y});
      const auto hit = pickVitToken(b.scene, b.vit(), camera.screenRay(screen));
      REQUIRE(hit);
      CHECK(hit->token == k + 1);
    }
  }
}
