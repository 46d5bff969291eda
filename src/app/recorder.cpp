#include "app/recorder.hpp"

#include "core/log.hpp"
#include "gfx/context_info.hpp"
#include "record/output.hpp"

namespace app {

std::unique_ptr<OffscreenView> recordingView(const record::Settings& settings) {
  // As the window: every sample costs a software renderer fill rate.
  const int samples =
      settings.samples >= 0 ? settings.samples : (gfx::isSoftwareRenderer() ? 1 : 4);
  return std::make_unique<OffscreenView>(glm::ivec2(settings.width, settings.height), samples);
}

record::Manifest manifestFor(const ui::AppState& state, const std::string& inputs,
                             const record::Plan& plan) {
  record::Manifest manifest;
  manifest.version = ATTNVIZ_VERSION;
  manifest.params = state.params;
  manifest.inputs = inputs;
  if (state.file.open) manifest.file = state.file.open->path;
  if (state.image) manifest.picture = state.image_path;
  manifest.start_time = plan.start;
  return manifest;
}

Recorder::Recorder(const record::Settings& settings, const record::Plan& plan,
                   const record::Manifest& manifest, const scene::OrbitCamera& camera,
                   glm::vec3 pivot, std::unique_ptr<OffscreenView> view)
    : m_settings(settings),
      m_recording(plan, record::openSink(settings, plan.frames, manifest)),
      m_camera(camera),
      m_base(scene::poseOf(camera)),
      m_pivot(pivot),
      m_view(std::move(view)),
      m_reader(settings.width, settings.height) {}

bool Recorder::step(Viewer& viewer) {
  const record::Plan& plan = m_recording.plan();
  if (m_rendered < plan.frames && !m_recording.cancelled()) {
    const double t = plan.timeAt(m_rendered);
    viewer.setTime(t);
    scene::OrbitCamera camera = m_camera;
    scene::applyPose(scene::poseAt(m_settings.camera, m_base, m_pivot, t, plan.start, plan.end()),
                     camera);
    {
      // The recording's look for this frame only, whatever happens in it.
      struct LookScope {
        Viewer& viewer;
        Viewer::Look previous;
        ~LookScope() { viewer.swapLook(std::move(previous)); }
      } scope{viewer, viewer.swapLook({camera, m_settings.ui, {}})};
      m_view->render(viewer, m_settings.transparent, 1.0f / static_cast<float>(plan.fps));
    }
    m_reader.start(m_view->target());
    ++m_rendered;
    // Frame i-1 was read back while frame i was drawn.
    if (m_reader.pending() == gfx::PixelReader::kSlots) handOver();
    return true;
  }
  if (m_reader.pending() == 0) return false;
  handOver();
  return m_reader.pending() > 0;
}

void Recorder::handOver() {
  m_reader.finish(m_frame);
  m_recording.push(m_frame);
}

void serviceRecording(Viewer& viewer, const std::string& inputs,
                      std::unique_ptr<Recorder>& recorder) {
  ui::AppState& state = viewer.state();
  ui::RecordUi& r = state.record;
  auto fail = [&](const std::exception& e) {
    r.message = e.what();
    r.failed = true;
    recorder.reset();  // a video not finished is removed; frames written stay complete
  };
  if (r.start && !recorder) {
    try {
      const record::Plan plan =
          record::makePlan(r.settings.range, r.settings.fps, r.animation_duration);
      recorder = std::make_unique<Recorder>(
          r.settings, plan, manifestFor(state, inputs, plan), state.camera,
          0.5f * (state.bounds_min + state.bounds_max), recordingView(r.settings));
      r.message.clear();
      r.failed = false;
    } catch (const std::exception& e) {
      fail(e);
    }
  }
  r.start = false;
  if (recorder && r.stop) recorder->cancel();
  r.stop = false;
  if (recorder) {
    // The window's moment, put back after the recording's frame.
    const double windowTime = state.view.time;
    const bool windowAnimates = state.view.animate, windowPlays = state.playback.playing;
    try {
      if (!recorder->step(viewer)) {
        recorder->finish();
        r.message = recorder->summary();
        r.failed = false;
        recorder.reset();
      }
    } catch (const std::exception& e) {
      fail(e);
    }
    viewer.showAnimation(windowAnimates, windowTime);
    state.playback.playing = windowPlays;
  }
  r.active = recorder != nullptr;
  if (recorder) r.progress = recorder->progress();
}

void finishRecording(Viewer& viewer, std::unique_ptr<Recorder>& recorder) {
  if (!recorder) return;
  try {
    recorder->cancel();
    while (recorder->step(viewer)) {
    }
    recorder->finish();
    core::logWarn("window closed while recording: " + recorder->summary());
  } catch (const std::exception& e) {
    core::logWarn(std::string("window closed while recording: ") + e.what());
  }
  recorder.reset();
}

}  // namespace app
