// Offscreen renders of fixed scenes against committed PNGs in tests/data/golden/.
// ATTNVIZ_UPDATE_GOLDEN=1 rewrites them (look at them before committing!). On failure the actual
// image and an amplified difference land in <build>/tests/gfx/gfx_test_output/.
#include <doctest/doctest.h>

#include "gfx/offscreen_target.hpp"
#include "gfx/renderer.hpp"
#include "gl_fixture.hpp"

namespace {

// llvmpipe's results differ by +-1 between CPUs (vector width changes rounding in blending and
// interpolation), and multisampled edges may flip a sample, which moves an edge pixel by up to a
// quarter of the contrast across it. The max bound tolerates those few edge pixels; the mean bound
// (over every channel of every pixel) catches any real change, which touches thousands of pixels.
constexpr int kMaxChannelDiff = 72;
constexpr double kMeanChannelDiff = 0.35;

void checkGolden(const std::string& name, const scene::SceneData& scene, gfx::PathChoice path,
                 float yaw = 38.0f, float pitch = 32.0f, float distance = 1.6f) {
  const glm::ivec2 size(400, 260);
  gfx::Renderer renderer({.path = path});
  const gfx::OffscreenTarget target(size.x, size.y, 4);
  target.bind();
  renderer.upload(scene);
  renderer.draw(gfxtest::frameFor(scene, size, yaw, pitch, distance));
  const gfx::Image actual = target.readPixels();

  const auto golden = gfxtest::goldenDir() / (name + ".png");
  if (gfxtest::updateGoldens()) {
    gfx::writePng(golden, actual);
    MESSAGE("updated " << golden.string());
    return;
  }
  REQUIRE_MESSAGE(std::filesystem::exists(golden),
                  "missing " << golden.string() << " (run with ATTNVIZ_UPDATE_GOLDEN=1)");
  const auto diff = gfxtest::compareImages(actual, gfx::readPng(golden));
  CAPTURE(diff.maxDiff);
  CAPTURE(diff.meanDiff);
  const bool ok = diff.maxDiff <= kMaxChannelDiff && diff.meanDiff <= kMeanChannelDiff;
  if (!ok) {
    const auto out = gfxtest::outputDir();
    gfx::writePng(out / (name + ".actual.png"), actual);
    if (!diff.diff.rgba.empty()) gfx::writePng(out / (name + ".diff.png"), diff.diff);
    MESSAGE("actual and diff images in " << out.string());
  }
  CHECK(diff.maxDiff <= kMaxChannelDiff);
  CHECK(diff.meanDiff <= kMeanChannelDiff);
}

}  // namespace

TEST_CASE("golden: height-field bars with pits and a grid") {
  gfxtest::context();
  checkGolden("bars", gfxtest::heightFieldScene(), gfx::PathChoice::Instanced, 38.0f, 30.0f, 1.9f);
}

TEST_CASE("golden: arrows, opaque and translucent") {
  gfxtest::context();
  checkGolden("arrows", gfxtest::arrowScene(), gfx::PathChoice::Auto, 20.0f, 24.0f);
}

TEST_CASE("golden: height-map level of detail") {
  gfxtest::context();
  checkGolden("heightmap", gfxtest::largeFieldScene(), gfx::PathChoice::HeightMap, 30.0f, 38.0f);
}
