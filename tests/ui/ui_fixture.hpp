// A headless ImGui context for the panel and input tests: display size, delta time, a built font
// atlas, no renderer. Frames are run with frame(); mouse state is set between frames.
#pragma once

#include <imgui.h>

#include <functional>
#include <memory>

#include "attn/params.hpp"
#include "scene/build.hpp"
#include "ui/app_state.hpp"

namespace ui_test {

struct ImGuiFixture {
  ImGuiContext* ctx = nullptr;

  explicit ImGuiFixture(ImVec2 display = {1280.0f, 720.0f}) {
    ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // headless: no layout file
    io.DisplaySize = display;
    io.DeltaTime = 1.0f / 60.0f;
    // As the GLFW backend maps them (GLFW_KEY_ESCAPE, GLFW_KEY_RIGHT, …).
    io.KeyMap[ImGuiKey_Escape] = 256;
    io.KeyMap[ImGuiKey_Space] = 32;
    io.KeyMap[ImGuiKey_RightArrow] = 262;
    io.KeyMap[ImGuiKey_LeftArrow] = 263;
    io.KeyMap[ImGuiKey_DownArrow] = 264;
    io.KeyMap[ImGuiKey_UpArrow] = 265;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  ~ImGuiFixture() { ImGui::DestroyContext(ctx); }
  ImGuiFixture(const ImGuiFixture&) = delete;
  ImGuiFixture& operator=(const ImGuiFixture&) = delete;

  // Mouse state for the next frame (ImGui derives clicks, releases and deltas across frames).
  void mouse(ImVec2 pos, bool left = false, bool right = false, bool middle = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = pos;
    io.MouseDown[0] = left;
    io.MouseDown[1] = right;
    io.MouseDown[2] = middle;
  }
  void key(int code, bool down) { ImGui::GetIO().KeysDown[code] = down; }

  // One frame: NewFrame, body, Render. Returns the draw data's total vertex count.
  int frame(const std::function<void()>& body) {
    ImGui::NewFrame();
    body();
    ImGui::Render();
    return ImGui::GetDrawData()->TotalVtxCount;
  }
};

// A small self-attention result (N = 6, D = 16, H = 2) from the real kernel.
inline std::shared_ptr<const attn::Result> smallResult(attn::Params p = {}) {
  if (p.text.empty()) p.text = "the cat sat on the mat";
  p.d_model = 16;
  p.heads = 2;
  return std::make_shared<const attn::Result>(attn::forward(attn::makeInputs(p)));
}

// The state an app would have after its first build: result set, camera framed on the scene.
struct SceneFixture {
  ui::AppState state;
  scene::SceneData scene;
  scene::SceneLayout layout;

  explicit SceneFixture(attn::Params p = {}) {
    state.result = smallResult(p);
    state.params = p;
    rebuild();
    state.camera.viewport = {1280.0f, 720.0f};
    state.camera.reset(scene.bounds_min, scene.bounds_max);
    state.bounds_min = scene.bounds_min;
    state.bounds_max = scene.bounds_max;
  }
  void rebuild() { scene = scene::build(*state.result, state.view, scene.revision + 1, layout); }
};

}  // namespace ui_test
