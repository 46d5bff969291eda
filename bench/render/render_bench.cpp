// render_bench: offscreen frame time of the scene renderer on whatever GL the machine has
// (llvmpipe here). For N = 16..1024 with H = 8 heads (8 height-fields of N x N cells side by side,
// synthetic attention-like weights) it times both bar paths, instanced cubes and the height map,
// and an empty frame (background only). Figures are medians of glFinish'ed frames after warm-up;
// ratios are to the empty frame of the same run.
//
//   render_bench [--samples S] [--frames F] [--max-n N] [--width W --height H]
//                [--max-instanced CELLS]   (default 1048576: larger instanced runs are skipped)
//                [--snapshot DIR]          (writes each case's last frame as
//                DIR/render_<N>_<path>.png)
//
// [SECTION] Synthetic scene
// [SECTION] Timing
// [SECTION] Main
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <glm/gtc/matrix_transform.hpp>
#include <glm/packing.hpp>

#include "gfx/debug.hpp"
#include "gfx/gl.hpp"
#include "gfx/headless_context.hpp"
#include "gfx/offscreen_target.hpp"
#include "gfx/renderer.hpp"
#include "io/png.hpp"

namespace {

// [SECTION] Synthetic scene

constexpr int kHeads = 8;

// Heads of N x N cells (query rows along z, key columns along x), one cell gap between heads.
// Weights: softmax rows with a diagonal band (wider in later heads) and a ripple, both scaled with
// N so every size looks alike; heights grow with N so the relief stays about a tenth of the width.
scene::SceneData syntheticScene(int n) {
  scene::SceneData scene;
  scene.revision = static_cast<uint64_t>(n);
  scene.bar_footprint = 0.85f;
  scene.bars.reserve(static_cast<size_t>(kHeads) * static_cast<size_t>(n) * static_cast<size_t>(n));
  std::vector<float> row(static_cast<size_t>(n));
  const float nf = static_cast<float>(n);
  const float unit = std::max(1.0f, nf / 16.0f);  // cells per "feature"
  float highest = 0.0f;
  for (int h = 0; h < kHeads; ++h) {
    const float x0 = static_cast<float>(h * (n + 1));
    const float band = unit * (1.0f + 0.5f * static_cast<float>(h));
    for (int q = 0; q < n; ++q) {
      float sum = 0.0f, largest = 0.0f;
      for (int k = 0; k < n; ++k) {
        const float d = static_cast<float>(q - k) / band;
        const float ripple =
            std::sin((0.37f * static_cast<float>(k) + 0.11f * static_cast<float>(q)) / unit +
                     static_cast<float>(h));
        row[static_cast<size_t>(k)] = std::exp(-0.5f * d * d + 0.8f * ripple);
        sum += row[static_cast<size_t>(k)];
      }
      for (int k = 0; k < n; ++k)
        largest = std::max(largest, row[static_cast<size_t>(k)]);
      for (int k = 0; k < n; ++k) {
        const float w = row[static_cast<size_t>(k)] / sum;
        const float height = w * nf * nf / 64.0f;
        highest = std::max(highest, height);
        const float t = row[static_cast<size_t>(k)] / largest;
        const glm::vec3 c =
            glm::mix(glm::vec3(0.16f, 0.22f, 0.55f), glm::vec3(0.98f, 0.86f, 0.25f), t);
        scene.bars.push_back({x0 + static_cast<float>(k), static_cast<float>(q), height,
                              glm::packUnorm4x8(glm::vec4(c, 1.0f))});
      }
    }
    scene.grids.push_back({{x0 - 0.5f, -0.5f}, {x0 + nf - 0.5f, nf - 0.5f}, unit, 0x50ffffffu});
  }
  scene.bounds_min = {-0.5f, 0.0f, -0.5f};
  scene.bounds_max = {static_cast<float>(kHeads * (n + 1)) - 1.5f, highest, nf - 0.5f};
  return scene;
}

gfx::FrameInfo frameFor(const scene::SceneData& scene, glm::ivec2 size) {
  const glm::vec3 center = 0.5f * (scene.bounds_min + scene.bounds_max);
  const float radius = 0.5f * glm::length(scene.bounds_max - scene.bounds_min);
  gfx::FrameInfo frame;
  frame.cameraPosition = center + glm::vec3(0.0f, 0.55f, 1.0f) * radius * 1.25f;
  frame.view = glm::lookAt(frame.cameraPosition, center, glm::vec3(0, 1, 0));
  frame.proj =
      glm::perspective(glm::radians(45.0f), static_cast<float>(size.x) / static_cast<float>(size.y),
                       radius * 0.01f, radius * 10.0f);
  frame.viewportSize = size;
  return frame;
}

// [SECTION] Timing

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Median frame time; stops early (at >= 3 frames) once ~8 s are spent, for the slowest cases.
double medianFrameMs(gfx::Renderer& renderer, const gfx::FrameInfo& frame, int frames,
                     int* measured) {
  for (int i = 0; i < 3; ++i)
    renderer.draw(frame), glFinish();
  std::vector<double> times;
  const auto budgetStart = Clock::now();
  for (int i = 0; i < frames; ++i) {
    const auto start = Clock::now();
    renderer.draw(frame);
    glFinish();
    times.push_back(msSince(start));
    if (times.size() >= 3 && msSince(budgetStart) > 8000.0) break;
  }
  std::sort(times.begin(), times.end());
  *measured = static_cast<int>(times.size());
  return times[times.size() / 2];
}

struct Options {
  int samples = 4, frames = 30, maxN = 1024, width = 1280, height = 720;
  // Instanced cubes above this many cells take tens of seconds per frame on llvmpipe.
  size_t maxInstanced = 1u << 20;
  std::string snapshotDir;  // when set, the last frame of each case is written there as PNG
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--snapshot") {
      options.snapshotDir = argv[i + 1];
      continue;
    }
    if (flag == "--samples") {
      options.samples = value;
    } else if (flag == "--frames") {
      options.frames = std::max(value, 1);
    } else if (flag == "--max-n") {
      options.maxN = value;
    } else if (flag == "--width") {
      options.width = value;
    } else if (flag == "--height") {
      options.height = value;
    } else if (flag == "--max-instanced") {
      options.maxInstanced = static_cast<size_t>(std::max(value, 0));
    } else {
      std::fprintf(stderr, "render_bench: unknown option %s\n", argv[i]);
      std::exit(2);
    }
  }
  return options;
}

}  // namespace

// [SECTION] Main

int main(int argc, char** argv) {
  mallopt(M_TRIM_THRESHOLD, 1 << 30);  // llvmpipe: keep freed memory, 2-4x faster frames
  const Options options = parse(argc, argv);
  try {
    gfx::HeadlessContext context({.debugContext = false});
    gfx::installDebugOutput(gfx::DebugMode::Log);
    const glm::ivec2 size(options.width, options.height);
    const gfx::OffscreenTarget target(size.x, size.y, options.samples);
    std::printf("render_bench: %s\n", context.description().c_str());
    const std::string msaa =
        target.samples() > 1 ? std::to_string(target.samples()) + "x MSAA" : "no MSAA";
    std::printf("%dx%d, %s, %d heads side by side, median of up to %d frames (glFinish each)\n\n",
                size.x, size.y, msaa.c_str(), kHeads, options.frames);
    std::printf("%6s %10s  %-15s %10s %9s %11s %7s\n", "N", "cells", "path", "frame ms", "x empty",
                "upload ms", "frames");

    target.bind();
    int measured = 0;
    double emptyMs = 0.0;
    {
      gfx::Renderer renderer;
      renderer.upload(scene::SceneData{});
      emptyMs =
          medianFrameMs(renderer, frameFor(syntheticScene(1), size), options.frames, &measured);
      std::printf("%6s %10d  %-15s %10.2f %9.2f %11s %7d\n", "-", 0, "empty frame", emptyMs, 1.0,
                  "-", measured);
    }
    for (const int n : {16, 64, 256, 1024}) {
      if (n > options.maxN) break;
      const scene::SceneData scene = syntheticScene(n);
      const gfx::FrameInfo frame = frameFor(scene, size);
      {
        // The ground grids alone: what the bars cost is the difference.
        scene::SceneData grids = scene;
        grids.bars.clear();
        gfx::Renderer renderer;
        renderer.upload(grids);
        const double ms = medianFrameMs(renderer, frame, options.frames, &measured);
        std::printf("%6d %10d  %-15s %10.2f %9.2f %11s %7d\n", n, 0, "grids only", ms, ms / emptyMs,
                    "-", measured);
      }
      for (const auto path : {gfx::PathChoice::Instanced, gfx::PathChoice::HeightMap}) {
        if (path == gfx::PathChoice::Instanced && scene.bars.size() > options.maxInstanced) {
          std::printf("%6d %10zu  %-15s %10s   (skipped: over --max-instanced)\n", n,
                      scene.bars.size(), "instanced bars", "-");
          continue;
        }
        gfx::Renderer renderer({.path = path});
        const auto uploadStart = Clock::now();
        renderer.upload(scene);
        glFinish();
        const double uploadMs = msSince(uploadStart);
        const double ms = medianFrameMs(renderer, frame, options.frames, &measured);
        std::printf("%6d %10zu  %-15s %10.2f %9.2f %11.1f %7d\n", n, scene.bars.size(),
                    gfx::pathName(renderer.activePath()), ms, ms / emptyMs, uploadMs, measured);
        std::fflush(stdout);
        if (!options.snapshotDir.empty()) {
          const bool instanced = renderer.activePath() == gfx::BarPath::Instanced;
          io::writePng(options.snapshotDir + "/render_" + std::to_string(n) +
                           (instanced ? "_instanced.png" : "_heightmap.png"),
                       target.readPixels());
        }
      }
    }
    const std::string errors = gfx::checkGlErrors("render_bench");
    if (!errors.empty() || gfx::debugErrorCount() != 0) {
      std::fprintf(stderr, "render_bench: GL errors: %s\n", errors.c_str());
      return 1;
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "render_bench: %s\n", error.what());
    return 1;
  }
  return 0;
}
