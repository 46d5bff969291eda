// [SECTION] Context (and llvmpipe's malloc setting)
// [SECTION] Scenes
// [SECTION] Camera
// [SECTION] Image comparison
#include "gl_fixture.hpp"

#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>

#include <glm/gtc/matrix_transform.hpp>
#include <glm/packing.hpp>

#include "gfx/debug.hpp"

namespace gfxtest {

// [SECTION] Context (and llvmpipe's malloc setting)

namespace {
// Runs before doctest's main: llvmpipe is 2-4x faster when glibc keeps freed memory.
const bool kMallocTuned = [] {
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  return true;
}();
}  // namespace

gfx::HeadlessContext& context() {
  static const auto instance = [] {
    auto created = std::make_unique<gfx::HeadlessContext>();
    gfx::installDebugOutput(gfx::DebugMode::Fatal);
    return created;
  }();
  (void)kMallocTuned;
  return *instance;
}

// [SECTION] Scenes

scene::Rgba8 rgba(float r, float g, float b, float a) {
  return glm::packUnorm4x8(glm::vec4(r, g, b, a));
}

scene::Rgba8 ramp(float value) {
  if (value < 0.0f) {
    const float t = std::min(-value, 1.0f);
    // Continuous at 0 with the positive ramp's first stop, so crossing the ground has no seam.
    const glm::vec3 c = glm::mix(glm::vec3(0.16f, 0.22f, 0.55f), glm::vec3(0.85f, 0.22f, 0.35f), t);
    return rgba(c.r, c.g, c.b);
  }
  const glm::vec3 stops[] = {{0.16f, 0.22f, 0.55f}, {0.10f, 0.62f, 0.64f}, {0.98f, 0.86f, 0.25f}};
  const float t = std::min(value, 1.0f) * 2.0f;
  const int i = std::min(static_cast<int>(t), 1);
  const glm::vec3 c = glm::mix(stops[i], stops[i + 1], t - static_cast<float>(i));
  return rgba(c.r, c.g, c.b);
}

namespace {

void addGrid(scene::SceneData& scene, glm::vec2 lo, glm::vec2 hi) {
  scene.grids.push_back({lo, hi, 1.0f, rgba(0.75f, 0.82f, 0.95f, 0.35f)});
}

}  // namespace

scene::SceneData heightFieldScene() {
  scene::SceneData scene;
  scene.revision = 1;
  scene.bar_footprint = 0.82f;
  const int n = 8;
  float lowest = 0.0f, highest = 0.0f;
  for (int q = 0; q < n; ++q) {
    for (int k = 0; k < n; ++k) {
      // An attention-like pattern: a strong diagonal, a causal fall-off, two negative pits.
      float h = 0.25f + 2.6f * std::exp(-0.9f * static_cast<float>((q - k) * (q - k)));
      if (k > q) h *= 0.35f;
      if ((q == 2 && k == 6) || (q == 6 && k == 1)) h = -1.2f;
      if (q == 5 && k == 5) h = 0.0f;  // a flat cell stays visible as a tile
      lowest = std::min(lowest, h);
      highest = std::max(highest, h);
      const float x = static_cast<float>(k) - 3.5f, z = static_cast<float>(q) - 3.5f;
      scene.bars.push_back({x, z, h, ramp(h < 0.0f ? h / 1.2f : h / 2.9f)});
    }
  }
  addGrid(scene, {-4.0f, -4.0f}, {4.0f, 4.0f});
  scene.bounds_min = {-4.0f, lowest, -4.0f};
  scene.bounds_max = {4.0f, highest, 4.0f};
  return scene;
}

scene::SceneData arrowScene() {
  scene::SceneData scene;
  scene.revision = 1;
  const glm::vec3 colors[] = {{0.30f, 0.62f, 1.0f}, {1.0f, 0.58f, 0.22f}, {0.35f, 0.85f, 0.45f}};
  for (int set = 0; set < 3; ++set) {
    for (int i = 0; i < 5; ++i) {
      const float angle = 0.9f * static_cast<float>(set) * 2.1f + 0.55f * static_cast<float>(i);
      const glm::vec3 origin(-2.5f + 2.5f * static_cast<float>(set), 0.0f, 0.0f);
      const glm::vec3 vector(std::cos(angle) * 1.2f, 1.0f + 0.35f * static_cast<float>(i % 3),
                             std::sin(angle) * 1.2f);
      const float alpha = i == 4 ? 0.45f : 1.0f;  // one translucent arrow per set
      const glm::vec3 c = colors[set];
      scene.arrows.push_back({origin, vector, rgba(c.r, c.g, c.b, alpha), 0.06f});
    }
  }
  // A long flat arrow along +x and a zero-length one (must not draw).
  scene.arrows.push_back(
      {{-4.0f, 0.05f, 2.0f}, {8.0f, 0.0f, 0.0f}, rgba(0.9f, 0.9f, 0.95f), 0.04f});
  scene.arrows.push_back({{0.0f, 0.0f, 0.0f}, {0.0f, 0.0f, 0.0f}, rgba(1, 0, 0), 0.1f});
  addGrid(scene, {-4.0f, -3.0f}, {4.0f, 3.0f});
  scene.bounds_min = {-4.0f, 0.0f, -3.0f};
  scene.bounds_max = {4.0f, 2.0f, 3.0f};
  return scene;
}

scene::SceneData largeFieldScene() {
  scene::SceneData scene;
  scene.revision = 1;
  const int columns = 48, rows = 40;
  const float cell = 0.25f;
  float lowest = 0.0f, highest = 0.0f;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < columns; ++c) {
      const float x = (static_cast<float>(c) - 0.5f * static_cast<float>(columns - 1)) * cell;
      const float z = (static_cast<float>(r) - 0.5f * static_cast<float>(rows - 1)) * cell;
      const float h = 1.8f * std::exp(-((x - 1.5f) * (x - 1.5f) + (z + 0.8f) * (z + 0.8f)) / 2.0f) +
                      0.5f * std::sin(1.3f * x) * std::cos(1.1f * z) -
                      1.2f * std::exp(-((x + 2.8f) * (x + 2.8f) + (z - 2.0f) * (z - 2.0f)) / 1.2f);
      lowest = std::min(lowest, h);
      highest = std::max(highest, h);
      scene.bars.push_back({x, z, h, ramp(h < 0.0f ? h / 1.2f : h / 2.0f)});
    }
  }
  scene.bar_footprint = cell * 0.9f;
  addGrid(scene, {-6.0f, -5.0f}, {6.0f, 5.0f});
  scene.bounds_min = {-6.0f, lowest, -5.0f};
  scene.bounds_max = {6.0f, highest, 5.0f};
  return scene;
}

// [SECTION] Camera

gfx::FrameInfo frameFor(const scene::SceneData& scene, glm::ivec2 size, float yawDegrees,
                        float pitchDegrees, float distanceScale) {
  const glm::vec3 center = 0.5f * (scene.bounds_min + scene.bounds_max);
  const float radius = 0.5f * glm::length(scene.bounds_max - scene.bounds_min);
  const float yaw = glm::radians(yawDegrees), pitch = glm::radians(pitchDegrees);
  const glm::vec3 direction(std::sin(yaw) * std::cos(pitch), std::sin(pitch),
                            std::cos(yaw) * std::cos(pitch));
  gfx::FrameInfo frame;
  frame.cameraPosition = center + direction * radius * distanceScale * 1.3f;
  frame.view = glm::lookAt(frame.cameraPosition, center, glm::vec3(0, 1, 0));
  frame.proj =
      glm::perspective(glm::radians(45.0f), static_cast<float>(size.x) / static_cast<float>(size.y),
                       0.05f, radius * 10.0f);
  frame.viewportSize = size;
  return frame;
}

// [SECTION] Image comparison

ImageDiff compareImages(const core::Image& actual, const core::Image& expected) {
  ImageDiff result;
  if (actual.width != expected.width || actual.height != expected.height) {
    result.maxDiff = 255;
    result.meanDiff = 255.0;
    return result;
  }
  result.diff = {actual.width, actual.height, std::vector<uint8_t>(actual.byteSize())};
  uint64_t sum = 0, excess = 0;
  for (size_t i = 0; i < actual.rgba.size(); ++i) {
    const int d = std::abs(int{actual.rgba[i]} - int{expected.rgba[i]});
    result.maxDiff = std::max(result.maxDiff, d);
    sum += static_cast<uint64_t>(d);
    excess += static_cast<uint64_t>(std::max(d - 1, 0));
    result.diff.rgba[i] = i % 4 == 3 ? uint8_t{255} : static_cast<uint8_t>(std::min(d * 4, 255));
  }
  const auto channels = static_cast<double>(actual.rgba.size());
  result.meanDiff = static_cast<double>(sum) / channels;
  result.meanExcess = static_cast<double>(excess) / channels;
  return result;
}

std::filesystem::path goldenDir() {
  return std::filesystem::path(ATTNVIZ_TEST_DATA) / "golden";
}

std::filesystem::path outputDir() {
  const std::filesystem::path dir = ATTNVIZ_GFX_TEST_OUTPUT;
  std::filesystem::create_directories(dir);
  return dir;
}

bool updateGoldens() {
  const char* value = std::getenv("ATTNVIZ_UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

}  // namespace gfxtest
