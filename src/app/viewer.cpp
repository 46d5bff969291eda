#include "app/viewer.hpp"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <filesystem>

#include "attn/patch_embeddings.hpp"
#include "attn/rollout.hpp"
#include "core/error.hpp"
#include "io/image_file.hpp"
#include "scene/overview.hpp"
#include "scene/rollout_view.hpp"
#include "ui/input.hpp"
#include "ui/overlay.hpp"
#include "ui/panels.hpp"
#include "ui/playback.hpp"
#include "ui/recent_files.hpp"
#include "ui/style.hpp"

namespace app {

void applyViewChoices(const ViewChoices& choices, ui::AppState& state, bool cls_first) {
  scene::ViewOptions& v = state.view;
  v.layout = choices.layout == "all" ? scene::HeadLayout::AllHeads : scene::HeadLayout::SingleHead;
  v.value = choices.value == "scores" ? scene::BarValue::Scores
            : choices.value == "raw"  ? scene::BarValue::RawScores
                                      : scene::BarValue::Weights;
  v.colormap = scene::suggestedColormap(v.value);
  v.selected_head = choices.head;
  v.selected_query = choices.query;
  v.animation_mode = choices.animation_mode == "row"    ? scene::AnimationMode::RowByRow
                     : choices.animation_mode == "cell" ? scene::AnimationMode::CellByCell
                                                        : scene::AnimationMode::WholeMatrix;
  v.animate = choices.time >= 0.0 || choices.stage > 0 || choices.play;
  v.time = std::max(choices.time, 0.0);
  state.playback.playing = choices.play;
  v.model_view = choices.show == "overview"  ? scene::ModelView::Overview
                 : choices.show == "rollout" ? scene::ModelView::Rollout
                                             : scene::ModelView::Layer;
  v.layer = std::max(choices.layer, 0);
  v.aggregate = choices.aggregate == "mean"  ? attn::HeadAggregate::Mean
                : choices.aggregate == "max" ? attn::HeadAggregate::Max
                                             : attn::HeadAggregate::None;
  v.residual = choices.residual;
  if (state.image) {  // the picture view: its query is a token (CLS first when there is one)
    v.animate = false;
    state.playback.playing = false;
    v.vit.overlay = choices.overlay;
    v.vit.map = choices.map == "head"      ? scene::VitMap::Head
                : choices.map == "rollout" ? scene::VitMap::Rollout
                                           : scene::VitMap::MeanOverHeads;
    if (choices.query_cls) v.selected_query = 0;
    if (choices.query_patch >= 0) v.selected_query = choices.query_patch + (cls_first ? 1 : 0);
  }
}

scene::ViewPreset presetFromName(const std::string& name) {
  if (name == "top") return scene::ViewPreset::TopDown;
  if (name == "front") return scene::ViewPreset::Front;
  if (name == "side") return scene::ViewPreset::Side;
  return scene::ViewPreset::Perspective;
}

Viewer::Viewer(const CommandLine& cl, bool panels, attn::InputMaker makeInputs,
               std::shared_ptr<const core::Image> picture, std::shared_ptr<const io::VitFile> vit)
    : m_worker([makeInputs = std::move(makeInputs), opened = m_opened](const attn::Params& p) {
        if (const auto image = opened->get())
          return attn::patchInputs(*image, p.patch, p.temperature);
        return makeInputs(p);
      }),
      m_panels(panels),
      m_startPreset(presetFromName(cl.view.preset)),
      m_startStage(picture || vit ? 0 : cl.view.stage),
      m_batch(cl.batch),
      m_vit(std::move(vit)),
      m_loader([batch = cl.batch](std::string&& path, uint64_t) { return load(path, batch); }),
      m_model([](ModelRequest&& request, uint64_t) { return computeModelView(request); }),
      m_builder([](BuildRequest&& request, uint64_t) { return buildScene(request); }) {
  m_state.params = cl.params;
  m_state.image = m_vit ? m_vit->picture : std::move(picture);
  if (!m_vit) m_opened->set(m_state.image);  // the patches the worker embeds
  if (m_state.image) {
    const std::string& name = m_vit && cl.image.empty() ? cl.file : cl.image;
    m_state.image_path = name;
    // The overlay is a flat picture: seen from above unless the command line chose a view.
    if (cl.view.overlay && !cl.view.preset_given) m_startPreset = scene::ViewPreset::TopDown;
  }
  // Patch K is token K + 1 behind a CLS: the file's, or the one computed here (--no-cls).
  applyViewChoices(cl.view, m_state, m_vit ? m_vit->grid.cls() : cl.params.patch.cls);
  if (m_vit) {
    const attn::ModelAttention& a = m_vit->attention.attention;
    m_state.model_layers = a.layers;
    m_state.model_name = std::filesystem::path(cl.file).filename().string();
    m_state.view.vit.layer = cl.view.layer >= 0 ? cl.view.layer : a.layers - 1;
    m_vitRollout = attn::rollout(a);
  }
}

void Viewer::submit() {
  if (m_vit) {  // the file's map, at once or by the next updateUi once ImGui knows the display size
    m_vitShown.reset();
    if (ImGui::GetIO().DisplaySize.x > 0.0f) showVitMap();
    return;
  }
  m_worker.submit(m_state.params);
  m_state.computing = true;
}

void Viewer::showVitMap() {
  const scene::VitOptions& v = m_state.view.vit;
  const std::pair<int, bool> key{v.layer, v.map == scene::VitMap::Rollout};
  if (m_vitShown == key) return;
  m_vitShown = key;
  // Head and mean rows come from one layer's result; the rollout is a result of its own.
  attn::Computed computed;
  computed.params = m_state.params;
  computed.result = std::make_shared<const attn::Result>(
      scene::vitModelResult(m_vit->attention.attention, m_vitRollout, v.layer, v.map));
  accept(std::move(computed));
}

void Viewer::accept(attn::Computed computed) {
  if (m_state.file.open) return;  // a file replaced the generated model meanwhile
  m_state.error = computed.error;
  if (!computed.result) return;  // keep showing the last good result
  acceptResult(std::move(computed.result), computed.kernel_ms);
}

void Viewer::acceptResult(std::shared_ptr<const attn::Result> result, double ms) {
  m_state.result = std::move(result);
  m_state.kernel_ms = ms;
  // Selections that no longer exist are dropped rather than clamped to something unrelated (an
  // aggregate over heads keeps the head chosen before it, for stepping back).
  const attn::Result& r = *m_state.result;
  const bool aggregate = m_state.file.open && m_state.view.aggregate != attn::HeadAggregate::None;
  if (m_state.view.selected_head >= r.heads && !aggregate) m_state.view.selected_head = 0;
  if (m_state.view.selected_query >= r.n) m_state.view.selected_query = -1;
  std::erase_if(m_state.probes, [&](const ui::Probe& p) {
    return p.head >= r.heads || p.query >= r.n || p.key >= r.m;
  });
  if (!ui::animationUnavailable(m_state).empty()) ui::stopAnimation(m_state);
  if (m_startStage > 0 && ui::animationUnavailable(m_state).empty()) {
    // The stage's motion done, holding: what that stage shows.
    const auto stage = static_cast<scene::Stage>(m_startStage - 1);
    const scene::Timeline timeline = ui::timelineOf(m_state);
    const double start = timeline.stageStart(stage, std::max(m_state.view.selected_query, 0));
    ui::seek(m_state, timeline.segmentAt(start + 1e-6).end() - 1e-3);
    m_startStage = 0;
  }
  rebuildScene();
}

// [SECTION] Model files

void Viewer::showFile(std::shared_ptr<const ui::OpenFile> file) {
  if (!file) return;
  forgetPicture();  // a file opened in the picture view leaves it (for the file's matrix)
  const attn::ModelAttention& m = *file->model;
  ui::FileState& f = m_state.file;
  f.open = std::move(file);
  f.error.clear();
  f.check.reset();
  f.rollout.reset();
  scene::ViewOptions& v = m_state.view;
  v.layer = std::clamp(v.layer, 0, m.layers - 1);
  if (v.selected_head >= m.heads) v.selected_head = 0;
  if (v.selected_query >= m.n) v.selected_query = -1;
  if (v.model_view == scene::ModelView::Rollout && m.n != m.m)
    v.model_view = scene::ModelView::Layer;
  m_state.probes.clear();  // cells of another result
  m_state.error.clear();
  m_requested = {};
  rememberRecent(f.open->path);
  // Tokens in scripts the fonts may not have yet (Greek, Cyrillic, CJK, …).
  for (const auto* tokens : {&m.tokens, &m.source_tokens})
    for (const std::string& t : *tokens)
      m_glyphs += t;
  syncModel();  // a layer's result or the rollout: rebuilds the scene when it is there
  if (v.model_view == scene::ModelView::Overview) rebuildScene();
}

void Viewer::openFile(const std::string& path) {
  if (path.empty()) return;
  m_state.file.path_input = path;
  if (!m_background) {
    adoptLoaded(load(path, m_batch));
    return;
  }
  m_loadingPath = path;
  m_state.file.loading = path;
  m_loader.submit(path);
}

Viewer::Loaded Viewer::load(const std::string& path, int batch) {
  Loaded loaded;
  loaded.path = path;
  try {
    if (io::isImagePath(path)) {
      loaded.picture = std::make_shared<const core::Image>(io::loadImage(path));
    } else {
      loaded.file = readModelFile(path, batch);
    }
  } catch (const core::Error& e) {
    loaded.error = e.what();
  } catch (const std::bad_alloc&) {
    loaded.error = path + ": out of memory";
  }
  return loaded;
}

void Viewer::adoptLoaded(Loaded loaded) {
  if (loaded.picture) {
    showPicture(std::move(loaded.picture), loaded.path);
  } else if (loaded.file) {
    showFile(std::move(loaded.file));
  } else {
    m_state.file.error = loaded.error;  // the scene stays what it was
  }
}

void Viewer::showPicture(std::shared_ptr<const core::Image> picture, const std::string& path) {
  forgetFile();  // a model's file or a ViT's closes: the kernel computes
  forgetVit();
  startOver();  // the matrix's result, query and animation do not fit the picture
  scene::VitOptions& v = m_state.view.vit;
  v.layer = -1;
  v.sweep = -1.0;
  if (v.map == scene::VitMap::Rollout) v.map = scene::VitMap::MeanOverHeads;
  m_state.error.clear();
  m_state.image = picture;
  m_state.image_path = path;
  rememberRecent(path);
  m_opened->set(std::move(picture));
  submit();
}

void Viewer::OpenedPicture::set(std::shared_ptr<const core::Image> picture) {
  const std::lock_guard lock(m_mutex);
  m_picture = std::move(picture);
}

std::shared_ptr<const core::Image> Viewer::OpenedPicture::get() const {
  const std::lock_guard lock(m_mutex);
  return m_picture;
}

void Viewer::forgetFile() {
  ui::FileState& f = m_state.file;
  f.open.reset();
  f.check.reset();
  f.rollout.reset();
  f.error.clear();
  m_state.view.model_view = scene::ModelView::Layer;
  m_state.view.aggregate = attn::HeadAggregate::None;
  m_state.probes.clear();
  m_requested = {};
}

void Viewer::forgetVit() {
  m_vit.reset();
  m_vitShown.reset();
  m_vitRollout.clear();
  m_state.model_layers = 0;
  m_state.model_name.clear();
}

void Viewer::forgetPicture() {
  forgetVit();
  m_state.image.reset();
  m_state.image_path.clear();
  m_opened->set(nullptr);
}

void Viewer::startOver() {
  m_state.view.selected_query = -1;
  ui::stopAnimation(m_state);
  m_state.result.reset();
  m_framed = false;
}

void Viewer::rememberRecent(const std::string& path) {
  if (m_recentPath.empty()) return;
  ui::addRecentFile(m_state.file.recent, path);
  ui::saveRecentFiles(m_recentPath, m_state.file.recent);
}

void Viewer::closeFile() {
  if (m_state.image) {
    forgetPicture();
    startOver();  // the patches' result, query and sweep do not fit the matrix
  } else if (!m_state.file.open) {
    return;
  }
  forgetFile();
  if (m_background) {
    submit();
    return;
  }
  m_worker.submit(m_state.params);
  m_worker.waitIdle();
  if (auto done = m_worker.takeFinished()) accept(std::move(*done));
}

void Viewer::keepRecentFiles(const std::string& path) {
  m_recentPath = path;
  m_state.file.recent = path.empty() ? std::vector<std::string>{} : ui::loadRecentFiles(path);
}

void Viewer::syncModel() {
  if (!m_state.file.open) return;
  const ModelRequest want = modelRequest(m_state);
  if (want.sameWork(m_requested)) return;
  m_requested = want;
  if (want.view == scene::ModelView::Overview) return;  // drawn from the file itself
  if (m_background) {
    m_model.submit(want);
  } else {
    adoptModel(computeModelView(want));
  }
}

void Viewer::adoptModel(ModelAnswer answer) {
  if (!m_state.file.open || !answer.request.sameWork(m_requested)) return;  // overtaken
  m_state.error = answer.error;  // a view the file cannot give (rollout of cross-attention)
  if (!answer.error.empty()) return;
  if (answer.result) {
    m_state.file.check = answer.check;
    acceptResult(std::move(answer.result), answer.ms);
  } else if (answer.rollout) {
    m_state.file.rollout = std::move(answer.rollout);
    m_state.kernel_ms = answer.ms;
    rebuildScene();
  }
}

void Viewer::prepareFrame() {
  if (m_glyphs.empty()) return;
  if (ui::addGlyphs(m_glyphs)) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  m_glyphs.clear();
}

void Viewer::setTime(double seconds) {
  m_state.playback.playing = false;
  showAnimation(true, seconds);
}

void Viewer::showAnimation(bool animate, double seconds) {
  if (m_state.image) {  // the picture view's animation: the query sweeps the patches
    double& sweep = m_state.view.vit.sweep;
    const double at = animate ? std::clamp(seconds, 0.0, animationDuration()) : -1.0;
    if (at != sweep) {
      sweep = at;
      rebuildScene();
    }
    return;
  }
  bool changed = ui::seek(m_state, seconds);
  changed = changed || m_state.view.animate != animate;
  m_state.view.animate = animate;
  m_animated = animate;  // set by a program (recording), not the user: the camera stays
  if (changed) rebuildScene();
}

double Viewer::animationDuration() const {
  if (m_state.image) {
    const auto grid =
        m_state.result ? scene::vitGrid(*m_state.result, *m_state.image) : std::nullopt;
    return grid ? scene::vitSweepDuration(*grid) : 0.0;
  }
  return ui::timelineOf(m_state).duration();
}

Viewer::Built Viewer::buildScene(const BuildRequest& request) {
  Built built;
  if (request.picture) {
    scene::buildVit(*request.result, request.picture, request.view, request.revision, built.scene,
                    built.layout);
    built.animated = request.view.animate;
    return built;
  }
  built.animated = request.view.animate;
  built.mode = request.mode();
  built.source = request.file.get();
  switch (built.mode) {
    case scene::ModelView::Layer:
      scene::build(*request.result, request.view, request.revision, built.scene, built.layout);
      break;
    case scene::ModelView::Overview:
      scene::buildOverview(*request.file->model, request.view, request.revision, built.scene,
                           built.layout);
      break;
    case scene::ModelView::Rollout: {
      const ui::RolloutData& r = *request.rollout;
      const scene::RolloutInput in{r.mixing, r.partial, request.file->model->tokens, r.residual};
      scene::buildRollout(in, request.view, request.revision, built.scene, built.layout);
      break;
    }
  }
  return built;
}

size_t Viewer::cellsOf(const BuildRequest& request) {
  switch (request.mode()) {
    case scene::ModelView::Layer:
      return scene::cellCount(*request.result, request.view);
    case scene::ModelView::Overview:
      return scene::overviewCellCount(*request.file->model, request.view);
    case scene::ModelView::Rollout:
      return scene::rolloutCellCount(
          {request.rollout->mixing, request.rollout->partial, {}, request.rollout->residual});
  }
  return 0;
}

void Viewer::rebuildScene() {
  BuildRequest request{m_state.result, m_state.file.open, m_state.file.rollout,
                       m_state.image,  m_state.view,      0};
  // Only what the mode draws must be there (the rollout of a new residual arrives later).
  switch (request.mode()) {
    case scene::ModelView::Layer:
      if (!request.result) return;
      break;
    case scene::ModelView::Overview:
      break;
    case scene::ModelView::Rollout:
      if (!request.rollout) return;
      break;
  }
  request.revision = ++m_revision;
  // ViT scenes have at most 32² + 1 bars: always built inline.
  if (m_background && !request.picture && cellsOf(request) > kInlineBuildCells) {
    m_builder.submit(std::move(request));  // adopted by a later updateUi
    return;
  }
  adopt(buildScene(request));
}

void Viewer::adopt(Built built) {
  if (built.scene.revision < m_scene.revision) return;  // overtaken by a newer inline build
  m_scene = std::move(built.scene);
  m_layout = std::move(built.layout);
  m_renderer.upload(m_scene);
  m_state.bar_count = m_scene.bars.size();
  m_state.arrow_count = m_scene.arrows.size();
  m_state.bounds_min = m_scene.bounds_min;
  m_state.bounds_max = m_scene.bounds_max;
  if (!m_framed) {
    frameStart(built.mode);
    m_framed = true;
  } else if (built.mode != m_mode) {
    frameMode(built.mode);
  } else if (built.animated != m_animated || built.source != m_source) {
    // The animation lays every head out, another file is another scene: frame the new layout
    // (and the old one on leaving).
    fitViewport();  // the caption's band comes and goes with the animation
    m_state.camera.frame(m_scene.bounds_min, m_scene.bounds_max, 0.0f);
  }
  m_animated = built.animated;
  m_mode = built.mode;
  m_source = built.source;
}

void Viewer::frameStart(scene::ModelView mode) {
  fitViewport();
  scene::OrbitCamera& c = m_state.camera;
  if (m_startPreset != scene::ViewPreset::Perspective) {
    c.applyPreset(m_startPreset, m_scene.bounds_min, m_scene.bounds_max);
  } else if (m_state.image) {
    // The picture upright, seen from above its bottom edge: steeper than the matrix's 3/4 view.
    c.applyPreset(m_startPreset, m_scene.bounds_min, m_scene.bounds_max);
    c.yaw = -0.35f;
    c.pitch = 0.9f;
    c.frame(m_scene.bounds_min, m_scene.bounds_max, 0.0f);
  } else if (mode == scene::ModelView::Layer) {
    c.applyPreset(m_startPreset, m_scene.bounds_min, m_scene.bounds_max);
  } else {
    frameMode(mode);
  }
}

void Viewer::frameMode(scene::ModelView mode) {
  constexpr float kDegree = 0.01745329252f;
  scene::OrbitCamera& c = m_state.camera;
  switch (mode) {
    case scene::ModelView::Layer:
      c.applyPreset(scene::ViewPreset::Perspective, m_scene.bounds_min, m_scene.bounds_max);
      return;
    case scene::ModelView::Overview:  // from above the front, like a table of fields
      c.yaw = -20.0f * kDegree;
      c.pitch = 50.0f * kDegree;
      break;
    case scene::ModelView::Rollout:  // low, so that the floors stand apart
      c.yaw = -35.0f * kDegree;
      c.pitch = 18.0f * kDegree;
      break;
  }
  c.orthographic = false;
  c.frame(m_scene.bounds_min, m_scene.bounds_max, 0.0f);
}

void Viewer::fitViewport() {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  m_state.camera.viewport = glm::vec2(display.x, display.y);  // mouse coordinates
  m_state.camera.frame_width_share =
      m_panels ? std::max(0.4f, 1.0f - 2.0f * ui::sidePanelWidth() / std::max(display.x, 1.0f))
               : 1.0f;
  // The animation's caption covers a band at the top: its frames fit the scene below it.
  m_state.camera.frame_top_share =
      m_state.view.animate && !m_state.image
          ? std::min(ui::captionBandHeight() / std::max(display.y, 1.0f), 0.3f)
          : 0.0f;
}

void Viewer::updateUi(bool input) {
  fitViewport();
  if (auto loaded = m_loader.takeFinished()) adoptLoaded(std::move(*loaded));
  if (auto done = m_worker.takeFinished()) accept(std::move(*done));
  if (auto answer = m_model.takeFinished()) adoptModel(std::move(*answer));
  if (auto built = m_builder.takeFinished()) adopt(std::move(*built));
  m_state.computing = m_worker.busy() || m_builder.busy() || m_model.busy();
  m_state.file.loading = m_loader.busy() ? m_loadingPath : std::string();
  m_state.record.animation_duration = animationDuration();

  bool rebuild = ui::advancePlayback(m_state, ImGui::GetIO().DeltaTime);
  if (m_panels) {
    ui::PanelChanges changes = ui::drawPanels(m_state);
    if (changes.recompute) submit();
    if (changes.close_file) closeFile();
    if (!changes.open.empty()) openFile(changes.open);
    rebuild = rebuild || changes.rebuild;
  }
  if (input) rebuild = ui::handleSceneInput(m_state, m_scene, m_layout) || rebuild;
  syncModel();              // the layer, heads or residual may have changed
  if (m_vit) showVitMap();  // a layer or the rollout asks for another result (it rebuilds)
  if (rebuild) rebuildScene();
  ui::drawOverlay(m_state, m_scene, m_layout, input && m_panels);
}

Viewer::Look Viewer::swapLook(Look look) {
  Look previous{m_state.camera, m_panels, m_state.hover};
  m_state.camera = look.camera;
  m_panels = look.panels;
  m_state.hover = look.hover;
  m_state.hover_key = {};  // pick again for whoever looks now
  return previous;
}

void Viewer::drawScene(glm::ivec2 framebufferSize, bool transparent, bool exact) {
  gfx::FrameInfo frame;
  frame.transparentBackground = transparent;
  frame.exactBars = exact;
  frame.view = m_state.camera.view();
  frame.proj = m_state.camera.projection();
  frame.cameraPosition = m_state.camera.eye();
  frame.viewportSize = framebufferSize;
  m_renderer.draw(frame);
  m_state.lod_active = m_renderer.activePath() == gfx::BarPath::HeightMap;  // follows the camera
}

}  // namespace app
