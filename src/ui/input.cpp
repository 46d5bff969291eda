// [SECTION] Picking and probes
// [SECTION] Mouse
// [SECTION] Keys
// [SECTION] handleSceneInput
#include "ui/input.hpp"

#include <algorithm>

#include "scene/picking.hpp"
#include "ui/playback.hpp"
#include "ui/vit_input.hpp"

namespace ui {

// [SECTION] Picking and probes

Hover pickAt(const scene::OrbitCamera& camera, const scene::SceneData& scene,
             const scene::SceneLayout& layout, ImVec2 screen) {
  Hover hover;
  const scene::Ray ray = camera.screenRay({screen.x, screen.y});
  if (layout.vit) {
    hover.token = scene::pickVitToken(scene, *layout.vit, ray);
    return hover;
  }
  if (scene.bars.empty() && scene.arrows.empty()) return hover;
  auto cell = scene::pickCell(scene, layout, ray);
  auto arrow = scene::pickArrow(scene, layout, ray);
  if (cell && arrow) {
    if (arrow->t < cell->t) {
      cell.reset();
    } else {
      arrow.reset();
    }
  }
  hover.cell = cell;
  hover.arrow = arrow;
  return hover;
}

void toggleProbe(AppState& state, Probe probe) {
  auto& probes = state.probes;
  if (const auto it = std::find(probes.begin(), probes.end(), probe); it != probes.end()) {
    probes.erase(it);
    return;
  }
  probes.push_back(probe);
  if (probes.size() > kMaxProbes) probes.erase(probes.begin());
}

namespace {

// [SECTION] Mouse

constexpr int kLeft = 0, kRight = 1, kMiddle = 2;

// A point to focus on: the picked bar or arrow, else the ground under the cursor.
std::optional<glm::vec3> focusPoint(const AppState& state, const scene::SceneData& scene,
                                    const scene::SceneLayout& layout, ImVec2 screen) {
  const Hover hit = pickAt(state.camera, scene, layout, screen);
  if (hit.cell) return hit.cell->point;
  const scene::Ray ray = state.camera.screenRay({screen.x, screen.y});
  if (hit.arrow) return ray.origin + hit.arrow->t * ray.direction;
  if (std::abs(ray.direction.y) > 1e-6f) {
    const float t = -ray.origin.y / ray.direction.y;
    if (t > 0.0f) return ray.origin + t * ray.direction;
  }
  return std::nullopt;
}

// Opens the overview's field of (layer, head) as one layer (head: a head or kHeadMean/kHeadMax).
void expandField(scene::ViewOptions& v, int layer, int head) {
  v.model_view = scene::ModelView::Layer;
  v.layer = layer;
  v.aggregate = head == scene::kHeadMean  ? attn::HeadAggregate::Mean
                : head == scene::kHeadMax ? attn::HeadAggregate::Max
                                          : attn::HeadAggregate::None;
  if (head >= 0) v.selected_head = head;
}

// A click (press and release without dragging) on the scene: pin a bar or select a query; in a
// file's overview, open the field clicked; in its rollout, follow the row's token.
bool click(AppState& state, const scene::SceneData& scene, const scene::SceneLayout& layout,
           ImVec2 screen) {
  const Hover hit = pickAt(state.camera, scene, layout, screen);
  if (hit.token && layout.vit) return setVitQuery(state, *layout.vit, hit.token->token);
  const scene::ModelView mode = state.file.open ? state.view.model_view : scene::ModelView::Layer;
  if (hit.cell && mode == scene::ModelView::Overview) {
    expandField(state.view, hit.cell->layer, hit.cell->head);
    return true;
  }
  if (hit.cell && mode == scene::ModelView::Rollout) {
    const bool same = state.view.selected_query == hit.cell->query;
    state.view.selected_query = hit.cell->query;
    return !same;
  }
  if (hit.cell) {
    toggleProbe(state, {hit.cell->head, hit.cell->query, hit.cell->key});
    return false;
  }
  if (hit.arrow &&
      (hit.arrow->role == scene::ArrowRole::Query || hit.arrow->role == scene::ArrowRole::Output)) {
    const bool same = state.view.selected_query == hit.arrow->token;
    state.view.selected_query = same ? -1 : hit.arrow->token;
    return true;
  }
  return false;
}

bool handleMouse(AppState& state, const scene::SceneData& scene, const scene::SceneLayout& layout) {
  const ImGuiIO& io = ImGui::GetIO();
  DragState& drag = state.drag;
  const bool free = !io.WantCaptureMouse && ImGui::IsMousePosValid();
  bool view_changed = false;

  // Drags belong to the scene only when they start there; they go on over panels.
  if (free) {
    if (io.MouseClicked[kLeft]) {
      (io.KeyShift ? drag.pan_button : drag.orbit_button) = kLeft;
    }
    if (io.MouseClicked[kRight] && drag.pan_button < 0) drag.pan_button = kRight;
    if (io.MouseClicked[kMiddle] && drag.pan_button < 0) drag.pan_button = kMiddle;
    if (io.MouseDoubleClicked[kLeft]) {
      if (const auto p = focusPoint(state, scene, layout, io.MousePos)) state.camera.target = *p;
      drag.suppress_click = true;  // the release that follows is not a click
    }
    if (io.MouseWheel != 0.0f)
      state.camera.zoomToward({io.MousePos.x, io.MousePos.y}, io.MouseWheel);
  }

  const ImVec2 d = io.MouseDelta;
  const bool moved = ImGui::IsMousePosValid() && (d.x != 0.0f || d.y != 0.0f);
  if (moved && drag.orbit_button >= 0) state.camera.orbit(d.x, d.y);
  if (moved && drag.pan_button >= 0) state.camera.pan(d.x, d.y);

  // A left release that never went past the drag threshold is a click.
  if (io.MouseReleased[kLeft] && (drag.orbit_button == kLeft || drag.pan_button == kLeft)) {
    const float limit = io.MouseDragThreshold * io.MouseDragThreshold;
    if (!drag.suppress_click && io.MouseDragMaxDistanceSqr[kLeft] <= limit) {
      view_changed |= click(state, scene, layout, io.MousePos);
    }
    drag.suppress_click = false;
  }
  if (drag.orbit_button >= 0 && !io.MouseDown[drag.orbit_button]) drag.orbit_button = -1;
  if (drag.pan_button >= 0 && !io.MouseDown[drag.pan_button]) drag.pan_button = -1;

  // Hover only while the mouse rests on the scene (not while dragging the camera).
  const bool dragging = drag.orbit_button >= 0 || drag.pan_button >= 0;
  if (!free || dragging) {
    state.hover = {};
    state.hover_key = {};
    return view_changed;
  }
  const PickKey key{{io.MousePos.x, io.MousePos.y},
                    state.camera.viewProjection(),
                    scene.revision,
                    scene.bars.size(),
                    scene.arrows.size()};
  if (key != state.hover_key) {
    state.hover = pickAt(state.camera, scene, layout, io.MousePos);
    state.hover_key = key;
  }
  if (state.vit_follow_mouse && layout.vit && state.hover.token) {
    view_changed |= setVitQuery(state, *layout.vit, state.hover.token->token);
  }
  return view_changed;
}

// [SECTION] Keys

// The platform backend's key codes: GLFW's equal ASCII for letters and digits.
bool pressed(int key) {
  return ImGui::IsKeyPressed(key, false);
}

// Named keys through the backend's key map (-1 when it maps none).
bool named(ImGuiKey key, bool repeat) {
  const int index = ImGui::GetKeyIndex(key);
  return index >= 0 && ImGui::IsKeyPressed(index, repeat);
}

// One step through a file layer's heads, then its mean and max over heads (Left/Right).
void stepHead(scene::ViewOptions& v, int heads, int direction) {
  using attn::HeadAggregate;
  // Choices 0 … H−1, H (mean), H + 1 (max).
  int choice = v.aggregate == HeadAggregate::Mean  ? heads
               : v.aggregate == HeadAggregate::Max ? heads + 1
                                                   : v.selected_head;
  choice = std::clamp(choice + direction, 0, heads + 1);
  v.aggregate = choice == heads       ? HeadAggregate::Mean
                : choice == heads + 1 ? HeadAggregate::Max
                                      : HeadAggregate::None;
  if (choice < heads) v.selected_head = choice;
}

// A file's keys: PageUp/PageDown layers, O overview, Enter opens the overview's highlighted field,
// Left/Right heads (and aggregates). True when the view changed.
bool handleFileKeys(AppState& state) {
  const attn::ModelAttention& m = *state.file.open->model;
  scene::ViewOptions& v = state.view;
  const scene::ViewOptions before = v;
  if (named(ImGuiKey_PageDown, true)) v.layer = std::min(v.layer + 1, m.layers - 1);
  if (named(ImGuiKey_PageUp, true)) v.layer = std::max(v.layer - 1, 0);
  if (pressed('O')) {
    v.model_view = v.model_view == scene::ModelView::Overview ? scene::ModelView::Layer
                                                              : scene::ModelView::Overview;
    stopAnimation(state);
  }
  if (v.model_view == scene::ModelView::Overview && named(ImGuiKey_Enter, false)) {
    v.model_view = scene::ModelView::Layer;
  }
  const bool heads_here = v.model_view == scene::ModelView::Overview ||
                          (v.model_view == scene::ModelView::Layer && !v.animate);
  if (heads_here && named(ImGuiKey_RightArrow, true)) stepHead(v, m.heads, +1);
  if (heads_here && named(ImGuiKey_LeftArrow, true)) stepHead(v, m.heads, -1);
  return v.layer != before.layer || v.model_view != before.model_view ||
         v.aggregate != before.aggregate || v.selected_head != before.selected_head;
}

bool handleKeys(AppState& state, const scene::SceneLayout& layout) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantCaptureKeyboard || io.KeyCtrl || io.KeyAlt || io.KeySuper) return false;
  scene::OrbitCamera& c = state.camera;
  if (pressed('F')) c.frame(state.bounds_min, state.bounds_max, 0.0f);
  if (pressed('R')) c.reset(state.bounds_min, state.bounds_max);
  if (pressed('P')) c.orthographic = !c.orthographic;
  for (int digit = 1; digit <= 9; ++digit) {
    if (!pressed('0' + digit)) continue;
    if (const auto preset = scene::presetForKey(digit)) {
      c.applyPreset(*preset, state.bounds_min, state.bounds_max);
    }
  }
  if (layout.vit) return handleVitKeys(state, *layout.vit);
  scene::ViewOptions& v = state.view;
  const int old_query = v.selected_query, old_head = v.selected_head;
  bool animation_changed = false;
  const bool file_changed = state.file.open && handleFileKeys(state);
  if (named(ImGuiKey_Escape, false)) v.selected_query = -1;
  if (named(ImGuiKey_Space, false)) animation_changed |= togglePlay(state);
  if (state.result) {
    // Up/Down walk the query rows (from "none" into the first); Left/Right the heads, or the
    // animation's steps while it is on.
    const int n = state.result->n, heads = state.result->heads;
    if (named(ImGuiKey_DownArrow, true)) v.selected_query = std::min(v.selected_query + 1, n - 1);
    if (named(ImGuiKey_UpArrow, true)) v.selected_query = std::max(v.selected_query - 1, 0);
    if (v.animate) {
      if (named(ImGuiKey_RightArrow, true)) animation_changed |= step(state, +1);
      if (named(ImGuiKey_LeftArrow, true)) animation_changed |= step(state, -1);
    } else if (!state.file.open) {  // a file's heads are stepped by handleFileKeys
      if (named(ImGuiKey_RightArrow, true))
        v.selected_head = std::min(v.selected_head + 1, heads - 1);
      if (named(ImGuiKey_LeftArrow, true)) v.selected_head = std::max(v.selected_head - 1, 0);
    }
  }
  return file_changed || animation_changed || v.selected_query != old_query ||
         v.selected_head != old_head;
}

}  // namespace

// [SECTION] handleSceneInput

bool handleSceneInput(AppState& state, const scene::SceneData& scene,
                      const scene::SceneLayout& layout) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.DisplaySize.x > 0.0f && io.DisplaySize.y > 0.0f) {
    state.camera.viewport = {io.DisplaySize.x, io.DisplaySize.y};
  }
  if (!scene.bars.empty() || !scene.arrows.empty() || !scene.ground.empty()) {
    state.bounds_min = scene.bounds_min;
    state.bounds_max = scene.bounds_max;
  }
  bool view_changed = handleMouse(state, scene, layout);
  view_changed |= handleKeys(state, layout);
  return view_changed;
}

}  // namespace ui
