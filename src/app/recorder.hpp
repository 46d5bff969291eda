// The GL side of a recording, for `attnviz record` and the window's Record panel alike: frame i of
// the plan is the Viewer at t = start + i / fps, seen by the camera motion's pose at t, rendered
// into an offscreen view of the recording's own size (independent of any window), read back
// asynchronously (start frame i's readback, draw frame i+1, then finish frame i) and handed to
// the record::Recording, whose sink encodes and writes off this thread.
#pragma once

#include <memory>
#include <string>

#include "app/offscreen_view.hpp"
#include "app/viewer.hpp"
#include "core/image.hpp"
#include "gfx/pixel_reader.hpp"
#include "record/manifest.hpp"
#include "record/recording.hpp"
#include "record/settings.hpp"

namespace app {

// The manifest's parameters, version and start time for a recording of what `state` shows (its
// generated model, or its open file).
record::Manifest manifestFor(const ui::AppState& state, const std::string& inputs,
                             const record::Plan& plan);

// The offscreen view a recording renders into: the settings' size, their samples or (-1) 4 on a
// GPU and none on a software renderer, as the window chooses. Needs a current GL context.
std::unique_ptr<OffscreenView> recordingView(const record::Settings& settings);

class Recorder {
 public:
  // Opens the output after every check (throws core::Error before any frame is rendered).
  // `camera`: the base pose (and projection) of the recording; `pivot`: what the turntable turns
  // about (the scene's centre); `view`: from recordingView().
  Recorder(const record::Settings& settings, const record::Plan& plan,
           const record::Manifest& manifest, const scene::OrbitCamera& camera, glm::vec3 pivot,
           std::unique_ptr<OffscreenView> view);

  // Renders the next frame and hands the previous one to the sink; once every frame is rendered
  // (or after cancel()), hands over the frames still being read back. False when nothing is left:
  // then call finish(). Sets the viewer's time (the window puts its own back) and swaps its look
  // for the frame. Throws core::DataError when the output fails.
  bool step(Viewer& viewer);
  // Stops after the frames already rendered; they are all written. Safe from a signal handler's
  // flag check, not from the handler itself.
  void cancel() { m_recording.cancel(); }
  // Completes the output (see record::Recording::finish).
  void finish() { m_recording.finish(); }

  const record::Settings& settings() const { return m_settings; }
  const record::Recording& recording() const { return m_recording; }
  record::Progress progress() const { return m_recording.progress(); }
  std::string summary() const { return m_recording.summary(m_settings.width, m_settings.height); }

 private:
  void handOver();  // finishes the oldest readback and pushes it

  record::Settings m_settings;
  record::Recording m_recording;
  scene::OrbitCamera m_camera;  // projection settings; the pose comes from the motion
  scene::CameraPose m_base;
  glm::vec3 m_pivot;
  std::unique_ptr<OffscreenView> m_view;
  gfx::PixelReader m_reader;
  core::Image m_frame;  // the buffer the next readback fills (recycled by the sink)
  int m_rendered = 0;
};

// The window's side of the Record panel, once per UI frame after the window's own frame: acts on
// state.record's start/stop requests (every check first; a refusal becomes the panel's message),
// renders one recording frame (offscreen at the recording's own size, so the window stays
// responsive and shows progress) and puts the window's animation time and look back, reports
// progress, and completes the output at the end. `inputs`: the --inputs file, for the manifest.
void serviceRecording(Viewer& viewer, const std::string& inputs,
                      std::unique_ptr<Recorder>& recorder);
// Stops a recording as the Stop button does and completes what was rendered (window closing).
void finishRecording(Viewer& viewer, std::unique_ptr<Recorder>& recorder);

}  // namespace app
