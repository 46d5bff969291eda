#include <doctest/doctest.h>

#include "ui/input.hpp"
#include "ui/overlay.hpp"
#include "ui/panels.hpp"
#include "ui_fixture.hpp"

using ui_test::ImGuiFixture;
using ui_test::SceneFixture;

TEST_CASE("every panel and the overlay draw") {
  ImGuiFixture gui;
  SceneFixture f;
  int vertices = 0;
  for (int k = 0; k < 3; ++k) {
    vertices = gui.frame([&] {
      ui::drawPanels(f.state);
      ui::handleSceneInput(f.state, f.scene, f.layout);
      ui::drawOverlay(f.state, f.scene, f.layout);
    });
  }
  CHECK(vertices > 1000);
}
