// Simulated mouse and keys through ImGuiIO: the camera moves only for input that starts on the
// scene, clicks pin probes, keys act.
#include <doctest/doctest.h>

#include <cmath>

#include "ui/input.hpp"
#include "ui/overlay.hpp"
#include "ui/panels.hpp"
#include "ui_fixture.hpp"

using ui_test::ImGuiFixture;
using ui_test::SceneFixture;

namespace {

const ImVec2 kFree{640.0f, 360.0f};   // the middle of the window: no panel there
const ImVec2 kOnPanel{60.0f, 80.0f};  // inside the Model panel (top-left)

// A full app frame: panels, input, overlay.
struct Harness {
  ImGuiFixture gui;
  SceneFixture f;
  bool view_changed = false;

  Harness() {
    idle({640.0f, 360.0f});  // lays the panels out so that WantCaptureMouse knows them
    idle({640.0f, 360.0f});
  }
  void frame() {
    gui.frame([&] {
      ui::drawPanels(f.state);
      view_changed = ui::handleSceneInput(f.state, f.scene, f.layout);
      ui::drawOverlay(f.state, f.scene, f.layout);
    });
    if (view_changed) f.rebuild();
  }
  void idle(ImVec2 pos) {
    gui.mouse(pos);
    frame();
  }
  // Press at `from`, move to `to`, release there.
  void drag(ImVec2 from, ImVec2 to, int button) {
    gui.mouse(from, button == 0, button == 1, button == 2);
    frame();
    gui.mouse(to, button == 0, button == 1, button == 2);
    frame();
    gui.mouse(to);
    frame();
  }
  void click(ImVec2 at) {
    gui.mouse(at, true);
    frame();
    gui.mouse(at);
    frame();
  }
  void press(int key) {
    gui.key(key, true);
    frame();
    gui.key(key, false);
    frame();
  }
  // Looks straight down at head 0's field, centred in the window (no bar hides another).
  void topDownOnField() {
    scene::OrbitCamera& c = f.state.camera;
    c.applyPreset(scene::ViewPreset::TopDown, f.scene.bounds_min, f.scene.bounds_max);
    const scene::FieldLayout& field = f.layout.fields.at(0);
    c.target = {field.origin.x + 0.5f * static_cast<float>(field.cols - 1), 0.0f,
                field.origin.y + 0.5f * static_cast<float>(field.rows - 1)};
    idle(kFree);
  }
  // Screen position of the top centre of cell (h, i, j)'s bar.
  ImVec2 barTop(int h, int i, int j) const {
    const auto index = ui::barIndex(f.layout, h, i, j);
    REQUIRE(index);
    const scene::BarInstance& b = f.scene.bars[*index];
    const glm::vec2 p = f.state.camera.worldToScreen({b.x, std::max(b.height, 0.0f), b.z});
    return {p.x, p.y};
  }
};

}  // namespace

TEST_CASE("the test points are on the scene and on a panel") {
  Harness h;
  h.idle(kFree);
  CHECK_FALSE(ImGui::GetIO().WantCaptureMouse);
  h.idle(kOnPanel);
  h.idle(kOnPanel);
  CHECK(ImGui::GetIO().WantCaptureMouse);
}

TEST_CASE("left drag on the scene orbits by the camera's speed") {
  Harness h;
  const scene::OrbitCamera before = h.f.state.camera;
  h.drag(kFree, {kFree.x + 50.0f, kFree.y + 20.0f}, 0);
  const scene::OrbitCamera& c = h.f.state.camera;
  CHECK(c.yaw == doctest::Approx(before.yaw - 50.0f * c.orbit_speed));
  CHECK(c.pitch == doctest::Approx(before.pitch + 20.0f * c.orbit_speed));
  CHECK(c.distance == doctest::Approx(before.distance));
  CHECK(h.f.state.probes.empty());  // a drag is not a click
}

TEST_CASE(
    "a drag that starts over a panel leaves the camera alone, even when it leaves the panel") {
  Harness h;
  h.idle(kOnPanel);
  const scene::OrbitCamera before = h.f.state.camera;
  h.drag(kOnPanel, kFree, 0);
  h.drag(kOnPanel, kFree, 1);
  CHECK(h.f.state.camera.yaw == before.yaw);
  CHECK(h.f.state.camera.pitch == before.pitch);
  CHECK(h.f.state.camera.target == before.target);
}

TEST_CASE("a drag that starts on the scene goes on over a panel") {
  Harness h;
  const float yaw = h.f.state.camera.yaw;
  h.drag(kFree, kOnPanel, 0);
  CHECK(h.f.state.camera.yaw != yaw);
}

TEST_CASE("right middle and Shift + left drags pan") {
  for (int variant = 0; variant < 3; ++variant) {
    CAPTURE(variant);
    Harness h;
    const scene::OrbitCamera before = h.f.state.camera;
    ImGui::GetIO().KeyShift = variant == 2;
    h.drag(kFree, {kFree.x + 40.0f, kFree.y}, variant == 0 ? 1 : variant == 1 ? 2 : 0);
    ImGui::GetIO().KeyShift = false;
    const scene::OrbitCamera& c = h.f.state.camera;
    CHECK(c.yaw == before.yaw);  // no orbit
    // Dragging right moves the target left along the screen's right vector.
    const float moved = glm::dot(c.target - before.target, c.right());
    CHECK(moved < 0.0f);
    const float world_per_pixel = 2.0f * c.halfHeightAtTarget() / c.viewport.y;
    CHECK(moved == doctest::Approx(-40.0f * world_per_pixel).epsilon(1e-3));
  }
}

TEST_CASE("the wheel zooms toward the cursor on the scene not over a panel") {
  Harness h;
  const float d0 = h.f.state.camera.distance;
  h.gui.mouse(kOnPanel);
  ImGui::GetIO().MouseWheel = 1.0f;
  h.frame();
  CHECK(h.f.state.camera.distance == d0);

  h.gui.mouse(kFree);
  h.frame();
  ImGui::GetIO().MouseWheel = 1.0f;
  h.frame();
  CHECK(h.f.state.camera.distance == doctest::Approx(d0 * h.f.state.camera.zoom_step));
  ImGui::GetIO().MouseWheel = -2.0f;
  h.frame();
  const float z = h.f.state.camera.zoom_step;
  CHECK(h.f.state.camera.distance == doctest::Approx(d0 * z / (z * z)));
}

TEST_CASE("a click on a bar pins its probe a second click unpins it") {
  Harness h;
  h.topDownOnField();
  const ImVec2 at = h.barTop(0, 3, 2);
  REQUIRE(at.x > 400.0f);  // clear of the side panels
  REQUIRE(at.x < 900.0f);
  h.idle(at);
  REQUIRE(h.f.state.hover.cell);
  CHECK(h.f.state.hover.cell->query == 3);
  CHECK(h.f.state.hover.cell->key == 2);
  CHECK(h.f.state.hover.cell->head == 0);

  h.click(at);
  REQUIRE(h.f.state.probes.size() == 1);
  CHECK(h.f.state.probes[0] == ui::Probe{0, 3, 2});

  const ImVec2 other = h.barTop(0, 1, 4);
  h.idle(other);
  h.click(other);
  REQUIRE(h.f.state.probes.size() == 2);
  CHECK(h.f.state.probes[1] == ui::Probe{0, 1, 4});

  // Wait past the double-click time so that this is a new single click.
  for (int k = 0; k < 30; ++k)
    h.idle(at);
  h.click(at);
  REQUIRE(h.f.state.probes.size() == 1);
  CHECK(h.f.state.probes[0] == ui::Probe{0, 1, 4});
}

TEST_CASE("a click on empty ground pins nothing - hover clears off the bars") {
  Harness h;
  h.topDownOnField();
  // Half a cell beyond the last key column: the gap outside the field.
  const auto last = ui::barIndex(h.f.layout, 0, 0, h.f.state.result->m - 1);
  REQUIRE(last);
  const scene::BarInstance& b = h.f.scene.bars[*last];
  const glm::vec2 p = h.f.state.camera.worldToScreen({b.x + 0.5f, 0.0f, b.z - 0.5f});
  h.idle({p.x, p.y});
  CHECK_FALSE(h.f.state.hover.cell);
  h.click({p.x, p.y});
  CHECK(h.f.state.probes.empty());
}

TEST_CASE("hovering a bar fills the tooltip with that cell") {
  Harness h;
  h.topDownOnField();
  h.idle(h.barTop(0, 2, 1));
  REQUIRE(h.f.state.hover.cell);
  const std::vector<std::string> lines = ui::tooltipLines(h.f.state);
  REQUIRE(lines.size() >= 6);
  CHECK(lines[1] == "query 2  \"sat\"");
  CHECK(lines[2] == "key 1  \"cat\"");
  // The mouse over a panel clears the hover.
  h.idle(kOnPanel);
  h.idle(kOnPanel);
  CHECK(h.f.state.hover.empty());
}

TEST_CASE("double-click focuses the point under the cursor") {
  Harness h;
  h.topDownOnField();
  const auto index = ui::barIndex(h.f.layout, 0, 4, 4);
  REQUIRE(index);
  const scene::BarInstance b = h.f.scene.bars[*index];
  const ImVec2 at = h.barTop(0, 4, 4);
  h.idle(at);
  h.click(at);
  h.click(at);
  const glm::vec3 t = h.f.state.camera.target;
  CHECK(t.x == doctest::Approx(b.x).epsilon(0.05));
  CHECK(t.z == doctest::Approx(b.z).epsilon(0.05));
  CHECK(t.y == doctest::Approx(b.height).epsilon(0.05));
  // The first click pinned the cell; the release after the double-click did not unpin it.
  REQUIRE(h.f.state.probes.size() == 1);
  CHECK(h.f.state.probes[0] == ui::Probe{0, 4, 4});
}

TEST_CASE("keys: F frames R resets digits pick presets P toggles the projection") {
  Harness h;
  scene::OrbitCamera& c = h.f.state.camera;
  c.target += glm::vec3(30.0f, 0.0f, 0.0f);
  c.distance *= 5.0f;
  scene::OrbitCamera framed = c;  // what F must do: OrbitCamera::frame on the scene's bounds
  framed.frame(h.f.scene.bounds_min, h.f.scene.bounds_max, 0.0f);
  h.press('F');
  CHECK(c.target.x == doctest::Approx(framed.target.x));
  CHECK(c.target.z == doctest::Approx(framed.target.z));
  CHECK(c.distance == doctest::Approx(framed.distance));
  CHECK(glm::length(c.target - glm::vec3(30.0f, 0.0f, 0.0f)) > 5.0f);  // back on the scene

  h.press('2');
  CHECK(c.orthographic);
  CHECK(c.pitch == doctest::Approx(scene::OrbitCamera::kMaxPitch));
  h.press('P');
  CHECK_FALSE(c.orthographic);
  h.press('P');
  CHECK(c.orthographic);
  scene::OrbitCamera side = c;
  side.applyPreset(scene::ViewPreset::Side, h.f.scene.bounds_min, h.f.scene.bounds_max);
  h.press('4');
  CHECK(c.yaw == doctest::Approx(side.yaw));
  CHECK(c.pitch == doctest::Approx(side.pitch));
  CHECK(c.target.x == doctest::Approx(side.target.x));

  c.orbit(100.0f, 30.0f);
  h.press('R');
  scene::OrbitCamera expected = c;
  expected.reset(h.f.scene.bounds_min, h.f.scene.bounds_max);
  CHECK(c.yaw == doctest::Approx(expected.yaw));
  CHECK(c.pitch == doctest::Approx(expected.pitch));
  CHECK(c.distance == doctest::Approx(expected.distance));
  CHECK_FALSE(c.orthographic);
}

TEST_CASE("keys go to a focused text field not to the camera") {
  Harness h;
  auto typingFrame = [&](bool focus) {
    h.gui.frame([&] {
      ImGui::Begin("typing");
      if (focus) ImGui::SetKeyboardFocusHere();
      static char buffer[64] = "";
      ImGui::InputText("field", buffer, sizeof buffer);
      ImGui::End();
      ui::handleSceneInput(h.f.state, h.f.scene, h.f.layout);
    });
  };
  typingFrame(true);
  typingFrame(false);
  typingFrame(false);
  REQUIRE(ImGui::GetIO().WantCaptureKeyboard);
  const bool ortho = h.f.state.camera.orthographic;
  h.gui.key('P', true);
  typingFrame(false);
  h.gui.key('P', false);
  typingFrame(false);
  CHECK(h.f.state.camera.orthographic == ortho);
}

TEST_CASE("Escape clears the selected query and asks for a rebuild") {
  Harness h;
  h.f.state.view.selected_query = 2;
  h.f.rebuild();
  h.gui.key(256, true);
  h.frame();
  CHECK(h.view_changed);
  h.gui.key(256, false);
  h.frame();
  CHECK(h.f.state.view.selected_query == -1);
}

TEST_CASE("the camera viewport and scene bounds follow the frame") {
  ImGuiFixture gui({800.0f, 600.0f});
  SceneFixture f;
  f.state.camera.viewport = {1.0f, 1.0f};
  gui.frame([&] { ui::handleSceneInput(f.state, f.scene, f.layout); });
  CHECK(f.state.camera.viewport == glm::vec2(800.0f, 600.0f));
  CHECK(f.state.bounds_max == f.scene.bounds_max);
}

TEST_CASE("toggleProbe keeps at most kMaxProbes dropping the oldest") {
  ui::AppState s;
  for (int k = 0; k < static_cast<int>(ui::kMaxProbes) + 3; ++k)
    ui::toggleProbe(s, {0, k, 0});
  CHECK(s.probes.size() == ui::kMaxProbes);
  CHECK(s.probes.front() == ui::Probe{0, 3, 0});
}

TEST_CASE("hover is picked again when the scene changes under a still cursor") {
  Harness h;
  h.topDownOnField();
  const ImVec2 at = h.barTop(0, 2, 2);
  h.idle(at);
  REQUIRE(h.f.state.hover.cell);
  CHECK(h.f.state.hover.cell->head == 0);
  h.f.state.view.selected_head = 1;  // same place, the other head's field
  h.f.rebuild();
  h.idle(at);
  REQUIRE(h.f.state.hover.cell);
  CHECK(h.f.state.hover.cell->head == 1);
  CHECK(h.f.state.hover.cell->query == 2);
}

TEST_CASE("hovering a q arrow describes it - clicking it selects (then deselects) its query") {
  Harness h;
  // Find a query arrow whose shaft middle picks a query arrow from the default view.
  std::optional<ImVec2> at;
  std::optional<scene::ArrowHit> expected;
  for (size_t k = 0; k < h.f.scene.arrows.size() && !at; ++k) {
    if (h.f.layout.arrow_tags[k].role != scene::ArrowRole::Query) continue;
    const scene::ArrowInstance& a = h.f.scene.arrows[k];
    const glm::vec2 p = h.f.state.camera.worldToScreen(a.origin + 0.6f * a.vector);
    if (p.x < 400.0f || p.x > 900.0f || p.y < 100.0f || p.y > 650.0f) continue;  // off panels
    const ui::Hover hit = ui::pickAt(h.f.state.camera, h.f.scene, h.f.layout, {p.x, p.y});
    if (hit.arrow && hit.arrow->role == scene::ArrowRole::Query) {
      at = ImVec2{p.x, p.y};
      expected = hit.arrow;
    }
  }
  REQUIRE(at);
  h.idle(*at);
  REQUIRE(h.f.state.hover.arrow);
  CHECK(h.f.state.hover.arrow->token == expected->token);
  const auto lines = ui::tooltipLines(h.f.state);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].rfind("q of \"", 0) == 0);

  h.gui.mouse(*at, true);
  h.frame();
  h.gui.mouse(*at);
  h.frame();
  CHECK(h.view_changed);
  CHECK(h.f.state.view.selected_query == expected->token);
  CHECK(h.f.state.probes.empty());

  // The selected q arrow is drawn thicker but stays where it was: a second click deselects.
  for (int k = 0; k < 30; ++k)
    h.idle(*at);  // past the double-click time
  const ui::Hover again = ui::pickAt(h.f.state.camera, h.f.scene, h.f.layout, *at);
  REQUIRE(again.arrow);
  REQUIRE(again.arrow->token == expected->token);
  h.gui.mouse(*at, true);
  h.frame();
  h.gui.mouse(*at);
  h.frame();
  CHECK(h.view_changed);
  CHECK(h.f.state.view.selected_query == -1);
}

TEST_CASE("with every head shown a click pins the cell of the head under the cursor") {
  Harness h;
  h.f.state.view.layout = scene::HeadLayout::AllHeads;
  h.f.rebuild();
  scene::OrbitCamera& c = h.f.state.camera;
  c.applyPreset(scene::ViewPreset::TopDown, h.f.scene.bounds_min, h.f.scene.bounds_max);
  REQUIRE(h.f.layout.fields.size() == 2);
  const scene::FieldLayout& field = h.f.layout.fields[1];
  c.target = {field.origin.x + 2.5f, 0.0f, field.origin.y + 2.5f};
  h.idle(kFree);
  const ImVec2 at = h.barTop(1, 2, 3);
  h.idle(at);
  h.click(at);
  REQUIRE(h.f.state.probes.size() == 1);
  CHECK(h.f.state.probes[0] == ui::Probe{1, 2, 3});
}

TEST_CASE("arrow keys walk the selected query and head") {
  Harness h;
  scene::ViewOptions& v = h.f.state.view;
  REQUIRE(v.selected_query == -1);
  h.press(264);  // down: into the first row
  CHECK(v.selected_query == 0);
  h.press(264);
  CHECK(v.selected_query == 1);
  h.press(265);  // up
  h.press(265);
  CHECK(v.selected_query == 0);  // stays on the first row
  h.press(262);                  // right
  CHECK(v.selected_head == 1);
  h.press(262);
  CHECK(v.selected_head == 1);  // H = 2
  h.press(263);
  CHECK(v.selected_head == 0);
  for (int k = 0; k < 10; ++k)
    h.press(264);
  CHECK(v.selected_query == h.f.state.result->n - 1);
}
