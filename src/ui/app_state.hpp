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
#include "attn/model_attention.hpp"
#include "attn/params.hpp"
#include "core/image.hpp"
#include "record/recording.hpp"
#include "record/settings.hpp"
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

// The Record panel's settings, its requests to the app, and the app's report on a recording.
struct RecordUi {
  // Edited by the panel.
  record::Settings settings = defaultRecordSettings();
  bool whole_animation = true;       // else settings.range.start / end
  bool start = false, stop = false;  // requests: the app acts on them and clears them

  // From the app.
  bool active = false;  // a recording is running (one frame per UI frame)
  record::Progress progress;
  std::string message;  // the last recording's summary, or why it failed
  bool failed = false;
  double animation_duration = 0.0;  // seconds, for the range fields

  static record::Settings defaultRecordSettings() {
    record::Settings s;
    s.out = "attnviz_recording.mp4";
    return s;
  }
};

// A model's attention file open in the viewer (app/file_source.hpp reads it).
struct OpenFile {
  std::string path;
  std::shared_ptr<const attn::ModelAttention> model;
  std::string description;            // the layout found: "attentions [L, H, N, M] = …"
  std::vector<std::string> warnings;  // one line each
  uint64_t bytes = 0;                 // float32 bytes held
  double load_ms = 0;                 // reading and checking it
};

// Attention rollout of the open file at one residual share: Â_l and R_l (attn/rollout.hpp).
struct RolloutData {
  float residual = 0.5f;
  std::vector<attn::Matrix> mixing, partial;
};

// The File panel and the file-mode Model panel edit this; the app fills the rest.
struct FileState {
  std::shared_ptr<const OpenFile> open;  // null: the generated model (the Model panel's inputs)
  std::string loading;                   // the path being read, "" when none
  std::string error;                     // why the last file could not be opened ("" when it could)
  std::string path_input;                // the File panel's path field
  std::vector<std::string> recent;       // most recent first (ui/recent_files.hpp)
  std::optional<attn::ScoreCheck> check;  // softmax(q·kᵀ/√d_k) vs the stored weights, shown layer
  std::shared_ptr<const RolloutData> rollout;  // at view.residual; null until computed
};

struct AppState {
  // [SECTION] Edited by the panels
  attn::Params params;            // Model panel; a change means: submit a new computation
  scene::ViewOptions view;        // View panel; a change means: rebuild the scene
  scene::OrbitCamera camera;      // View panel presets and handleSceneInput; no rebuild needed
  std::vector<Probe> probes;      // pinned by clicks, removed in the Probes panel
  Playback playback;              // Animation panel and keys; view.animate/time/animation_mode too
  RecordUi record;                // Record panel; the app runs the recording it asks for
  FileState file;                 // File panel; while a file is open it replaces `params`
  bool vit_follow_mouse = false;  // ViT panel: the query patch follows the mouse

  // [SECTION] The Vision Transformer view (set by the app when it opened a picture)
  std::shared_ptr<const core::Image> image;  // null: the attention-matrix view
  std::string image_path;  // where the picture came from: the picture, or the ViT file holding it
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
