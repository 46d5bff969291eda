// The frame shared by the window and the headless renderer: take the newest kernel result (or a
// model file's view), rebuild the scene when the result or the view changed, run the ImGui panels,
// overlay and scene input, and draw. The window and headless paths differ only in where the
// context and the input come from.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/cli.hpp"
#include "app/file_source.hpp"
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
  // `makeInputs`: the generated model's inputs from the edited parameters (inputMaker(cl)).
  // `picture`: the Vision Transformer view of that picture (the worker embeds its patches instead,
  // until closeFile goes back to the generated model).
  // `vit`: a ViT's attention file instead (its picture; nothing is computed, see submit()).
  Viewer(const CommandLine& cl, bool panels, attn::InputMaker makeInputs,
         std::shared_ptr<const core::Image> picture = nullptr,
         std::shared_ptr<const io::VitFile> vit = nullptr);

  // Hands a finished computation to the state (first result: frames the camera). Ignored while
  // a file is open.
  void accept(attn::Computed computed);
  // Submits the state's parameters to the worker; with a ViT file, shows the map of the view's
  // layer (a copy of the file's arrays, no kernel) at once, or by the next updateUi before the
  // display size is known.
  void submit();

  // [SECTION] Model files (app/file_source.hpp)
  // Shows a file read by readModelFile in place of the generated model, at the state's view of
  // it (layer, heads, overview, rollout). Headless: its first scene is ready on return.
  void showFile(std::shared_ptr<const ui::OpenFile> file);
  // Reads a file on a background thread (inline when headless) and shows it; a file that cannot
  // be read leaves the scene as it was, state().file.error saying why. A picture (.png, .jpg)
  // opens the Vision Transformer view of it, with attnviz's own patch heads.
  void openFile(const std::string& path);
  // Back to the generated model (the Model panel's parameters) from a model's file or the
  // picture view.
  void closeFile();
  // Keeps the File panel's recent files in `path` (ui/recent_files.hpp); the window only.
  void keepRecentFiles(const std::string& path);
  // Call before ImGui::NewFrame: a file's tokens may need glyphs the font atlas lacks (it cannot
  // change inside a frame); adds them and remakes the renderer's font texture.
  void prepareFrame();
  // One ImGui frame's worth of UI between ImGui::NewFrame and ImGui::Render: panels, scene input
  // (when `input`), overlay. Rebuilds and re-uploads the scene as needed.
  void updateUi(bool input);
  // Draws the scene into the bound framebuffer (size in pixels). ImGui's draw data goes after.
  // `transparent`: no background, alpha 0 around the scene (recordings to PNG). `exact`: bars
  // stay bars whatever their size on screen (screenshots and recordings; see setMinBarPixels).
  void drawScene(glm::ivec2 framebufferSize, bool transparent = false, bool exact = false);

  // Who is looking: the camera, whether the panels are drawn, what is under the mouse. An
  // offscreen frame from the window (a recording) swaps its own look in for that frame and the
  // window's back afterwards; swapLook returns the look it replaced.
  struct Look {
    scene::OrbitCamera camera;
    bool panels = false;
    ui::Hover hover;  // empty for a recording: no tooltip in the video
  };
  Look swapLook(Look look);

  // The animation at `seconds` (clamped to the timeline; turns the animation on, pauses it); in
  // the picture view, the query sweep (scene::vitSweepToken). Recording calls this with
  // t = frame / fps: the scene is a pure function of the view and t.
  void setTime(double seconds);
  // Seconds of the whole animation for the current result and mode (0 before the first result).
  double animationDuration() const;
  // The animation on at `seconds`, or off (the finished computation), without moving the camera:
  // a recording from the window puts the window's own moment back with it.
  void showAnimation(bool animate, double seconds);
  // Frames the camera on the current scene as on the first one (the start preset). Reads the
  // display size: the ImGui context of the view it is for must be current.
  void reframe() { frameStart(m_mode); }

  // Window: scenes above kInlineBuildCells are built on a background thread (the frame goes on
  // with the previous scene), and files are read and their views computed there too. Off by
  // default: headless frames must show exactly their time and file.
  void buildInBackground(bool on) { m_background = on; }
  // The window on a software renderer: bars narrower than `pixels` on screen are drawn as the
  // height map (gfx::RendererOptions::minBarPixels); the Stats panel says so.
  void setMinBarPixels(float pixels) { m_renderer.setMinBarPixels(pixels); }
  static constexpr size_t kInlineBuildCells = size_t{1} << 16;  // about a millisecond to build

  ui::AppState& state() { return m_state; }
  attn::ComputeWorker& worker() { return m_worker; }

 private:
  // What a scene is built from: a result, or an open file's overview or rollout.
  struct BuildRequest {
    std::shared_ptr<const attn::Result> result;
    std::shared_ptr<const ui::OpenFile> file;        // null: the generated model
    std::shared_ptr<const ui::RolloutData> rollout;  // ModelView::Rollout
    std::shared_ptr<const core::Image> picture;      // the ViT view; null: the attention matrix
    scene::ViewOptions view;
    uint64_t revision = 0;
    scene::ModelView mode() const { return file ? view.model_view : scene::ModelView::Layer; }
  };
  struct Built {
    scene::SceneData scene;
    scene::SceneLayout layout;
    bool animated = false;  // view.animate of the request
    scene::ModelView mode = scene::ModelView::Layer;
    const void* source = nullptr;  // the file (or null): a new one reframes the camera
  };
  // What openFile read: a model's attention file, or a picture (the ViT view of attnviz's heads).
  struct Loaded {
    std::string path;
    std::shared_ptr<const ui::OpenFile> file;
    std::shared_ptr<const core::Image> picture;
    std::string error;
  };
  static Loaded load(const std::string& path, int batch);
  // The picture the worker embeds instead of the command line's inputs, once one was opened in
  // the app (set on the render thread, read by the worker's thread).
  class OpenedPicture {
   public:
    void set(std::shared_ptr<const core::Image> picture);
    std::shared_ptr<const core::Image> get() const;

   private:
    mutable std::mutex m_mutex;
    std::shared_ptr<const core::Image> m_picture;
  };
  static Built buildScene(const BuildRequest& request);
  static size_t cellsOf(const BuildRequest& request);
  void rebuildScene();
  void adopt(Built built);  // a finished build: upload, counts, camera framing
  void fitViewport();       // camera viewport and framing share from the display and the panels
  void frameMode(scene::ModelView mode);   // the camera's first look at a view of a file
  void frameStart(scene::ModelView mode);  // the first look at a scene: fitViewport, then preset
  void acceptResult(std::shared_ptr<const attn::Result> result, double ms);
  void adoptLoaded(Loaded loaded);
  void showPicture(std::shared_ptr<const core::Image> picture, const std::string& path);
  void forgetFile();     // no model file open: its state, view and probes reset
  void forgetVit();      // no ViT file open
  void forgetPicture();  // the attention-matrix view: no picture, no ViT file
  // Between the matrix and the picture view: no result, query or animation, a first look again.
  void startOver();
  void rememberRecent(const std::string& path);  // first in the File panel's recent files
  void adoptModel(ModelAnswer answer);
  void syncModel();   // computes what the view of an open file needs, when it changed
  void showVitMap();  // the ViT file's result for view.vit.layer / map, when they changed

  ui::AppState m_state;
  std::shared_ptr<OpenedPicture> m_opened = std::make_shared<OpenedPicture>();
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
  scene::ModelView m_mode = scene::ModelView::Layer;  // of the framed scene
  const void* m_source = nullptr;                     // of the framed scene
  ModelRequest m_requested;                           // the open file's view last computed
  std::string m_loadingPath;                          // the file being read
  std::string m_recentPath;                           // where the recent files are kept
  std::string m_glyphs;  // text whose glyphs the fonts must get before the next frame
  int m_batch = 0;       // --batch, for files opened in the window
  std::shared_ptr<const io::VitFile> m_vit;        // a ViT's attention file (null: none)
  std::vector<attn::Matrix> m_vitRollout;          // of m_vit, every layer
  std::optional<std::pair<int, bool>> m_vitShown;  // layer and rollout of state.result
  // Last: their threads stop before the members above go.
  core::LatestWorker<std::string, Loaded> m_loader;
  core::LatestWorker<ModelRequest, ModelAnswer> m_model;
  core::LatestWorker<BuildRequest, Built> m_builder;
};

// "perspective", "top", "front", "side" (the --view choices).
scene::ViewPreset presetFromName(const std::string& name);

// View options from the command line (the screenshot's, and the window's start). `cls_first`:
// the picture's tokens start with CLS (--query-patch K is then token K + 1).
void applyViewChoices(const ViewChoices& choices, ui::AppState& state, bool cls_first = true);

}  // namespace app
