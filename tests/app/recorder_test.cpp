// Recording from the window: the Record panel's request starts a recording that renders one frame
// per UI frame offscreen at its own size, leaves the window's ImGui context, camera and animation
// time as they were, and writes the same frames as a recording made with no window at all.
// The "window" here is an offscreen target with its own ImGui context, as GLFW's would be.
#include <doctest/doctest.h>

#include <imgui.h>
#include <unistd.h>

#include <filesystem>

#include "app/recorder.hpp"
#include "app_fixture.hpp"
#include "io/png.hpp"
#include "record/png_sequence.hpp"

namespace {

using apptest::context;
using apptest::demoCommandLine;
using apptest::FakeWindow;

std::filesystem::path scratch(const char* name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("attnviz_app_test_" + std::to_string(::getpid())) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir.parent_path());
  return dir;
}

}  // namespace

TEST_CASE("a recording from the window leaves the window's view alone and writes every frame") {
  context();
  FakeWindow window;
  const app::CommandLine cl = demoCommandLine();
  app::Viewer viewer(cl, true, attn::makeInputs);
  apptest::acceptDemo(viewer, cl);
  window.frame(viewer);

  ui::AppState& state = viewer.state();
  const auto out = scratch("window_frames");
  state.record.settings.out = out.string() + "/";
  state.record.settings.width = 256;  // not the window's size
  state.record.settings.height = 144;
  state.record.settings.fps = 5;
  state.record.whole_animation = false;
  state.record.settings.range = {.start = 1.0, .end = 3.0};  // 10 frames
  state.record.settings.camera.turntable_degrees = 90.0f;
  state.view.time = 0.75;
  const scene::OrbitCamera windowCamera = state.camera;
  state.record.start = true;

  std::unique_ptr<app::Recorder> recorder;
  int uiFrames = 0;
  bool sawProgress = false;
  for (; uiFrames < 100; ++uiFrames) {
    window.frame(viewer);
    app::serviceRecording(viewer, "", recorder);
    CHECK(ImGui::GetCurrentContext() == window.imgui);
    CHECK(state.view.time == 0.75);
    CHECK(state.camera.yaw == windowCamera.yaw);
    CHECK(state.camera.target == windowCamera.target);
    CHECK(ImGui::GetIO().DisplaySize.x == 320.0f);
    sawProgress = sawProgress || (state.record.active && state.record.progress.done > 0);
    if (!state.record.active) break;
  }
  INFO(state.record.message);
  CHECK_FALSE(state.record.failed);
  CHECK(state.record.message.starts_with("recorded 10 frames (256x144 at 5 fps"));
  CHECK(sawProgress);
  CHECK(uiFrames >= 10);  // one recording frame per UI frame (and the readback one behind)
  const core::Image first = io::readPng(out / record::frameFileName(0));
  const core::Image last = io::readPng(out / record::frameFileName(9));
  CHECK(first.width == 256);
  CHECK(first.height == 144);
  CHECK(first.rgba != last.rgba);  // the turntable moved the camera
  CHECK_FALSE(std::filesystem::exists(out / record::frameFileName(10)));

  // The same recording with no window context current: the same bytes, so the window's context
  // does not leak into what is recorded.
  const auto again = scratch("headless_frames");
  record::Settings settings = state.record.settings;
  settings.out = again.string();
  const record::Plan plan = record::makePlan(settings.range, settings.fps, 10.0);
  ImGui::SetCurrentContext(nullptr);
  {
    app::Recorder headless(settings, plan, app::manifestFor(state, "", plan), windowCamera,
                           0.5f * (state.bounds_min + state.bounds_max),
                           app::recordingView(settings));
    while (headless.step(viewer)) {
    }
    headless.finish();
  }
  ImGui::SetCurrentContext(window.imgui);
  for (int i = 0; i < 10; ++i) {
    CAPTURE(i);
    CHECK(io::readPng(again / record::frameFileName(i)).rgba ==
          io::readPng(out / record::frameFileName(i)).rgba);
  }
  std::filesystem::remove_all(out.parent_path());
}

TEST_CASE("a refused recording becomes the Record panel's message") {
  context();
  FakeWindow window;
  const app::CommandLine cl = demoCommandLine();
  app::Viewer viewer(cl, true, attn::makeInputs);
  apptest::acceptDemo(viewer, cl);  // an animation to record, so only the output is wrong
  ui::AppState& state = viewer.state();
  state.record.settings.out = "/proc/nope/x.mp4";
  state.record.start = true;
  std::unique_ptr<app::Recorder> recorder;
  window.frame(viewer);
  app::serviceRecording(viewer, "", recorder);
  CHECK(recorder == nullptr);
  CHECK_FALSE(state.record.active);
  CHECK(state.record.failed);
  CHECK(state.record.message.find("/proc/nope") != std::string::npos);
  CHECK_FALSE(state.record.start);
}

TEST_CASE("closing the window mid-recording completes what was rendered") {
  context();
  FakeWindow window;
  const app::CommandLine cl = demoCommandLine();
  app::Viewer viewer(cl, true, attn::makeInputs);
  apptest::acceptDemo(viewer, cl);
  ui::AppState& state = viewer.state();
  const auto out = scratch("closed");
  state.record.settings.out = out.string();
  state.record.settings.width = 128;
  state.record.settings.height = 96;
  state.record.start = true;
  std::unique_ptr<app::Recorder> recorder;
  for (int i = 0; i < 4; ++i) {
    window.frame(viewer);
    app::serviceRecording(viewer, "", recorder);
  }
  REQUIRE(recorder != nullptr);
  app::finishRecording(viewer, recorder);
  CHECK(recorder == nullptr);
  // Four frames rendered (the last read back while closing), all written, and the manifest.
  for (int i = 0; i < 4; ++i)
    CHECK(std::filesystem::exists(out / record::frameFileName(i)));
  CHECK_FALSE(std::filesystem::exists(out / record::frameFileName(4)));
  CHECK(std::filesystem::exists(out / "manifest.json"));
  std::filesystem::remove_all(out.parent_path());
}
