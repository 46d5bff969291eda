// The frame shared by the window and the headless renderer: take the newest kernel result, rebuild
// the scene when the result or the view changed, run the ImGui panels, overlay and scene input, and
// draw. The window and headless paths differ only in where the context and the input come from.
#pragma once

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "app/cli.hpp"
#include "attn/compute_worker.hpp"
#include "core/latest_worker.hpp"
#include "gfx/renderer.hpp"
#include "io/vit_file.hpp"
#include "scene/build.hpp"
#include "scene/vit_build.hpp"
#include "ui/app_state.hpp"

namespace app {

class Viewer {
 public:
  // Needs a current GL context and an ImGui context whose renderer backend is initialised.
  // `panels`: the side panels are drawn (the camera frames the scene between them).
  // `makeInputs`: what the worker computes from the edited parameters (see inputMaker()).
  // `picture`: the Vision Transformer view of that picture (makeInputs embeds its patches).
  // `model`: a ViT's attention file instead (its picture; nothing is computed, see submit()).
  Viewer(const CommandLine& cl, bool panels, attn::InputMaker makeInputs,
         std::shared_ptr<const core::Image> picture = nullptr,
         std::shared_ptr<const io::VitFile> model = nullptr);

  // Hands a finished computation to the state (first result: frames the camera).
  void accept(attn::Computed computed);
  // Submits the state's parameters to the worker; with a model file, the next updateUi shows the
  // map of the view's layer (a copy of the file's arrays, no kernel).
  void submit();
  // One ImGui frame's worth of UI between ImGui::NewFrame and ImGui::Render: panels, scene input
  // (when `input`), overlay. Rebuilds and re-uploads the scene as needed.
  void updateUi(bool input);
  // Draws the scene into the bound framebuffer (size in pixels). ImGui's draw data goes after.
  void drawScene(glm::ivec2 framebufferSize);

  // The animation at `seconds` (clamped to the timeline; turns the animation on, pauses it).
  // Recording calls this with t = frame / fps: the scene is a pure function of the view and t.
  void setTime(double seconds);
  // Seconds of the whole animation for the current result and mode (0 before the first result).
  double animationDuration() const;

  // Window: scenes above kInlineBuildCells are built on a background thread (the frame goes on
  // with the previous scene). Off by default: headless frames must show exactly their time.
  void buildInBackground(bool on) { m_background = on; }
  static constexpr size_t kInlineBuildCells = size_t{1} << 16;  // about a millisecond to build

  ui::AppState& state() { return m_state; }
  attn::ComputeWorker& worker() { return m_worker; }

 private:
  struct BuildRequest {
    std::shared_ptr<const attn::Result> result;
    std::shared_ptr<const core::Image> picture;  // the ViT view; null: the attention matrix
    scene::ViewOptions view;
    uint64_t revision = 0;
  };
  struct Built {
    scene::SceneData scene;
    scene::SceneLayout layout;
    bool animated = false;  // view.animate of the request
  };
  static Built buildScene(const BuildRequest& request);
  void rebuildScene();
  void adopt(Built built);  // a finished build: upload, counts, camera framing
  void fitViewport();       // camera viewport and framing share from the display and the panels
  void showModelMap();      // the model file's result for view.vit.layer / map, when they changed

  ui::AppState m_state;
  attn::ComputeWorker m_worker;
  gfx::Renderer m_renderer;
  scene::SceneData m_scene;
  scene::SceneLayout m_layout;
  uint64_t m_revision = 0;
  bool m_panels = false;
  scene::ViewPreset m_startPreset = scene::ViewPreset::Perspective;
  int m_startStage = 0;     // --stage K, resolved on the first result (the timeline needs N, M)
  bool m_framed = false;    // the camera has been framed on a first scene
  bool m_animated = false;  // view.animate of the framed scene: turning it on or off reframes
  bool m_background = false;
  std::shared_ptr<const io::VitFile> m_model;        // a ViT's attention file (null: none)
  std::vector<attn::Matrix> m_rollout;               // of m_model, every layer
  std::optional<std::pair<int, bool>> m_modelShown;  // layer and rollout of state.result
  // Last: its thread stops before the members above go.
  core::LatestWorker<BuildRequest, Built> m_builder;
};

// "perspective", "top", "front", "side" (the --view choices).
scene::ViewPreset presetFromName(const std::string& name);

// View options from the command line (the screenshot's, and the window's start). `cls_first`:
// the picture's tokens start with CLS (--query-patch K is then token K + 1).
void applyViewChoices(const ViewChoices& choices, ui::AppState& state, bool cls_first = true);

}  // namespace app
