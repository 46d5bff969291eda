// The panels headless: they draw, stay quiet when nothing happens, and react to simulated input.
#include <doctest/doctest.h>

#include <imgui_internal.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "ui/input.hpp"
#include "ui/overlay.hpp"
#include "ui/panels.hpp"
#include "ui/playback.hpp"
#include "ui/style.hpp"
#include "ui/ui.hpp"
#include "ui_fixture.hpp"

using ui_test::ImGuiFixture;
using ui_test::SceneFixture;

namespace {

// Vertices a window emitted in the last frame.
int windowVertices(const char* name) {
  const ImGuiWindow* w = ImGui::FindWindowByName(name);
  return w != nullptr && w->Active ? w->DrawList->VtxBuffer.Size : 0;
}

// Where a window's content starts (after the title bar and padding), from the last frame.
ImVec2 contentStart(const char* name) {
  const ImGuiWindow* w = ImGui::FindWindowByName(name);
  REQUIRE(w != nullptr);
  return w->DC.CursorStartPos;
}

}  // namespace

TEST_CASE("every panel and the overlay draw") {
  ImGuiFixture gui;
  SceneFixture f;
  f.state.probes = {{0, 1, 2}, {1, 5, 5}};
  f.state.error = "something went wrong";
  f.state.computing = true;
  int vertices = 0;
  for (int k = 0; k < 3; ++k) {
    vertices = gui.frame([&] {
      ui::drawPanels(f.state);
      ui::handleSceneInput(f.state, f.scene, f.layout);
      ui::drawOverlay(f.state, f.scene, f.layout);
    });
  }
  CHECK(vertices > 1000);
  for (const char* name : {"Model", "View", "Stats", "Probes"}) {
    CAPTURE(std::string(name));
    CHECK(windowVertices(name) > 80);
  }
}

TEST_CASE("panels report no change while nothing happens") {
  ImGuiFixture gui;
  for (const bool with_result : {false, true}) {
    SceneFixture f;
    if (!with_result) f.state.result.reset();
    f.state.probes = {{0, 1, 2}};
    for (int k = 0; k < 5; ++k) {
      gui.frame([&] {
        CHECK_FALSE(ui::drawModelPanel(f.state));
        CHECK_FALSE(ui::drawViewPanel(f.state));
        CHECK_FALSE(ui::drawStatsPanel(f.state));
        CHECK_FALSE(ui::drawProbesPanel(f.state));
      });
    }
    CHECK(f.state.probes.size() == 1);
  }
}

TEST_CASE("the View panel clamps a selection outside the result and asks for a rebuild") {
  ImGuiFixture gui;
  SceneFixture f;
  f.state.view.selected_head = 7;    // H = 2
  f.state.view.selected_query = 40;  // N = 6
  bool changed = false;
  gui.frame([&] { changed = ui::drawViewPanel(f.state); });
  CHECK(changed);
  CHECK(f.state.view.selected_head == 1);
  CHECK(f.state.view.selected_query == 5);
  gui.frame([&] { changed = ui::drawViewPanel(f.state); });
  CHECK_FALSE(changed);
}

TEST_CASE("typing into the Model panel's text changes the parameters") {
  ImGuiFixture gui;
  SceneFixture f;
  bool changed = false;
  auto frame = [&] { gui.frame([&] { changed |= ui::drawModelPanel(f.state); }); };
  frame();
  frame();
  // The text box is the second item: below the "Queries" line.
  const ImVec2 start = contentStart("Model");
  const ImVec2 in_box{start.x + 40.0f,
                      start.y + ImGui::GetFontSize() + ImGui::GetStyle().ItemSpacing.y + 10.0f};
  gui.mouse(in_box, true);
  frame();
  gui.mouse(in_box);
  frame();
  CHECK_FALSE(changed);
  ImGui::GetIO().AddInputCharactersUTF8("a b c");
  frame();
  CHECK(changed);
  CHECK(f.state.params.text == "a b c");
}

TEST_CASE("the Probes panel's clear button removes every probe") {
  ImGuiFixture gui;
  SceneFixture f;
  f.state.probes = {{0, 1, 2}, {1, 3, 4}};
  auto frame = [&] { gui.frame([&] { ui::drawProbesPanel(f.state); }); };
  frame();
  frame();
  const ImVec2 start = contentStart("Probes");
  const ImVec2 button{start.x + 8.0f, start.y + 0.5f * ImGui::GetFontSize()};
  gui.mouse(button);
  frame();
  gui.mouse(button, true);
  frame();
  gui.mouse(button);
  frame();
  CHECK(f.state.probes.empty());
}

TEST_CASE("a probe outside the result is kept and shown as n/a") {
  ImGuiFixture gui;
  SceneFixture f;
  f.state.probes = {{3, 99, 99}};
  gui.frame([&] { CHECK_FALSE(ui::drawProbesPanel(f.state)); });
  CHECK(f.state.probes.size() == 1);
  CHECK(windowVertices("Probes") > 0);
}

TEST_CASE("head choices are the divisors of d_model - snapping keeps D % H == 0") {
  CHECK(ui::headChoices(12) == std::vector<int>{1, 2, 3, 4, 6, 12});
  CHECK(ui::headChoices(7) == std::vector<int>{1, 7});
  CHECK(ui::headChoices(1) == std::vector<int>{1});
  CHECK(ui::snapHeads(12, 5) == 4);
  CHECK(ui::snapHeads(10, 4) == 2);
  CHECK(ui::snapHeads(64, 8) == 8);
  CHECK(ui::snapHeads(7, 3) == 1);
  for (int d = 1; d <= 200; ++d) {
    for (int h = 1; h <= 16; ++h)
      CHECK(d % ui::snapHeads(d, h) == 0);
  }
}

TEST_CASE("style fonts and the config directory") {
  ImGuiFixture gui;
  ui::applyStyle(2.0f);
  const float padding = ImGui::GetStyle().WindowPadding.x;
  ui::applyStyle(1.0f);
  CHECK(ImGui::GetStyle().WindowPadding.x == doctest::Approx(0.5f * padding));  // not compounded

  const bool dejavu = ui::loadFonts(1.5f);
  CHECK(dejavu == std::filesystem::exists(ui::kFontPath));
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  CHECK(w > 0);
  gui.frame([&] {
    if (dejavu) {
      CHECK(ImGui::GetFontSize() == doctest::Approx(ui::kBaseFontSize * 1.5f));
      CHECK(ui::fontHasGlyph(0x03B1));  // α
      CHECK(ui::fontHasGlyph(0x0436));  // ж
      CHECK(ui::fontHasGlyph(0x2026));  // …
      CHECK(std::string(ui::ellipsis()) == "\xe2\x80\xa6");
    } else {
      CHECK(std::string(ui::ellipsis()) == "...");
    }
    ImGui::Text("Greek \xce\xb1\xce\xb2, Cyrillic \xd0\xb6");
  });

  const char* old_xdg = std::getenv("XDG_CONFIG_HOME");
  const std::string saved = old_xdg != nullptr ? old_xdg : "";
  setenv("XDG_CONFIG_HOME", "/tmp/xdg", 1);
  CHECK(ui::configDir() == "/tmp/xdg/attnviz");
  const std::filesystem::path tmp =
      std::filesystem::temp_directory_path() /
      ("attnviz_ui_test_config_" + std::to_string(getpid()));  // parallel runs do not collide
  std::filesystem::remove_all(tmp);
  setenv("XDG_CONFIG_HOME", tmp.c_str(), 1);
  CHECK(ui::layoutIniPath() == (tmp / "attnviz" / "imgui.ini").string());
  CHECK(std::filesystem::is_directory(tmp / "attnviz"));
  std::filesystem::remove_all(tmp);
  unsetenv("XDG_CONFIG_HOME");
  if (const char* home = std::getenv("HOME")) {
    CHECK(ui::configDir() == std::string(home) + "/.config/attnviz");
  }
  if (old_xdg != nullptr) setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
}

TEST_CASE("clicking a probe's row selects its head and query - x removes it") {
  ImGuiFixture gui;
  SceneFixture f;
  f.state.probes = {{1, 4, 2}, {0, 2, 1}};
  bool changed = false;
  auto frame = [&] { gui.frame([&] { changed |= ui::drawProbesPanel(f.state); }); };
  auto clickAt = [&](ImVec2 at) {
    gui.mouse(at);
    frame();
    gui.mouse(at, true);
    frame();
    gui.mouse(at);
    frame();
  };
  frame();
  frame();
  const ImGuiWindow* w = ImGui::FindWindowByName("Probes");
  REQUIRE(w != nullptr);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float fs = ImGui::GetFontSize();
  // Rows: the "clear all" line, the table header, then one line per probe.
  const float header_y = contentStart("Probes").y + fs + style.ItemSpacing.y;
  const float row_h = fs + 2.0f * style.CellPadding.y;
  const float first_row_y = header_y + row_h + 0.5f * row_h;
  clickAt({w->Pos.x + 0.4f * w->Size.x, first_row_y});
  CHECK(changed);
  CHECK(f.state.view.selected_head == 1);
  CHECK(f.state.view.selected_query == 4);
  // The remove button sits at the right end of the second row.
  const float x_button = w->InnerClipRect.Max.x - style.CellPadding.x - 0.5f * fs;
  clickAt({x_button, first_row_y + row_h});
  REQUIRE(f.state.probes.size() == 1);
  CHECK(f.state.probes[0] == ui::Probe{1, 4, 2});
}

TEST_CASE("panels run at a large content scale and on a small display") {
  for (const float scale : {1.0f, 2.0f}) {
    for (const ImVec2 display : {ImVec2{1920.0f, 1080.0f}, ImVec2{480.0f, 320.0f}}) {
      CAPTURE(scale);
      CAPTURE(display.x);
      ImGuiFixture gui(display);
      ui::applyStyle(scale);
      ui::loadFonts(scale);
      unsigned char* pixels = nullptr;
      int w = 0, h = 0;
      ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
      attn::Params p;
      p.source_seq = 5;  // cross-attention
      p.heads = 5;       // does not divide D = 64: the inline warning
      SceneFixture f;
      f.state.params = p;
      f.state.probes = {{0, 1, 1}};
      f.state.lod_active = true;
      int vertices = 0;
      for (int k = 0; k < 3; ++k) {
        vertices = gui.frame([&] {
          ui::drawPanels(f.state);
          ui::handleSceneInput(f.state, f.scene, f.layout);
          ui::drawOverlay(f.state, f.scene, f.layout);
        });
      }
      CHECK(vertices > 1000);
      const ImGuiWindow* model = ImGui::FindWindowByName("Model");
      REQUIRE(model != nullptr);
      CHECK(model->Pos.y + model->Size.y <= display.y);  // placed inside the display
    }
  }
}

TEST_CASE("at 1280x720 and up the right column ends above the legend, animation controls fit") {
  for (const ImVec2 display :
       {ImVec2{1280.0f, 720.0f}, ImVec2{1600.0f, 900.0f}, ImVec2{1920.0f, 1080.0f}}) {
    CAPTURE(display.x);
    ImGuiFixture gui(display);
    ui::applyStyle(1.0f);
    ui::loadFonts(1.0f);  // the app's font: the widths depend on it
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    SceneFixture f;
    for (int k = 0; k < 3; ++k)
      gui.frame([&] { ui::drawPanels(f.state); });
    const ui::Legend legend =
        ui::legendLayout(f.state.view, f.layout.range, display, ImGui::GetFontSize());
    float above = 0.0f;  // the bottom of the column so far
    for (const char* name : {"Stats", "Probes", "File", "Record"}) {
      CAPTURE(std::string(name));
      const ImGuiWindow* panel = ImGui::FindWindowByName(name);
      REQUIRE(panel != nullptr);
      CHECK(panel->Pos.y >= above);
      above = panel->Pos.y + panel->Size.y;  // Record is folded: its title bar
      CHECK(above <= legend.min.y);
    }
    // Every control of the Animation panel inside it: a narrow panel wraps its options row.
    const ImGuiWindow* animation = ImGui::FindWindowByName("Animation");
    REQUIRE(animation != nullptr);
    CHECK(animation->DC.CursorMaxPos.x <= animation->Pos.x + animation->Size.x);
    CHECK(animation->DC.CursorMaxPos.y <= animation->Pos.y + animation->Size.y);
    CHECK(animation->Pos.y + animation->Size.y <= display.y);
  }
}

TEST_CASE("playback: play from the result starts over, advances, stops or loops at the end") {
  ui_test::ImGuiFixture gui;
  ui_test::SceneFixture f;
  ui::AppState& s = f.state;
  CHECK_FALSE(s.view.animate);
  const double duration = ui::timelineOf(s).duration();
  REQUIRE(duration > 0.0);
  CHECK(ui::togglePlay(s));
  CHECK(s.view.animate);
  CHECK(s.playback.playing);
  CHECK(s.view.time == 0.0);
  s.playback.speed = 2.0f;
  CHECK(ui::advancePlayback(s, 1.5));
  CHECK(s.view.time == doctest::Approx(3.0));
  CHECK(ui::advancePlayback(s, duration));  // past the end: clamps and stops
  CHECK(s.view.time == doctest::Approx(duration));
  CHECK_FALSE(s.playback.playing);
  CHECK_FALSE(ui::advancePlayback(s, 1.0));  // paused: time stands still
  // Play again from the end starts over; with loop the time wraps.
  CHECK(ui::togglePlay(s));
  CHECK(s.view.time == 0.0);
  s.playback.loop = true;
  s.playback.speed = 1.0f;
  CHECK(ui::advancePlayback(s, duration + 1.25));
  CHECK(s.view.time == doctest::Approx(1.25));
  CHECK(s.playback.playing);
  CHECK_FALSE(ui::togglePlay(s));  // pause: nothing to rebuild
  CHECK_FALSE(s.playback.playing);
}

TEST_CASE("playback: steps walk the segments, seek clamps, show result leaves the animation") {
  ui_test::ImGuiFixture gui;
  ui_test::SceneFixture f;
  ui::AppState& s = f.state;
  const scene::Timeline tl = ui::timelineOf(s);
  CHECK(ui::step(s, +1));  // from the result: the animation's start
  CHECK(s.view.time == 0.0);
  CHECK(ui::step(s, +1));
  CHECK(s.view.time == doctest::Approx(tl.stageStart(scene::Stage::Projection)));
  CHECK(ui::step(s, +1));
  CHECK(tl.at(s.view.time).stage == scene::Stage::DotProducts);
  CHECK(ui::step(s, -1));
  CHECK(tl.at(s.view.time).stage == scene::Stage::Projection);
  CHECK(ui::seek(s, -4.0));
  CHECK(s.view.time == 0.0);
  CHECK(ui::seek(s, 1e9));
  CHECK(s.view.time == doctest::Approx(tl.duration()));
  CHECK_FALSE(ui::seek(s, 1e9));  // no change
  CHECK(ui::stopAnimation(s));
  CHECK_FALSE(s.view.animate);
}

TEST_CASE("Space plays the animation; while it is on the arrow keys step it") {
  ui_test::ImGuiFixture gui;
  ui_test::SceneFixture f;
  auto press = [&](int key) {
    bool changed = false;
    gui.key(key, true);
    gui.frame([&] { changed = ui::handleSceneInput(f.state, f.scene, f.layout); });
    gui.key(key, false);
    gui.frame([&] { changed |= ui::handleSceneInput(f.state, f.scene, f.layout); });
    return changed;
  };
  CHECK(press(32));  // Space
  CHECK(f.state.view.animate);
  CHECK(f.state.playback.playing);
  CHECK_FALSE(press(32));  // pause
  CHECK_FALSE(f.state.playback.playing);
  const int head = f.state.view.selected_head;
  CHECK(press(262));  // Right: the next step, not the next head
  CHECK(f.state.view.selected_head == head);
  CHECK(f.state.view.time ==
        doctest::Approx(ui::timelineOf(f.state).stageStart(scene::Stage::Projection)));
  CHECK(press(263));  // Left
  CHECK(f.state.view.time == 0.0);
}

TEST_CASE("the Animation panel draws before and during the animation") {
  ui_test::ImGuiFixture gui;
  ui_test::SceneFixture f;
  for (int k = 0; k < 3; ++k)
    CHECK(gui.frame([&] { CHECK_FALSE(ui::drawAnimationPanel(f.state)); }) > 0);
  ui::seek(f.state, 3.0);
  f.state.view.animation_mode = scene::AnimationMode::CellByCell;
  CHECK(gui.frame([&] { ui::drawAnimationPanel(f.state); }) > 0);
}
