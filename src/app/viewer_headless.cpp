// `attnviz screenshot`: one frame rendered offscreen through EGL surfaceless — no window, no X
// server — with the same Viewer as the window, so the picture is what the app shows.
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "app/commands.hpp"
#include "app/viewer.hpp"
#include "core/error.hpp"
#include "gfx/context_info.hpp"
#include "gfx/debug.hpp"
#include "gfx/headless_context.hpp"
#include "gfx/offscreen_target.hpp"
#include "ui/style.hpp"

namespace app {
namespace {

// ImGui context for one offscreen frame sequence; no platform backend, no ini file.
class HeadlessImGui {
 public:
  HeadlessImGui(int width, int height) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
    io.DeltaTime = 1.0f / 60.0f;
    // Sizes relative to 900 px high, so a 4K screenshot is not a page of tiny text.
    const float scale = std::max(1.0f, static_cast<float>(height) / 900.0f);
    ui::applyStyle(scale);
    ui::loadFonts(scale);
    if (!ImGui_ImplOpenGL3_Init("#version 330 core"))
      throw core::DataError("cannot initialise ImGui's OpenGL renderer");
  }
  ~HeadlessImGui() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext();
  }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;
};

gfx::HeadlessContext openContext() {
  try {
    return gfx::HeadlessContext({.debugContext = false});
  } catch (const std::exception& e) {
    throw core::DataError(std::string("cannot create an offscreen OpenGL 3.3 context: ") +
                          e.what());
  }
}

}  // namespace

int runScreenshot(const CommandLine& cl) {
  // Input errors before any GL work: the same checks the worker would report.
  const std::shared_ptr<const io::VitFile> model = loadVitModel(cl);
  const std::shared_ptr<const core::Image> picture = model ? nullptr : loadPicture(cl);
  const attn::InputMaker makeInputs = inputMaker(cl, picture);
  // A model file has its attention already; anything else is computed here, once.
  const attn::Inputs inputs = model ? attn::Inputs{} : makeInputs(cl.params);
  gfx::HeadlessContext context = openContext();
  gfx::installDebugOutput(gfx::DebugMode::Log);
  {
    HeadlessImGui imgui(cl.view.width, cl.view.height);
    gfx::OffscreenTarget target(cl.view.width, cl.view.height,
                                cl.view.samples < 0 ? 4 : cl.view.samples);
    Viewer viewer(cl, cl.view.ui, makeInputs, picture, model);
    if (model) {
      viewer.submit();  // the first frame shows the file's map
    } else {
      attn::Computed computed;
      computed.params = cl.params;
      computed.result = std::make_shared<const attn::Result>(attn::forward(inputs));
      viewer.accept(std::move(computed));
    }

    // ImGui windows size themselves over their first frames: settle before the frames we keep.
    auto renderFrame = [&] {
      ImGui_ImplOpenGL3_NewFrame();
      ImGui::NewFrame();
      viewer.updateUi(false);
      ImGui::Render();
      target.bind();
      viewer.drawScene({cl.view.width, cl.view.height});
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
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
                  cl.view.width, cl.view.height, target.samples(), ms[ms.size() / 2]);
    }
    gfx::writePng(cl.out, target.readPixels());
  }
  std::printf("wrote %s (%dx%d)\n", cl.out.c_str(), cl.view.width, cl.view.height);
  return 0;
}

}  // namespace app
