// `attnviz screenshot`: one frame rendered offscreen through EGL surfaceless — no window, no X
// server — with the same Viewer as the window, so the picture is what the app shows.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "app/commands.hpp"
#include "app/offscreen_view.hpp"
#include "app/viewer.hpp"
#include "gfx/context_info.hpp"
#include "gfx/debug.hpp"
#include "io/png.hpp"

namespace app {

int runScreenshot(const CommandLine& cl) {
  const HeadlessStart headless(cl);
  {
    OffscreenView view({cl.view.width, cl.view.height}, cl.view.samples < 0 ? 4 : cl.view.samples);
    Viewer viewer(cl, cl.view.ui, headless.makeInputs, headless.source.picture,
                  headless.source.vit);
    showFirst(viewer, headless.source, cl.params, headless.inputs, view);

    // ImGui windows size themselves over their first frames: settle before the frames we keep.
    auto renderFrame = [&] {
      view.render(viewer, false, 1.0f / 60.0f);
      gfx::finish();
    };
    for (int frame = 0; frame < 3; ++frame)
      renderFrame();
    // --frames N: time N more frames of the whole path (scene, labels, ImGui), for benchmarks.
    std::vector<double> ms;
    for (int frame = 0; frame < cl.view.frames; ++frame) {
      const auto start = std::chrono::steady_clock::now();
      renderFrame();
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
    }
    if (!ms.empty()) {
      std::nth_element(ms.begin(), ms.begin() + static_cast<std::ptrdiff_t>(ms.size() / 2),
                       ms.end());
      std::printf("%zu frames at %dx%d, %d samples: median %.2f ms per frame\n", ms.size(),
                  cl.view.width, cl.view.height, view.target().samples(), ms[ms.size() / 2]);
    }
    io::writePng(cl.out, view.target().readPixels());
  }
  std::printf("wrote %s (%dx%d)\n", cl.out.c_str(), cl.view.width, cl.view.height);
  return 0;
}

}  // namespace app
