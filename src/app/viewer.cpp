#include "app/viewer.hpp"

#include <imgui.h>

#include <algorithm>
#include <filesystem>

#include "attn/rollout.hpp"
#include "ui/input.hpp"
#include "ui/overlay.hpp"
#include "ui/panels.hpp"
#include "ui/playback.hpp"

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
               std::shared_ptr<const core::Image> picture, std::shared_ptr<const io::VitFile> model)
    : m_worker(std::move(makeInputs)),
      m_panels(panels),
      m_startPreset(presetFromName(cl.view.preset)),
      m_startStage(picture || model ? 0 : cl.view.stage),
      m_model(std::move(model)),
      m_builder([](BuildRequest&& request, uint64_t) { return buildScene(request); }) {
  m_state.params = cl.params;
  m_state.image = m_model ? m_model->picture : std::move(picture);
  if (m_state.image) {
    const std::string& name = m_model && cl.image.empty() ? cl.file : cl.image;
    m_state.image_name = std::filesystem::path(name).filename().string();
    // The overlay is a flat picture: seen from above unless the command line chose a view.
    if (cl.view.overlay && !cl.view.preset_given) m_startPreset = scene::ViewPreset::TopDown;
  }
  // Patch K is token K + 1 behind a CLS: the file's, or the one computed here (--no-cls).
  applyViewChoices(cl.view, m_state, m_model ? m_model->grid.cls() : cl.params.patch.cls);
  if (m_model) {
    const attn::ModelAttention& a = m_model->attention.attention;
    m_state.model_layers = a.layers;
    m_state.model_name = std::filesystem::path(cl.file).filename().string();
    m_state.view.vit.layer = cl.view.layer >= 0 ? cl.view.layer : a.layers - 1;
    m_rollout = attn::rollout(a);
  }
}

void Viewer::submit() {
  if (m_model) {  // shown by the next updateUi, once ImGui knows the display size
    m_modelShown.reset();
    return;
  }
  m_worker.submit(m_state.params);
  m_state.computing = true;
}

void Viewer::showModelMap() {
  const scene::VitOptions& v = m_state.view.vit;
  const std::pair<int, bool> key{v.layer, v.map == scene::VitMap::Rollout};
  if (m_modelShown == key) return;
  m_modelShown = key;
  // Head and mean rows come from one layer's result; the rollout is a result of its own.
  attn::Computed computed;
  computed.params = m_state.params;
  computed.result = std::make_shared<const attn::Result>(
      scene::vitModelResult(m_model->attention.attention, m_rollout, v.layer, v.map));
  accept(std::move(computed));
}

void Viewer::accept(attn::Computed computed) {
  m_state.error = computed.error;
  if (!computed.result) return;  // keep showing the last good result
  m_state.result = std::move(computed.result);
  m_state.kernel_ms = computed.kernel_ms;
  // Selections that no longer exist are dropped rather than clamped to something unrelated.
  const attn::Result& r = *m_state.result;
  if (m_state.view.selected_head >= r.heads) m_state.view.selected_head = 0;
  if (m_state.view.selected_query >= r.n) m_state.view.selected_query = -1;
  std::erase_if(m_state.probes, [&](const ui::Probe& p) {
    return p.head >= r.heads || p.query >= r.n || p.key >= r.m;
  });
  if (m_startStage > 0) {
    // The stage's motion done, holding: what that stage shows.
    const auto stage = static_cast<scene::Stage>(m_startStage - 1);
    const scene::Timeline timeline = ui::timelineOf(m_state);
    const double start = timeline.stageStart(stage, std::max(m_state.view.selected_query, 0));
    ui::seek(m_state, timeline.segmentAt(start + 1e-6).end() - 1e-3);
    m_startStage = 0;
  }
  rebuildScene();
}

void Viewer::setTime(double seconds) {
  m_state.playback.playing = false;
  if (ui::seek(m_state, seconds)) rebuildScene();
}

double Viewer::animationDuration() const {
  return ui::timelineOf(m_state).duration();
}

Viewer::Built Viewer::buildScene(const BuildRequest& request) {
  Built built;
  if (request.picture) {
    scene::buildVit(*request.result, request.picture, request.view, request.revision, built.scene,
                    built.layout);
  } else {
    scene::build(*request.result, request.view, request.revision, built.scene, built.layout);
  }
  built.animated = request.view.animate;
  return built;
}

void Viewer::rebuildScene() {
  if (!m_state.result) return;
  BuildRequest request{m_state.result, m_state.image, m_state.view, ++m_revision};
  // ViT scenes have at most 32² + 1 bars: always built inline.
  if (m_background && !m_state.image &&
      scene::cellCount(*m_state.result, m_state.view) > kInlineBuildCells) {
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
  m_state.lod_active = m_renderer.activePath() == gfx::BarPath::HeightMap;
  m_state.bounds_min = m_scene.bounds_min;
  m_state.bounds_max = m_scene.bounds_max;
  if (!m_framed) {
    fitViewport();
    m_state.camera.applyPreset(m_startPreset, m_scene.bounds_min, m_scene.bounds_max);
    if (m_state.image && m_startPreset == scene::ViewPreset::Perspective) {
      // The picture upright, seen from above its bottom edge: steeper than the matrix's 3/4 view.
      m_state.camera.yaw = -0.35f;
      m_state.camera.pitch = 0.9f;
      m_state.camera.frame(m_scene.bounds_min, m_scene.bounds_max, 0.0f);
    }
    m_framed = true;
  } else if (built.animated != m_animated) {
    // The animation lays every head out: frame the new layout (and the old one on leaving).
    m_state.camera.frame(m_scene.bounds_min, m_scene.bounds_max, 0.0f);
  }
  m_animated = built.animated;
}

void Viewer::fitViewport() {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  m_state.camera.viewport = glm::vec2(display.x, display.y);  // mouse coordinates
  m_state.camera.frame_width_share =
      m_panels ? std::max(0.4f, 1.0f - 2.0f * ui::sidePanelWidth() / std::max(display.x, 1.0f))
               : 1.0f;
}

void Viewer::updateUi(bool input) {
  fitViewport();
  if (auto done = m_worker.takeFinished()) accept(std::move(*done));
  if (auto built = m_builder.takeFinished()) adopt(std::move(*built));
  m_state.computing = m_worker.busy() || m_builder.busy();

  bool rebuild = ui::advancePlayback(m_state, ImGui::GetIO().DeltaTime);
  if (m_panels) {
    ui::PanelChanges changes = ui::drawPanels(m_state);
    if (changes.recompute) submit();
    rebuild = changes.rebuild;
  }
  if (input) rebuild = ui::handleSceneInput(m_state, m_scene, m_layout) || rebuild;
  if (m_model) showModelMap();  // a layer or the rollout asks for another result (it rebuilds)
  if (rebuild) rebuildScene();
  ui::drawOverlay(m_state, m_scene, m_layout);
}

void Viewer::drawScene(glm::ivec2 framebufferSize) {
  gfx::FrameInfo frame;
  frame.view = m_state.camera.view();
  frame.proj = m_state.camera.projection();
  frame.cameraPosition = m_state.camera.eye();
  frame.viewportSize = framebufferSize;
  m_renderer.draw(frame);
}

}  // namespace app
