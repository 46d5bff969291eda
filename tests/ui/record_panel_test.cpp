// The Record panel headless: it draws, asks for nothing while idle, turns a click on Record into
// a start request and one on Stop (while recording) into a stop request; its helpers switch the
// output format and add the current view as a keyframe.
#include <doctest/doctest.h>

#include <imgui_internal.h>

#include "ui/panels.hpp"
#include "ui_fixture.hpp"

using ui_test::ImGuiFixture;
using ui_test::SceneFixture;

namespace {

void click(ImGuiFixture& gui, ImVec2 at, const std::function<void()>& body) {
  gui.mouse(at);
  gui.frame(body);
  gui.mouse(at, true);
  gui.frame(body);
  gui.mouse(at);
  gui.frame(body);
}

// Draws the panel once (it is folded on first use) and unfolds it.
void openPanel(ImGuiFixture& gui, ui::AppState& state) {
  gui.frame([&] { ui::drawRecordPanel(state); });
  ImGui::SetWindowCollapsed("Record", false);
}

// The first item of a window: the Record/Stop button.
ImVec2 firstItem(const char* window) {
  const ImGuiWindow* w = ImGui::FindWindowByName(window);
  REQUIRE(w != nullptr);
  return {w->DC.CursorStartPos.x + 8.0f, w->DC.CursorStartPos.y + 0.5f * ImGui::GetFontSize()};
}

}  // namespace

TEST_CASE("record panel: among the panels, folded on first use") {
  ImGuiFixture gui;
  SceneFixture f;
  gui.frame([&] { ui::drawPanels(f.state); });
  const ImGuiWindow* w = ImGui::FindWindowByName("Record");
  REQUIRE(w != nullptr);
  CHECK(w->Active);
  CHECK(w->Collapsed);
}

TEST_CASE("record panel: draws and asks for nothing while idle") {
  ImGuiFixture gui;
  SceneFixture f;
  f.state.record.animation_duration = 12.0;
  f.state.record.message = "recorded 10 frames";
  openPanel(gui, f.state);
  for (int k = 0; k < 4; ++k)
    gui.frame([&] { CHECK_FALSE(ui::drawRecordPanel(f.state)); });
  const ImGuiWindow* w = ImGui::FindWindowByName("Record");
  REQUIRE(w != nullptr);
  CHECK(w->DrawList->VtxBuffer.Size > 200);
  CHECK_FALSE(f.state.record.start);
  CHECK_FALSE(f.state.record.stop);
}

TEST_CASE("record panel: Record asks the app to start, Stop to stop") {
  ImGuiFixture gui;
  SceneFixture f;
  auto body = [&] { ui::drawRecordPanel(f.state); };
  openPanel(gui, f.state);
  gui.frame(body);
  click(gui, firstItem("Record"), body);
  CHECK(f.state.record.start);
  CHECK_FALSE(f.state.record.stop);

  // The app took the request and is recording: the same place is now Stop.
  f.state.record.start = false;
  f.state.record.active = true;
  f.state.record.progress = {.done = 3, .total = 10, .seconds = 1.0};
  gui.frame(body);
  click(gui, firstItem("Record"), body);
  CHECK(f.state.record.stop);
  CHECK_FALSE(f.state.record.start);
}

TEST_CASE("record panel: the format switch rewrites the output's ending") {
  using record::OutputKind;
  CHECK(ui::withOutputKind("clip.mp4", OutputKind::Gif) == "clip.gif");
  CHECK(ui::withOutputKind("out/clip.gif", OutputKind::PngSequence) == "out/clip/");
  CHECK(ui::withOutputKind("frames/", OutputKind::Mp4) == "frames.mp4");
  CHECK(ui::withOutputKind("frames", OutputKind::Mp4) == "frames.mp4");
  CHECK(ui::withOutputKind("", OutputKind::Mp4) == "attnviz_recording.mp4");
  for (const auto kind : {OutputKind::PngSequence, OutputKind::Mp4, OutputKind::Gif})
    CHECK(record::outputKind(ui::withOutputKind("a.mp4", kind)) == kind);
}

TEST_CASE("record panel: the current view becomes a keyframe at the current time") {
  SceneFixture f;
  f.state.view.time = 2.5;
  f.state.camera.yaw = 0.3f;
  ui::addCurrentView(f.state);
  f.state.view.time = 1.0;
  f.state.camera.yaw = -0.2f;
  ui::addCurrentView(f.state);
  const auto& keys = f.state.record.settings.camera.keys;
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].time == 1.0);  // sorted by time
  CHECK(keys[0].pose == scene::poseOf(f.state.camera));
  CHECK(keys[1].pose.yaw == 0.3f);
  f.state.view.time = 2.5;  // the same time again replaces that key
  ui::addCurrentView(f.state);
  CHECK(keys.size() == 2);
  CHECK(keys[1].pose.yaw == -0.2f);
}
