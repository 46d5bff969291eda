// The state the panels, the overlay and the scene input edit and read: plain data owned by the
// app. The app fills the "from the app" fields each frame; the ui functions change the rest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "attn/attention.hpp"
#include "attn/params.hpp"
#include "core/image.hpp"
#include "scene/camera.hpp"
#include "scene/picking.hpp"
#include "scene/view_options.hpp"

namespace ui {

// A cell pinned by clicking its bar: weights[head, query, key] stays listed in the Probes panel.
struct Probe {
  int head = 0, query = 0, key = 0;
  friend bool operator==(const Probe&, const Probe&) = default;
};

inline constexpr size_t kMaxProbes = 64;  // the oldest is dropped beyond this

// What is under the mouse (set by handleSceneInput, read by the overlay's tooltip). At most one
// of the first two is set: the nearer along the ray. The ViT view sets `token` alone.
struct Hover {
  std::optional<scene::CellHit> cell;
  std::optional<scene::ArrowHit> arrow;
  std::optional<scene::TokenHit> token;  // the patch (or CLS) under the mouse, ViT view
  bool empty() const { return !cell && !arrow && !token; }
};

// What the last pick was made for: picking is skipped while the cursor, the camera and the scene
// (SceneData::revision) stay the same.
struct PickKey {
  glm::vec2 cursor{-1.0f};
  glm::mat4 view_projection{0.0f};
  uint64_t revision = 0;
  size_t bars = 0, arrows = 0;
  friend bool operator==(const PickKey&, const PickKey&) = default;
};

// Mouse drags that started in the scene (not over a panel) and so belong to the camera.
struct DragState {
  int orbit_button = -1;        // 0 (left) while orbiting, else -1
  int pan_button = -1;          // 1 or 2 (right, middle), or 0 for Shift + left, while panning
  bool suppress_click = false;  // the release after a double-click is not a click
};

// How the animation plays (its position, view.time, is part of the view: the scene depends on it).
struct Playback {
  bool playing = false;
  float speed = 1.0f;  // timeline seconds per second of wall time
  bool loop = false;
};

struct AppState {
  // [SECTION] Edited by the panels
  attn::Params params;            // Model panel; a change means: submit a new computation
  scene::ViewOptions view;        // View panel; a change means: rebuild the scene
  scene::OrbitCamera camera;      // View panel presets and handleSceneInput; no rebuild needed
  std::vector<Probe> probes;      // pinned by clicks, removed in the Probes panel
  Playback playback;              // Animation panel and keys; view.animate/time/animation_mode too
  bool vit_follow_mouse = false;  // ViT panel: the query patch follows the mouse

  // [SECTION] The Vision Transformer view (set by the app when it opened a picture)
  std::shared_ptr<const core::Image> image;  // null: the attention-matrix view
  std::string image_name;                    // the file's name, for the panel
  // A model's attention file over the picture: its layers (view.vit.layer picks one) and name;
  // 0 layers: the synthetic heads attnviz computes from the pixels.
  int model_layers = 0;
  std::string model_name;

  // [SECTION] From the app, each frame
  std::shared_ptr<const attn::Result> result;  // the last finished result (null before the first)
  bool computing = false;                      // a computation is pending or running
  std::string error;                           // why the last parameters were refused, or empty
  double kernel_ms = 0;                        // attn::Computed::kernel_ms of `result`
  double frame_ms = 0;                         // the last frame's wall time
  size_t bar_count = 0, arrow_count = 0;       // instances in the current SceneData
  bool lod_active = false;                     // the renderer draws the height map, not bars

  // [SECTION] Kept by the ui between frames
  Hover hover;
  PickKey hover_key;
  DragState drag;
  glm::vec3 bounds_min{0.0f}, bounds_max{0.0f};             // the scene's, for F / R / presets
  std::optional<scene::OrbitCamera> camera_before_overlay;  // restored when the overlay goes
};

}  // namespace ui
