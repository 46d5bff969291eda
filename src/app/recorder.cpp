#include "app/recorder.hpp"

#include "gfx/context_info.hpp"
#include "record/output.hpp"

namespace app {

std::unique_ptr<OffscreenView> recordingView(const record::Settings& settings) {
  // As the window: every sample costs a software renderer fill rate.
  const int samples =
      settings.samples >= 0 ? settings.samples : (gfx::isSoftwareRenderer() ? 1 : 4);
  return std::make_unique<OffscreenView>(glm::ivec2(settings.width, settings.height), samples);
}

record::Manifest manifestFor(const attn::Params& params, const std::string& inputs,
                             const record::Plan& plan) {
  record::Manifest manifest;
  manifest.version = ATTNVIZ_VERSION;
  manifest.params = params;
  manifest.inputs = inputs;
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
    const Viewer::Look windows = viewer.swapLook({camera, m_settings.ui, {}});
    m_view->render(viewer, m_settings.transparent, 1.0f / static_cast<float>(plan.fps));
    viewer.swapLook(windows);
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

}  // namespace app
