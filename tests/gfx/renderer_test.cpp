// Every renderer draws without GL errors; uploads happen only when the scene's revision changes;
// the level-of-detail path follows the cell budget and, when asked, the bars' size on screen;
// readback rows are top-down.
#include <doctest/doctest.h>

#include <cmath>

#include "gfx/debug.hpp"
#include "gfx/offscreen_target.hpp"
#include "gfx/pixel_reader.hpp"
#include "gfx/renderer.hpp"
#include "gl_fixture.hpp"

namespace {

// Draws `scene` and returns the image (debug output is fatal, so any GL error aborts).
core::Image drawOnce(gfx::Renderer& renderer, const scene::SceneData& scene,
                     const gfx::FrameInfo& frame, int samples = 1) {
  const gfx::OffscreenTarget target(frame.viewportSize.x, frame.viewportSize.y, samples);
  target.bind();
  renderer.upload(scene);
  renderer.draw(frame);
  return target.readPixels();
}

core::Image drawOnce(gfx::Renderer& renderer, const scene::SceneData& scene, glm::ivec2 size,
                     int samples = 1) {
  return drawOnce(renderer, scene, gfxtest::frameFor(scene, size), samples);
}

// Pixels that differ from the background's top-left corner: something was drawn.
int drawnPixels(const core::Image& image) {
  int count = 0;
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      const uint8_t* p = image.pixel(x, y);
      const uint8_t* bg = image.pixel(x < image.width / 2 ? 0 : image.width - 1, y);
      if (std::abs(p[0] - bg[0]) + std::abs(p[1] - bg[1]) + std::abs(p[2] - bg[2]) > 24) ++count;
    }
  }
  return count;
}

}  // namespace

TEST_CASE("each renderer draws with zero GL errors") {
  gfxtest::context();
  const auto errorsBefore = gfx::debugErrorCount();
  const glm::ivec2 size(96, 64);
  for (const auto choice : {gfx::PathChoice::Instanced, gfx::PathChoice::HeightMap}) {
    gfx::Renderer renderer({.path = choice});
    for (const auto& scene :
         {gfxtest::heightFieldScene(), gfxtest::arrowScene(), gfxtest::largeFieldScene()}) {
      const core::Image image = drawOnce(renderer, scene, size, 4);
      CHECK(drawnPixels(image) > 100);
      CHECK(gfx::checkGlErrors("draw").empty());
    }
  }
  // An empty scene and an empty target path draw only the background.
  gfx::Renderer renderer;
  const core::Image empty = drawOnce(renderer, scene::SceneData{}, size);
  CHECK(drawnPixels(empty) == 0);
  CHECK(gfx::debugErrorCount() == errorsBefore);
}

TEST_CASE("instance buffers are uploaded only when the revision changes") {
  gfxtest::context();
  gfx::Renderer renderer;
  auto scene = gfxtest::heightFieldScene();
  CHECK(renderer.uploadCount() == 0);
  renderer.upload(scene);
  renderer.upload(scene);
  renderer.upload(scene);
  CHECK(renderer.uploadCount() == 1);
  scene.bars[0].height = 2.0f;
  renderer.upload(scene);  // same revision: the builder did not say anything changed
  CHECK(renderer.uploadCount() == 1);
  ++scene.revision;
  renderer.upload(scene);
  CHECK(renderer.uploadCount() == 2);
  // Growing and shrinking keeps working (buffers grow with headroom, never shrink).
  auto large = gfxtest::largeFieldScene();
  large.revision = 3;
  renderer.upload(large);
  ++scene.revision;
  scene.revision = 4;
  renderer.upload(scene);
  CHECK(renderer.uploadCount() == 4);
  // Changing the path forces the next upload even at the same revision.
  renderer.setPathChoice(gfx::PathChoice::HeightMap);
  renderer.upload(scene);
  CHECK(renderer.uploadCount() == 5);
  CHECK(renderer.activePath() == gfx::BarPath::HeightMap);
  CHECK(gfx::checkGlErrors("uploads").empty());
}

TEST_CASE("bars re-sorted nearest first for each camera direction draw the same picture") {
  gfxtest::context();
  const scene::SceneData scene = gfxtest::heightFieldScene();  // towers and pits
  const glm::ivec2 size(96, 64);
  gfx::Renderer travelled;  // goes all the way round, re-sorting its bars on the way
  for (const float yaw : {38.0f, 128.0f, 218.0f, 308.0f, 38.0f, 200.0f}) {
    CAPTURE(yaw);
    const gfx::FrameInfo frame = gfxtest::frameFor(scene, size, yaw);
    gfx::Renderer fresh;  // sorts once, for this direction, from the scene's order
    const core::Image expected = drawOnce(fresh, scene, frame);
    CHECK(drawnPixels(expected) > 100);
    CHECK(gfxtest::compareImages(drawOnce(travelled, scene, frame), expected).maxDiff == 0);
  }
}

TEST_CASE("with minBarPixels, bars a pixel or two wide on screen are drawn as the height map") {
  gfxtest::context();
  constexpr int kSide = 128;  // kMinCellsForSmallBars
  scene::SceneData scene;
  scene.revision = 1;
  scene.bar_footprint = 0.9f;
  for (int q = 0; q < kSide; ++q) {
    for (int k = 0; k < kSide; ++k) {
      scene.bars.push_back({static_cast<float>(k), static_cast<float>(q),
                            0.5f + 0.5f * std::sin(0.2f * static_cast<float>(q + k)),
                            gfxtest::ramp(0.5f)});
    }
  }
  scene.bounds_max = {kSide - 1.0f, 1.0f, kSide - 1.0f};
  const glm::ivec2 size(320, 240);
  const gfx::OffscreenTarget target(size.x, size.y, 1);
  target.bind();
  // The camera's distance (as frameFor's scale) at which a bar in the middle is `pixels` wide:
  // pixels = footprint * (height / 2) / tan(22.5 degrees) / distance.
  const float radius = 0.5f * glm::length(scene.bounds_max - scene.bounds_min);
  const auto at = [&](float pixels) {
    const float distance =
        0.9f * 0.5f * static_cast<float>(size.y) / std::tan(glm::radians(22.5f)) / pixels;
    return gfxtest::frameFor(scene, size, 38.0f, 32.0f, distance / (1.3f * radius));
  };
  const auto pathAt = [&](gfx::Renderer& renderer, gfx::FrameInfo frame) {
    renderer.draw(frame);
    return renderer.activePath();
  };
  gfx::Renderer renderer({.minBarPixels = 2.0f});
  renderer.upload(scene);
  CHECK(pathAt(renderer, at(12.0f)) == gfx::BarPath::Instanced);
  CHECK(pathAt(renderer, at(1.0f)) == gfx::BarPath::HeightMap);
  // Between 2 and 3 pixels the path stays what it was (no flicker at the threshold).
  CHECK(pathAt(renderer, at(2.5f)) == gfx::BarPath::HeightMap);
  CHECK(pathAt(renderer, at(3.5f)) == gfx::BarPath::Instanced);
  CHECK(pathAt(renderer, at(2.5f)) == gfx::BarPath::Instanced);
  // A recording's frames stay exact.
  gfx::FrameInfo exact = at(1.0f);
  exact.exactBars = true;
  CHECK(pathAt(renderer, exact) == gfx::BarPath::Instanced);
  CHECK(drawnPixels(target.readPixels()) > 1000);
  CHECK(pathAt(renderer, at(1.0f)) == gfx::BarPath::HeightMap);
  CHECK(drawnPixels(target.readPixels()) > 1000);
  // Without it (and below kMinCellsForSmallBars cells) bars are bars at any size.
  gfx::Renderer plain;
  plain.upload(scene);
  CHECK(pathAt(plain, at(1.0f)) == gfx::BarPath::Instanced);
  scene.bars.resize(kSide * kSide - 1);
  ++scene.revision;
  renderer.upload(scene);
  CHECK(pathAt(renderer, at(1.0f)) == gfx::BarPath::Instanced);
}

TEST_CASE("the bar path follows the cell budget") {
  gfxtest::context();
  const auto scene = gfxtest::largeFieldScene();  // 1920 bars
  gfx::Renderer generous({.cellBudget = 4096});
  generous.upload(scene);
  CHECK(generous.activePath() == gfx::BarPath::Instanced);
  gfx::Renderer tight({.cellBudget = 1000});
  tight.upload(scene);
  CHECK(tight.activePath() == gfx::BarPath::HeightMap);
  CHECK(std::string(gfx::pathName(tight.activePath())) == "height map");
}

TEST_CASE("offscreen readback is top-down RGBA") {
  gfxtest::context();
  gfx::Renderer renderer;
  gfx::FrameInfo frame;
  frame.backgroundTop = {1.0f, 0.0f, 0.0f};
  frame.backgroundBottom = {0.0f, 0.0f, 1.0f};
  for (const int samples : {1, 4}) {
    CAPTURE(samples);
    const gfx::OffscreenTarget target(32, 16, samples);
    target.bind();
    renderer.draw(frame);
    core::Image image;
    target.readPixels(image);
    REQUIRE(image.width == 32);
    REQUIRE(image.rgba.size() == 32u * 16u * 4u);
    const uint8_t* top = image.pixel(16, 0);
    const uint8_t* bottom = image.pixel(16, 15);
    CHECK(top[0] > 150);
    CHECK(top[2] < 40);
    CHECK(bottom[2] > 150);
    CHECK(bottom[0] < 40);
    CHECK(top[3] == 255);
  }
}

TEST_CASE("a transparent background leaves alpha 0 around an opaque scene") {
  gfxtest::context();
  gfx::Renderer renderer;
  const scene::SceneData scene = gfxtest::heightFieldScene();
  const glm::ivec2 size(64, 48);
  const gfx::OffscreenTarget target(size.x, size.y, 1);
  target.bind();
  renderer.upload(scene);
  gfx::FrameInfo frame = gfxtest::frameFor(scene, size);
  frame.transparentBackground = true;
  renderer.draw(frame);
  const core::Image image = target.readPixels();
  const uint8_t* corner = image.pixel(0, 0);
  CHECK(corner[0] == 0);
  CHECK(corner[3] == 0);
  int opaque = 0;
  for (size_t i = 3; i < image.rgba.size(); i += 4)
    opaque += image.rgba[i] == 255;
  CHECK(opaque > 200);  // the bars
}

TEST_CASE("asynchronous PBO readback matches glReadPixels") {
  gfxtest::context();
  gfx::Renderer renderer;
  const auto scene = gfxtest::heightFieldScene();
  renderer.upload(scene);
  const gfx::OffscreenTarget target(64, 48, 4);
  gfx::PixelReader reader(64, 48);
  core::Image image;
  CHECK_FALSE(reader.finish(image));
  target.bind();
  renderer.draw(gfxtest::frameFor(scene, {64, 48}));
  REQUIRE(reader.start(target));
  const core::Image expected = target.readPixels();
  // A second frame queued behind the first: the ring holds two.
  renderer.draw(gfxtest::frameFor(scene, {64, 48}, 120.0f));
  REQUIRE(reader.start(target));
  CHECK_FALSE(reader.start(target));
  REQUIRE(reader.finish(image));
  CHECK(image.rgba == expected.rgba);
  REQUIRE(reader.finish(image));
  CHECK(image.rgba != expected.rgba);
  CHECK(reader.pending() == 0);
  CHECK(gfx::checkGlErrors("pbo").empty());
}

TEST_CASE("a height-map mesh coarser than its texture samples a mip level") {
  gfxtest::context();
  const auto scene = gfxtest::largeFieldScene();  // 48 x 40 cells, + 1 texel of border all round
  gfx::HeightMapRenderer full;
  full.upload(scene.bars);
  CHECK(full.textureSize() == glm::ivec2(50, 42));
  CHECK(full.meshSize() == glm::ivec2(50, 42));
  CHECK(full.heightLod() == 0.0f);

  gfx::HeightMapRenderer coarse(25 * 21);
  coarse.upload(scene.bars);
  CHECK(coarse.meshSize() == glm::ivec2(25, 21));
  CHECK(coarse.heightLod() > 1.0f);
  const gfx::OffscreenTarget target(96, 64, 1);
  target.bind();
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  glEnable(GL_DEPTH_TEST);
  const auto frame = gfxtest::frameFor(scene, {96, 64});
  coarse.draw({frame.proj * frame.view, frame.cameraPosition});
  CHECK(gfx::checkGlErrors("coarse height map").empty());
}
