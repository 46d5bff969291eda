// record_bench: recording throughput (frames/s, wall clock, output on disk) of the default demo
// scene rendered offscreen (EGL; llvmpipe here) at 1280x720 and 1920x1080, a 360° turntable so
// every frame differs, through the real recording path (app::Recorder: PBO readback one frame
// behind, PNG frames encoded by one worker per core, or ffmpeg/x264 fed through a pipe by a
// writer thread), against paths measured in the same run:
//   naive        synchronous glReadPixels + stb_image_write on the render thread
//   sync fast    synchronous glReadPixels + our fast PNG encoder on the render thread
//   render only  the frames without readback or output (the ceiling)
// Ratios are to the naive path of the same size. Frames/s is wall clock (output on disk
// included); CPU ms/frame counts every thread and ffmpeg, which says what a path costs even when
// the machine is shared (two cores: at best 2000 / CPU ms frames per second).
//
//   record_bench [--frames N] [--dir DIR]   (default 40 frames; DIR: scratch space, removed)
//
// [SECTION] Paths
// [SECTION] Main
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

#include "app/cli.hpp"
#include "app/offscreen_view.hpp"
#include "app/recorder.hpp"
#include "app/viewer.hpp"
#include "core/error.hpp"
#include "gfx/context_info.hpp"
#include "gfx/debug.hpp"
#include "io/file.hpp"
#include "io/png.hpp"
#include "record/png_sequence.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU seconds used so far by this process and its finished children (ffmpeg), all threads: on a
// shared machine the wall clock says how busy the neighbours are, this says what a path costs.
double cpuSeconds() {
  double total = 0.0;
  for (const int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    rusage usage{};
    getrusage(who, &usage);
    total += static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
             1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  }
  return total;
}

struct Rate {
  double fps = 0.0;         // frames per wall-clock second
  double cpuMsFrame = 0.0;  // CPU milliseconds per frame, all threads and ffmpeg
};

// Times `frames` frames of `body`.
Rate measure(int frames, const std::function<void()>& body) {
  const double cpu = cpuSeconds();
  const auto start = Clock::now();
  body();
  return {frames / secondsSince(start), 1000.0 * (cpuSeconds() - cpu) / frames};
}

// [SECTION] Paths

struct Bench {
  app::Viewer& viewer;
  scene::OrbitCamera camera;  // framed for the size, as `attnviz record` frames it
  glm::vec3 pivot;
  record::Settings settings;
  record::Plan plan;
};

// Renders frame i as the recorder would (time, turntable) into `view`, on this thread.
void renderFrame(Bench& b, app::OffscreenView& view, int i) {
  const double t = b.plan.timeAt(i);
  b.viewer.setTime(t);
  scene::OrbitCamera camera = b.camera;
  scene::applyPose(scene::poseAt(b.settings.camera, scene::poseOf(b.camera), b.pivot, t,
                                 b.plan.start, b.plan.end()),
                   camera);
  const app::Viewer::Look previous = b.viewer.swapLook({camera, false, {}});
  view.render(b.viewer, false, 1.0f / static_cast<float>(b.plan.fps));
  b.viewer.swapLook(previous);
}

// The synchronous paths: render, read back (glReadPixels), then `write` on this thread.
Rate synchronous(Bench& b, const std::function<void(const core::Image&, int)>& write) {
  auto view = app::recordingView(b.settings);
  core::Image image;
  return measure(b.plan.frames, [&] {
    for (int i = 0; i < b.plan.frames; ++i) {
      renderFrame(b, *view, i);
      if (write) {
        view->target().readPixels(image);
        write(image, i);
      } else {
        gfx::finish();
      }
    }
  });
}

// The real path, from opening the output to its completion.
Rate recorder(Bench& b, const std::string& out) {
  record::Settings settings = b.settings;
  settings.out = out;
  return measure(b.plan.frames, [&] {
    app::Recorder recorder(settings, b.plan, app::manifestFor(b.viewer.state(), "", b.plan),
                           b.camera, b.pivot, app::recordingView(settings));
    while (recorder.step(b.viewer)) {
    }
    recorder.finish();
  });
}

uintmax_t bytesIn(const std::filesystem::path& path) {
  if (std::filesystem::is_regular_file(path)) return std::filesystem::file_size(path);
  uintmax_t total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(path))
    total += entry.file_size();
  return total;
}

}  // namespace

// [SECTION] Main

int main(int argc, char** argv) {
  mallopt(M_TRIM_THRESHOLD, 1 << 30);  // llvmpipe: keep freed memory, 2-4x faster frames
  int frames = 40;
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("attnviz_record_bench_" + std::to_string(getpid()));
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (flag == "--frames") {
      frames = std::max(2, std::atoi(argv[i + 1]));
    } else if (flag == "--dir") {
      dir = argv[i + 1];
    } else {
      std::fprintf(stderr, "record_bench: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  try {
    gfx::HeadlessContext context = app::openHeadlessContext();
    gfx::installDebugOutput(gfx::DebugMode::Log);
    std::filesystem::create_directories(dir);
    std::printf("record_bench: %s, %u cores\n", context.description().c_str(),
                std::thread::hardware_concurrency());
    std::printf("default demo scene, 360 deg turntable, %d frames per case, %s\n\n", frames,
                gfx::isSoftwareRenderer() ? "no MSAA (software renderer)" : "4x MSAA");
    std::printf("%-10s %-34s %9s %9s %8s %11s %10s\n", "size", "path", "frames/s", "ms/frame",
                "x naive", "CPU ms/fr", "output");

    const app::CommandLine cl = app::parseCommandLine(std::vector<std::string_view>{});
    for (const auto& [width, height] : {std::pair{1280, 720}, std::pair{1920, 1080}}) {
      app::Viewer viewer(cl, false, attn::makeInputs);
      record::Settings settings;
      settings.width = width;
      settings.height = height;
      settings.camera.turntable_degrees = 360.0f;
      {
        const auto framing = app::recordingView(settings);
        app::showFirst(viewer, {}, cl.params, attn::makeInputs(cl.params), *framing);
      }
      const ui::AppState& state = viewer.state();
      Bench b{viewer, state.camera, 0.5f * (state.bounds_min + state.bounds_max), settings,
              record::makePlan({.frames = frames}, 30, 10.0)};
      const std::string size = std::to_string(width) + "x" + std::to_string(height);
      const std::filesystem::path naiveDir = dir / ("naive_" + size);
      const std::filesystem::path syncDir = dir / ("sync_" + size);
      std::filesystem::create_directories(naiveDir);
      std::filesystem::create_directories(syncDir);

      double naiveFps = 0.0;
      auto row = [&](const char* path, Rate rate, const std::filesystem::path& output) {
        if (naiveFps == 0.0) naiveFps = rate.fps;
        const std::string bytes =
            output.empty() ? "-" : core::humanBytes(static_cast<double>(bytesIn(output)));
        std::printf("%-10s %-34s %9.1f %9.1f %8.2f %11.1f %10s\n", size.c_str(), path, rate.fps,
                    1000.0 / rate.fps, rate.fps / naiveFps, rate.cpuMsFrame, bytes.c_str());
        std::fflush(stdout);
      };

      row("naive: sync readback + stb PNG",
          synchronous(b,
                      [&](const core::Image& image, int i) {
                        const std::string path = (naiveDir / record::frameFileName(i)).string();
                        if (!stbi_write_png(path.c_str(), image.width, image.height, 4,
                                            image.rgba.data(), image.width * 4)) {
                          throw std::runtime_error("stb_image_write failed on " + path);
                        }
                      }),
          naiveDir);
      io::PngEncoder encoder;
      row("sync readback + fast PNG, 1 thread",
          synchronous(b,
                      [&](const core::Image& image, int i) {
                        io::writeFileAtomically(
                            syncDir / record::frameFileName(i),
                            std::as_bytes(encoder.encode(image, {.alpha = false, .fast = true})));
                      }),
          syncDir);
      row("render only", synchronous(b, {}), {});
      row("recorder: PNG sequence", recorder(b, (dir / ("png_" + size)).string()),
          dir / ("png_" + size));
      row("recorder: MP4", recorder(b, (dir / (size + ".mp4")).string()), dir / (size + ".mp4"));
    }
    std::filesystem::remove_all(dir);
    if (gfx::debugErrorCount() != 0) {
      std::fprintf(stderr, "record_bench: OpenGL errors were reported\n");
      return 1;
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "record_bench: %s\n", error.what());
    std::filesystem::remove_all(dir);
    return 1;
  }
  return 0;
}
