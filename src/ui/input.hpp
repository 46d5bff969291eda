// Mouse and keyboard on the 3D scene (through ImGuiIO, so no GLFW here). Input that ImGui wants
// (a panel under the mouse, a text field with focus) is left to ImGui.
//
//   left drag: orbit · right/middle drag or Shift + left drag: pan · wheel: zoom toward the cursor
//   double-click: focus the point under the cursor · click a bar: pin/unpin it as a probe
//   click a q or output arrow: select/deselect that query · hover: state.hover
//   F frame all · R reset · 1–4 view presets · P perspective/orthographic · Esc: deselect query
//   Up/Down: previous/next query · Left/Right: previous/next head, or while animating the
//   previous/next step · Space: play/pause the animation
//   With a file open: PageUp/PageDown previous/next layer · Left/Right also reach the mean and
//   max over heads · O overview on/off · Enter or a click on an overview field opens it as one
//   layer · a click in the rollout follows that row's token
//
// The ViT view (layout.vit) has its own clicks, hover and keys: see ui/vit_input.hpp.
#pragma once

#include <imgui.h>

#include "scene/build.hpp"
#include "scene/scene_data.hpp"
#include "ui/app_state.hpp"

namespace ui {

// Call once per frame after ImGui::NewFrame and the panels, with the scene the renderer draws.
// Also sets state.camera.viewport to io.DisplaySize (mouse coordinates) and state.bounds_* from
// the scene. Returns true when state.view changed (query or head selection): rebuild the scene.
bool handleSceneInput(AppState& state, const scene::SceneData& scene,
                      const scene::SceneLayout& layout);

// The nearer of the bar and the arrow under a screen point; in the ViT view, the token (pure: no
// ImGui).
Hover pickAt(const scene::OrbitCamera& camera, const scene::SceneData& scene,
             const scene::SceneLayout& layout, ImVec2 screen);

// Pins the cell, or unpins it when it is already pinned (keeps at most kMaxProbes).
void toggleProbe(AppState& state, Probe probe);

}  // namespace ui
