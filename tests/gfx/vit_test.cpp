// The ViT view's drawing: the ground picture (uploaded once per picture, its own colours), the
// heat layer over it, the outlined patch, and translucent bars that let it show through.
#include <doctest/doctest.h>

#include <memory>

#include <glm/gtc/matrix_transform.hpp>

#include "core/image.hpp"
#include "gfx/debug.hpp"
#include "gfx/offscreen_target.hpp"
#include "gfx/renderer.hpp"
#include "gl_fixture.hpp"
#include "scene/colormap.hpp"

namespace {

constexpr glm::ivec2 kSize(128, 128);

// A 2 x 2 picture of four colours: red, green / blue, white.
std::shared_ptr<const core::Image> quadrants() {
  core::Image image{2, 2, {255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255}};
  return std::make_shared<const core::Image>(std::move(image));
}

std::shared_ptr<const core::Image> plain(uint8_t r, uint8_t g, uint8_t b) {
  core::Image image{4, 4, {}};
  for (int k = 0; k < 16; ++k)
    image.rgba.insert(image.rgba.end(), {r, g, b, 255});
  return std::make_shared<const core::Image>(std::move(image));
}

scene::SceneData pictureScene(std::shared_ptr<const core::Image> pixels) {
  scene::SceneData s;
  s.revision = 1;
  s.ground.pixels = std::move(pixels);
  s.ground.min = {0.0f, 0.0f};
  s.ground.max = {4.0f, 4.0f};
  s.bounds_min = {0.0f, 0.0f, 0.0f};
  s.bounds_max = {4.0f, 0.0f, 4.0f};
  return s;
}

// Straight down on the picture (ortho), filling the target: world (x, z) in [0, 4]² → pixels.
gfx::FrameInfo topDown() {
  gfx::FrameInfo f;
  f.cameraPosition = {2.0f, 20.0f, 2.0f};
  f.view = glm::lookAt(f.cameraPosition, glm::vec3(2.0f, 0.0f, 2.0f), glm::vec3(0, 0, -1));
  f.proj = glm::ortho(-2.0f, 2.0f, -2.0f, 2.0f, 1.0f, 40.0f);
  f.viewportSize = kSize;
  return f;
}

core::Image draw(gfx::Renderer& renderer, const scene::SceneData& s) {
  const gfx::OffscreenTarget target(kSize.x, kSize.y, 1);
  target.bind();
  renderer.upload(s);
  renderer.draw(topDown());
  return target.readPixels();
}

glm::ivec3 rgbAt(const core::Image& image, int x, int y) {
  const uint8_t* p = image.pixel(x, y);
  return {p[0], p[1], p[2]};
}

bool near(glm::ivec3 a, glm::ivec3 b, int tolerance = 3) {
  const glm::ivec3 d = glm::abs(a - b);
  return d.x <= tolerance && d.y <= tolerance && d.z <= tolerance;
}

}  // namespace

TEST_CASE("vit: the ground picture shows its own colours, top row at the top") {
  gfxtest::context();
  gfx::Renderer renderer;
  const core::Image image = draw(renderer, pictureScene(quadrants()));
  // Sample well inside each quadrant (linear filtering blends near the middle).
  CHECK(near(rgbAt(image, 8, 8), {255, 0, 0}));
  CHECK(near(rgbAt(image, 119, 8), {0, 255, 0}));
  CHECK(near(rgbAt(image, 8, 119), {0, 0, 255}));
  CHECK(near(rgbAt(image, 119, 119), {255, 255, 255}));
  CHECK(gfx::checkGlErrors("ground").empty());
}

TEST_CASE("vit: the picture's texture is uploaded only when the picture changes") {
  gfxtest::context();
  gfx::Renderer renderer;
  auto s = pictureScene(plain(10, 20, 30));
  renderer.upload(s);
  CHECK(renderer.groundImage().imageUploads() == 1);
  CHECK(renderer.groundImage().textureSize() == glm::ivec2(4, 4));
  // New revisions with the same picture (the bars or the heat layer changed): no upload.
  for (int k = 0; k < 3; ++k) {
    ++s.revision;
    s.ground.brightness = 0.5f + 0.1f * static_cast<float>(k);
    renderer.upload(s);
  }
  CHECK(renderer.groundImage().imageUploads() == 1);
  // Another picture object, even with equal pixels: uploaded.
  s.ground.pixels = plain(10, 20, 30);
  ++s.revision;
  renderer.upload(s);
  CHECK(renderer.groundImage().imageUploads() == 2);
  // A scene without a picture draws none, and coming back uploads it again.
  scene::SceneData none;
  none.revision = 99;
  CHECK(gfxtest::compareImages(draw(renderer, none), draw(renderer, scene::SceneData{})).maxDiff ==
        0);
  ++s.revision;
  renderer.upload(s);
  CHECK(renderer.groundImage().imageUploads() == 3);
}

TEST_CASE("vit: the heat layer blends over the picture with its opacity") {
  gfxtest::context();
  gfx::Renderer renderer;
  auto s = pictureScene(plain(0, 0, 0));
  s.ground.overlay = {scene::packRgba(255, 255, 0, 128), scene::packRgba(255, 255, 0, 128),
                      scene::packRgba(255, 255, 0, 128), scene::packRgba(255, 255, 0, 128)};
  s.ground.overlay_cols = s.ground.overlay_rows = 2;
  const core::Image image = draw(renderer, s);
  CHECK(near(rgbAt(image, 64, 64), {128, 128, 0}));
  // A heat layer of the wrong size is ignored, not read out of bounds.
  s.ground.overlay.pop_back();
  ++s.revision;
  CHECK(near(rgbAt(draw(renderer, s), 64, 64), {0, 0, 0}));
}

TEST_CASE("vit: the outlined patch and the grid lines") {
  gfxtest::context();
  gfx::Renderer renderer;
  auto s = pictureScene(plain(0, 0, 0));
  s.ground.highlight_min = {1.0f, 1.0f};
  s.ground.highlight_max = {2.0f, 2.0f};  // pixels 32..64
  s.ground.highlight_color = scene::packRgba(255, 128, 0);
  const core::Image image = draw(renderer, s);
  CHECK(near(rgbAt(image, 33, 48), {255, 128, 0}, 40));  // just inside the left edge
  CHECK(near(rgbAt(image, 48, 48), {0, 0, 0}));          // the middle stays
  CHECK(near(rgbAt(image, 28, 48), {0, 0, 0}));          // outside
  s.ground.grid_cells = 4;
  s.ground.grid_color = scene::packRgba(255, 255, 255, 255);
  ++s.revision;
  const core::Image grid = draw(renderer, s);
  CHECK(rgbAt(grid, 96, 80).x > 100);  // on the line x = 3 (pixel 96)
  CHECK(near(rgbAt(grid, 80, 80), {0, 0, 0}));
}

TEST_CASE("vit: translucent bars let the picture through, opaque bars hide it") {
  gfxtest::context();
  gfx::Renderer renderer;
  auto s = pictureScene(plain(255, 0, 0));
  s.bar_footprint = 1.0f;
  s.bars = {{2.0f, 2.0f, 1.0f, scene::packRgba(0, 0, 255, 128)}};
  s.bounds_max.y = 1.0f;
  const core::Image seen = draw(renderer, s);
  const glm::ivec3 top = rgbAt(seen, 64, 64);  // the bar's lit top face, half over red
  CHECK(top.x > 80);
  CHECK(top.z > 60);
  s.bars[0].color = scene::packRgba(0, 0, 255, 255);
  ++s.revision;
  const glm::ivec3 opaque = rgbAt(draw(renderer, s), 64, 64);
  CHECK(opaque.x < 20);
  CHECK(opaque.z > 150);
  // A fully transparent bar is not drawn at all.
  s.bars[0].color = scene::packRgba(0, 0, 255, 0);
  ++s.revision;
  CHECK(near(rgbAt(draw(renderer, s), 64, 64), {255, 0, 0}));
  CHECK(gfx::checkGlErrors("translucent").empty());
}
