// The ViT view's panel, clicks, hover, keys and tooltip, headless (simulated ImGuiIO).
#include <doctest/doctest.h>

#include <imgui_internal.h>

#include <memory>

#include "attn/patch_embeddings.hpp"
#include "scene/vit_build.hpp"
#include "ui/input.hpp"
#include "ui/overlay.hpp"
#include "ui/panels.hpp"
#include "ui/vit_input.hpp"
#include "ui_fixture.hpp"

using ui_test::ImGuiFixture;

namespace {

constexpr int kP = 8;

// A 64 x 64 picture, left half red, right half blue, as the app would hold it after its first
// build: the synthetic attention of 8 x 8 patches with CLS, top-down over the picture.
struct VitHarness {
  ImGuiFixture gui;
  ui::AppState state;
  scene::SceneData scene;
  scene::SceneLayout layout;
  ui::PanelChanges changes;
  bool view_changed = false;

  VitHarness() {
    core::Image image{64, 64, {}};
    for (int y = 0; y < 64; ++y)
      for (int x = 0; x < 64; ++x)
        image.rgba.insert(image.rgba.end(), {static_cast<uint8_t>(x < 32 ? 220 : 20), 30,
                                             static_cast<uint8_t>(x < 32 ? 20 : 220), 255});
    state.image = std::make_shared<const core::Image>(std::move(image));
    state.image_path = "halves.png";
    state.params.patch.patches = kP;
    state.result = std::make_shared<const attn::Result>(attn::forward(
        attn::patchInputs(*state.image, state.params.patch, state.params.temperature)));
    rebuild();
    state.camera.viewport = {1280.0f, 720.0f};
    state.camera.applyPreset(scene::ViewPreset::TopDown, scene.bounds_min, scene.bounds_max);
    idle({640.0f, 360.0f});
    idle({640.0f, 360.0f});
  }
  void rebuild() {
    scene = scene::buildVit(*state.result, state.image, state.view, scene.revision + 1, layout);
  }
  void frame() {
    gui.frame([&] {
      changes = ui::drawPanels(state);
      view_changed = ui::handleSceneInput(state, scene, layout);
      ui::drawOverlay(state, scene, layout);
    });
    if (view_changed || changes.rebuild) rebuild();
  }
  void idle(ImVec2 pos) {
    gui.mouse(pos);
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
  // Screen position of a patch centre on the picture.
  ImVec2 patchOnScreen(int patch) const {
    const glm::vec2 c = scene::patchCentre(layout.vit->grid, layout.vit->rect, patch);
    const glm::vec2 p = state.camera.worldToScreen({c.x, 0.0f, c.y});
    return {p.x, p.y};
  }
  bool windowActive(const char* name) const {
    const ImGuiWindow* w = ImGui::FindWindowByName(name);
    return w != nullptr && w->Active;
  }
};

}  // namespace

TEST_CASE("vit ui: the ViT and Stats panels replace the attention-matrix panels") {
  VitHarness h;
  CHECK(h.windowActive("ViT"));
  CHECK(h.windowActive("Stats"));
  CHECK_FALSE(h.windowActive("Model"));
  CHECK_FALSE(h.windowActive("View"));
  CHECK_FALSE(h.changes.recompute);
  CHECK_FALSE(h.changes.rebuild);
  REQUIRE(h.layout.vit);
  CHECK(h.layout.vit->query == scene::defaultQueryToken(h.layout.vit->grid));
}

TEST_CASE("vit ui: clicking a patch makes it the query, hovering names it") {
  VitHarness h;
  const int patch = 2 * kP + 6;  // row 2, column 6: blue
  const ImVec2 at = h.patchOnScreen(patch);
  h.idle(at);
  REQUIRE(h.state.hover.token);
  CHECK(h.state.hover.token->token == patch + 1);
  const auto lines = ui::vitTooltipLines(h.state, *h.layout.vit);
  REQUIRE(lines.size() >= 3);
  CHECK(lines[0].find("patch r2c6") == 0);
  CHECK(lines[1].find("weight from r4c4") == 0);
  CHECK(lines.back() == "click: make it the query");
  h.click(at);
  CHECK(h.state.view.selected_query == patch + 1);
  CHECK(h.layout.vit->query == patch + 1);
  // The query now puts its weight on the blue half (the colour head and the mean).
  double blue = 0.0;
  for (int k = 0; k < kP * kP; ++k)
    if (k % kP >= kP / 2) blue += h.layout.vit->row[static_cast<size_t>(k + 1)];
  CHECK(blue > 0.8);
}

TEST_CASE("vit ui: the query follows the mouse when asked to") {
  VitHarness h;
  h.state.vit_follow_mouse = true;
  h.idle(h.patchOnScreen(5));
  CHECK(h.state.view.selected_query == 6);
  h.idle(h.patchOnScreen(40));
  CHECK(h.state.view.selected_query == 41);
}

TEST_CASE("vit ui: arrow keys move the query, C picks CLS, Esc the centre") {
  VitHarness h;
  const int centre = h.layout.vit->query;  // row 4, column 4 (after CLS)
  h.press(262);                            // right
  CHECK(h.state.view.selected_query == centre + 1);
  h.press(264);  // down
  CHECK(h.state.view.selected_query == centre + 1 + kP);
  h.press(263);  // left
  h.press(265);  // up
  CHECK(h.state.view.selected_query == centre);
  for (int k = 0; k < 10; ++k)
    h.press(262);  // stops at the right edge
  CHECK(h.state.view.selected_query == 1 + 4 * kP + kP - 1);
  h.press('C');
  CHECK(h.state.view.selected_query == 0);
  h.press(262);  // from CLS: the first patch
  CHECK(h.state.view.selected_query == 1);
  h.press(256);  // Esc
  CHECK(h.state.view.selected_query == -1);
  CHECK(h.layout.vit->query == centre);
}

TEST_CASE("vit ui: O shows the overlay from above and gives the camera back") {
  VitHarness h;
  h.state.camera.applyPreset(scene::ViewPreset::Perspective, h.state.bounds_min,
                             h.state.bounds_max);
  const scene::OrbitCamera before = h.state.camera;
  h.press('O');
  CHECK(h.state.view.vit.overlay);
  CHECK(h.state.camera.orthographic);
  CHECK(h.state.camera.pitch == doctest::Approx(scene::OrbitCamera::kMaxPitch));
  CHECK(h.scene.ground.overlay.size() == kP * kP);
  h.press('O');
  CHECK_FALSE(h.state.view.vit.overlay);
  CHECK(h.state.camera.yaw == before.yaw);
  CHECK(h.state.camera.pitch == before.pitch);
  CHECK(h.state.camera.distance == before.distance);
  CHECK(h.scene.ground.overlay.empty());
}

TEST_CASE("vit ui: H cycles mean, each head, mean") {
  VitHarness h;
  CHECK(h.state.view.vit.map == scene::VitMap::MeanOverHeads);
  for (int head = 0; head < attn::kPatchHeads; ++head) {
    h.press('H');
    CHECK(h.state.view.vit.map == scene::VitMap::Head);
    CHECK(h.state.view.selected_head == head);
  }
  h.press('H');
  CHECK(h.state.view.vit.map == scene::VitMap::MeanOverHeads);
  CHECK(ui::vitMapName(h.state.view, 4) == "mean over 4 heads");
  h.state.view.vit.map = scene::VitMap::Head;
  h.state.view.selected_head = 1;
  CHECK(ui::vitMapName(h.state.view, 4) == "head 1 (brightness, texture)");
}

TEST_CASE("vit ui: hovering the CLS pillar, and nothing") {
  VitHarness h;
  REQUIRE(h.layout.vit->cls_bar);
  const scene::BarInstance& cls = h.scene.bars[*h.layout.vit->cls_bar];
  h.state.camera.target = {cls.x, 0.0f, cls.z};  // in the middle of the window, off the panels
  const glm::vec2 p = h.state.camera.worldToScreen({cls.x, cls.height, cls.z});
  h.idle({p.x, p.y});
  REQUIRE(h.state.hover.token);
  CHECK(h.state.hover.token->token == 0);
  CHECK(ui::vitTooltipLines(h.state, *h.layout.vit).at(0) == "CLS token (token 0)");
  h.idle({470.0f, 360.0f});  // left of the pillar: off the picture
  CHECK_FALSE(h.state.hover.token);
  CHECK(ui::vitTooltipLines(h.state, *h.layout.vit).empty());
}

TEST_CASE("vit ui: a model file adds the rollout to H and its layers to [ and ]") {
  VitHarness h;
  h.state.model_layers = 3;
  h.state.view.vit.layer = 2;
  ui::AppState& s = h.state;
  for (int head = 0; head <= attn::kPatchHeads; ++head)
    ui::cycleVitMap(s, attn::kPatchHeads);  // mean → head 0 … head 3 → rollout
  CHECK(s.view.vit.map == scene::VitMap::Rollout);
  CHECK(ui::vitMapName(s.view, 1) == "rollout through layer 2");
  ui::cycleVitMap(s, 1);
  CHECK(s.view.vit.map == scene::VitMap::MeanOverHeads);
  CHECK(ui::vitMapName(s.view, 4) == "layer 2, mean over 4 heads");
  h.press('[');
  CHECK(s.view.vit.layer == 1);
  h.press('[');
  h.press('[');
  CHECK(s.view.vit.layer == 0);
  h.press(']');
  CHECK(s.view.vit.layer == 1);
  CHECK_FALSE(ui::setVitLayer(s, 1));
  CHECK(ui::setVitLayer(s, 99));
  CHECK(s.view.vit.layer == 2);
  s.model_layers = 0;  // the synthetic heads have no layers
  CHECK_FALSE(ui::setVitLayer(s, 0));
}
