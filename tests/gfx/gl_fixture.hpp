// Shared by the GL tests: one headless context per process (EGL surfaceless, debug output fatal),
// hand-made scenes and the image comparison used by the golden tests.
#pragma once

#include <filesystem>
#include <string>

#include <glm/glm.hpp>

#include "core/image.hpp"
#include "gfx/headless_context.hpp"
#include "gfx/renderer.hpp"
#include "scene/scene_data.hpp"

namespace gfxtest {

// Created on first use and current from then on; GL errors abort the test binary with a message.
gfx::HeadlessContext& context();

scene::Rgba8 rgba(float r, float g, float b, float a = 1.0f);
// A small ramp (deep blue -> teal -> yellow) for values in [0, 1]; negative values go purple-red.
scene::Rgba8 ramp(float value);

// Fixed scenes for smoke and golden tests.
scene::SceneData heightFieldScene();  // 8 x 8 bars, peaks and pits, one grid
scene::SceneData arrowScene();        // Q/K/V-like arrows, some translucent, one grid
scene::SceneData largeFieldScene();   // 48 x 40 smooth field with a valley below the ground

// Camera looking at the scene's bounds from the front right, above.
gfx::FrameInfo frameFor(const scene::SceneData& scene, glm::ivec2 size, float yawDegrees = 38.0f,
                        float pitchDegrees = 32.0f, float distanceScale = 1.6f);

struct ImageDiff {
  int maxDiff = 0;        // largest per-channel difference
  double meanDiff = 0.0;  // mean per-channel difference over all pixels
  // Mean of the difference beyond 1 (max(0, d - 1)): llvmpipe's +-1 between CPUs costs nothing.
  double meanExcess = 0.0;
  core::Image diff;  // |a - b| per channel, amplified x4, opaque
};
ImageDiff compareImages(const core::Image& actual, const core::Image& expected);

std::filesystem::path goldenDir();  // tests/data/golden in the source tree
std::filesystem::path outputDir();  // where failing tests leave actual/diff images
bool updateGoldens();               // ATTNVIZ_UPDATE_GOLDEN=1

}  // namespace gfxtest
