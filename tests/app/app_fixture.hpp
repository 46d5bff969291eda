// What the app tests share: one EGL context for the process, a stand-in for the GLFW window (its
// own ImGui context and framebuffer), and the demo command line at the fake window's size.
#pragma once

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <malloc.h>

#include <memory>
#include <string_view>
#include <vector>

#include "app/cli.hpp"
#include "app/viewer.hpp"
#include "gfx/debug.hpp"
#include "gfx/headless_context.hpp"
#include "gfx/offscreen_target.hpp"
#include "ui/style.hpp"

namespace apptest {

inline gfx::HeadlessContext& context() {
  static gfx::HeadlessContext instance = [] {
    mallopt(M_TRIM_THRESHOLD, 1 << 30);  // llvmpipe keeps its per-draw memory: faster frames
    return gfx::HeadlessContext();
  }();
  static const bool debug = [] {
    gfx::installDebugOutput(gfx::DebugMode::Fatal);
    return true;
  }();
  (void)debug;
  return instance;
}

// A stand-in for the GLFW window: its own ImGui context (current) and framebuffer.
struct FakeWindow {
  ImGuiContext* imgui = nullptr;
  gfx::OffscreenTarget target;
  FakeWindow() : target(320, 200, 1) {
    imgui = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = {320.0f, 200.0f};
    io.DeltaTime = 1.0f / 60.0f;
    ui::applyStyle(1.0f);
    ui::loadFonts(1.0f);
    ImGui_ImplOpenGL3_Init("#version 330 core");
  }
  ~FakeWindow() {
    ImGui::SetCurrentContext(imgui);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext(imgui);
  }
  void frame(app::Viewer& viewer) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    viewer.updateUi(false);
    ImGui::Render();
    target.bind();
    viewer.drawScene(target.size());
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }
};

inline app::CommandLine demoCommandLine() {
  const std::vector<std::string_view> args = {"--size", "320x200"};
  return app::parseCommandLine(args);
}

// The kernel's result for the command line's parameters, handed to the viewer (as the worker
// would, without waiting for its thread).
inline void acceptDemo(app::Viewer& viewer, const app::CommandLine& cl) {
  attn::Computed computed;
  computed.params = cl.params;
  computed.result =
      std::make_shared<const attn::Result>(attn::forward(attn::makeInputs(cl.params)));
  viewer.accept(std::move(computed));
}

}  // namespace apptest
