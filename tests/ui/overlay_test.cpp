// The overlay's layout functions (labels, legend, bar lookup, tooltip) and that it draws.
#include <doctest/doctest.h>

#include <cmath>

#include "ui/cell_info.hpp"
#include "ui/overlay.hpp"
#include "ui_fixture.hpp"

using ui_test::ImGuiFixture;
using ui_test::SceneFixture;

namespace {

// Runs `body` inside a frame (the layout functions use the current font).
template <typename F>
void inFrame(ImGuiFixture& gui, F body) {
  gui.frame([&] { body(); });
}

}  // namespace

TEST_CASE("labels behind the camera or off-screen are skipped - alignment sets the rectangle") {
  ImGuiFixture gui;
  scene::OrbitCamera cam;
  cam.viewport = {1280.0f, 720.0f};
  cam.target = {0.0f, 0.0f, 0.0f};
  cam.distance = 10.0f;
  std::vector<scene::Label> labels(5);
  labels[0] = {cam.target, "centre", 0xffffffffu, scene::LabelAlign::Center, 1.0f};
  labels[1] = {cam.eye() - 5.0f * cam.forward(), "behind", 0xffffffffu, scene::LabelAlign::Center,
               1.0f};
  labels[2] = {cam.target + 1000.0f * cam.right(), "far right", 0xffffffffu,
               scene::LabelAlign::Center, 1.0f};
  labels[3] = {cam.target, "left-aligned", 0xffffffffu, scene::LabelAlign::Left, 1.0f};
  labels[4] = {cam.target, "right-aligned", 0xffffffffu, scene::LabelAlign::Right, 2.0f};
  inFrame(gui, [&] {
    const auto shown = ui::layoutLabels(labels, cam, {1280.0f, 720.0f});
    REQUIRE(shown.size() == 3);
    CHECK(shown[0].index == 0);
    CHECK(shown[1].index == 3);
    CHECK(shown[2].index == 4);
    const float cx = 640.0f, cy = 360.0f;
    CHECK(0.5f * (shown[0].min.x + shown[0].max.x) == doctest::Approx(cx));
    CHECK(0.5f * (shown[0].min.y + shown[0].max.y) == doctest::Approx(cy));
    CHECK(shown[1].min.x == doctest::Approx(cx));
    CHECK(shown[2].max.x == doctest::Approx(cx));
    CHECK(shown[2].font_size == doctest::Approx(2.0f * ImGui::GetFontSize()));
    CHECK(shown[2].max.y - shown[2].min.y > shown[0].max.y - shown[0].min.y);
  });
  // A point behind the eye has no screen position; one in front does.
  CHECK_FALSE(ui::projectPoint(cam, cam.eye() - cam.forward()));
  CHECK(ui::projectPoint(cam, cam.target));
}

TEST_CASE("every label of a built scene in view is laid out - turning around hides them") {
  ImGuiFixture gui;
  SceneFixture f;
  REQUIRE(!f.scene.labels.empty());
  inFrame(gui, [&] {
    CHECK(ui::layoutLabels(f.scene.labels, f.state.camera, {1280.0f, 720.0f}).size() ==
          f.scene.labels.size());
    // Put the eye at the scene's centre looking away from it: most labels are now behind it.
    scene::OrbitCamera away = f.state.camera;
    const glm::vec3 centre = 0.5f * (f.scene.bounds_min + f.scene.bounds_max);
    away.distance = 1.0f;
    away.target = centre + away.forward() * 1.0f;
    away.yaw += 3.14159265f;
    away.pitch = -0.2f;
    away.target = centre + away.forward();
    CHECK(ui::layoutLabels(f.scene.labels, away, {1280.0f, 720.0f}).size() < f.scene.labels.size());
  });
}

TEST_CASE("the legend's ticks are scene::colorbarTicks of the built range") {
  ImGuiFixture gui;
  for (const auto scale : {scene::RangeScale::Linear, scene::RangeScale::Log}) {
    SceneFixture f;
    f.state.view.range_scale = scale;
    f.rebuild();
    inFrame(gui, [&] {
      const ImVec2 display{1280.0f, 720.0f};
      const ui::Legend g = ui::legendLayout(f.state.view, f.layout.range, display, 13.0f);
      const auto expected = scene::colorbarTicks(f.layout.range, scale);
      REQUIRE(g.ticks.size() == expected.size());
      REQUIRE(!g.ticks.empty());
      for (size_t k = 0; k < expected.size(); ++k) {
        CHECK(g.ticks[k].label == expected[k].label);
        CHECK(g.ticks[k].position == expected[k].position);
        const float y = g.tickY(g.ticks[k].position);
        CHECK(y >= g.bar_min.y - 0.01f);
        CHECK(y <= g.bar_max.y + 0.01f);
      }
      CHECK(g.title.find("weights") != std::string::npos);
      CHECK((scale == scene::RangeScale::Log) == (g.title.find("log") != std::string::npos));
      // Bottom-right, inside the display, the gradient inside the box.
      CHECK(g.max.x <= display.x);
      CHECK(g.max.y <= display.y);
      CHECK(g.min.x > 0.5f * display.x);
      CHECK(g.min.y > 0.3f * display.y);
      CHECK(g.bar_min.x >= g.min.x);
      CHECK(g.bar_max.y <= g.max.y);
    });
  }
}

TEST_CASE("the legend title names the value shown") {
  ImGuiFixture gui;
  scene::ViewOptions view;
  inFrame(gui, [&] {
    view.value = scene::BarValue::Scores;
    CHECK(ui::legendLayout(view, {-1.0f, 1.0f}, {800, 600}, 13.0f).title.find("scores") == 0);
    view.value = scene::BarValue::RawScores;
    CHECK(ui::legendLayout(view, {-1.0f, 1.0f}, {800, 600}, 13.0f).title.find("raw scores") == 0);
  });
}

TEST_CASE("barIndex finds cell (h i j) in the built layout") {
  SceneFixture f;
  for (const auto layout : {scene::HeadLayout::SingleHead, scene::HeadLayout::AllHeads}) {
    f.state.view.layout = layout;
    f.state.view.selected_head = 1;
    f.rebuild();
    const scene::FieldLayout& field = f.layout.fields.back();
    CHECK(field.head == 1);
    const auto index = ui::barIndex(f.layout, 1, 4, 2);
    REQUIRE(index);
    const scene::BarInstance& b = f.scene.bars[*index];
    CHECK(b.x == doctest::Approx(field.origin.x + 2.0f));
    CHECK(b.z == doctest::Approx(field.origin.y + 4.0f));
    CHECK_FALSE(ui::barIndex(f.layout, 1, 99, 0));
    CHECK(ui::barIndex(f.layout, 0, 0, 0).has_value() == (layout == scene::HeadLayout::AllHeads));
  }
}

TEST_CASE("cellInfo reads the result: dot score mask weight row sum") {
  attn::Params p;
  p.mask.kind = attn::MaskKind::Causal;
  const auto r = ui_test::smallResult(p);
  const float sqrt_dk = std::sqrt(static_cast<float>(r->d_k));
  const auto c = ui::cellInfo(*r, 1, 3, 1);
  REQUIRE(c);
  CHECK(c->query_token == "on");
  CHECK(c->key_token == "cat");
  CHECK(c->score == r->scores(1, 3, 1));
  CHECK(c->dot == doctest::Approx(r->scores(1, 3, 1) * sqrt_dk));
  CHECK(c->weight == r->weights(1, 3, 1));
  CHECK_FALSE(c->masked);
  CHECK(c->row_sum == doctest::Approx(1.0f));
  const auto masked = ui::cellInfo(*r, 0, 1, 4);  // key after the query: causal mask
  REQUIRE(masked);
  CHECK(masked->masked);
  CHECK(masked->weight == 0.0f);
  CHECK_FALSE(ui::cellInfo(*r, 2, 0, 0));  // H = 2
  CHECK_FALSE(ui::cellInfo(*r, 0, 6, 0));
}

TEST_CASE("tooltip lines for a hovered cell and a hovered arrow") {
  SceneFixture f;
  ui::AppState& s = f.state;
  CHECK(ui::tooltipLines(s).empty());
  scene::CellHit hit;
  hit.head = 1;
  hit.query = 0;
  hit.key = 5;
  s.hover.cell = hit;
  const auto lines = ui::tooltipLines(s);
  REQUIRE(lines.size() >= 7);
  CHECK(lines[0] == "head 1");
  CHECK(lines[1] == "query 0  \"the\"");
  CHECK(lines[2] == "key 5  \"mat\"");
  bool has_weight = false, has_sum = false, has_mask = false;
  for (const auto& l : lines) {
    has_weight |= l.rfind("weight = ", 0) == 0;
    has_sum |= l == "row sum = 1.0000";
    has_mask |= l == "not masked";
  }
  CHECK(has_weight);
  CHECK(has_sum);
  CHECK(has_mask);

  s.hover = {};
  scene::ArrowHit arrow;
  arrow.role = scene::ArrowRole::Key;
  arrow.token = 1;
  arrow.head = 0;
  s.hover.arrow = arrow;
  const auto arrow_lines = ui::tooltipLines(s);
  REQUIRE(arrow_lines.size() == 1);
  CHECK(arrow_lines[0] == "k of \"cat\" (key 1), head 0");
}

TEST_CASE("the overlay draws labels legend markers and the computing mark") {
  ImGuiFixture gui;
  SceneFixture f;
  auto overlayVertices = [&](bool hints = false) {
    int vertices = 0;
    gui.frame([&] {
      ui::drawOverlay(f.state, f.scene, f.layout, hints);
      vertices = ImGui::GetBackgroundDrawList()->VtxBuffer.Size;
    });
    return vertices;
  };
  const int full = overlayVertices();
  CHECK(full > 0);
  CHECK(overlayVertices(true) > full);  // the window's binding hints
  f.state.computing = true;
  const int computing = overlayVertices();
  CHECK(computing > full);
  f.state.probes.push_back({0, 1, 1});
  CHECK(overlayVertices() > computing);

  f.state.error = "refused: too large";
  CHECK(overlayVertices() > computing);  // the error banner
  f.state.error.clear();

  f.state.view.show_labels = false;
  f.state.computing = false;
  f.state.probes.clear();
  f.rebuild();
  CHECK(overlayVertices() < full);  // the legend only

  f.scene = {};
  CHECK(overlayVertices() == 0);
}

TEST_CASE("arrow descriptions name role token and head") {
  const auto r = ui_test::smallResult();
  CHECK(ui::arrowDescription(*r, scene::ArrowRole::Query, 2, 1) ==
        "q of \"sat\" (query 2), head 1");
  CHECK(ui::arrowDescription(*r, scene::ArrowRole::Value, 5, 0) == "v of \"mat\" (key 5), head 0");
  CHECK(ui::arrowDescription(*r, scene::ArrowRole::Output, 0, 0).rfind("output of \"the\"", 0) ==
        0);
}

TEST_CASE("overlapping labels: the larger text, then the earlier, is kept; lines may touch") {
  auto label = [](size_t index, float x, float y, float w, float size) {
    return ui::ScreenLabel{index, {x, y}, {x + w, y + size}, size};
  };
  // A crowded axis of 10-pixel labels 6 pixels apart, and a title across two of them.
  std::vector<ui::ScreenLabel> labels;
  for (size_t k = 0; k < 6; ++k)
    labels.push_back(label(k, 6.0f * static_cast<float>(k), 0.0f, 10.0f, 10.0f));
  labels.push_back(label(6, 13.0f, 0.0f, 4.0f, 20.0f));      // larger: wins over labels 1 and 2
  labels.push_back(label(7, 200.0f, 200.0f, 10.0f, 10.0f));  // alone …
  labels.push_back(label(8, 200.0f, 206.0f, 10.0f, 10.0f));  // … but for the next line: touching
  const auto kept = ui::withoutOverlaps(labels);
  std::vector<size_t> indices;
  for (const ui::ScreenLabel& l : kept)
    indices.push_back(l.index);
  CHECK(indices == std::vector<size_t>{0, 3, 5, 6, 7, 8});  // 4 overlaps 3, kept before it
  CHECK(ui::withoutOverlaps({}).empty());
}

TEST_CASE("the binding hints are as many as fit, most useful first") {
  ImGuiFixture gui;
  inFrame(gui, [] {
    for (const bool vit : {false, true}) {
      CAPTURE(vit);
      const std::string all = ui::bindingHints(vit, 1e6f);
      CHECK(all.rfind("drag: orbit", 0) == 0);
      const float width = ImGui::CalcTextSize(all.c_str()).x;
      const std::string fewer = ui::bindingHints(vit, 0.6f * width);
      CHECK(!fewer.empty());
      CHECK(all.rfind(fewer, 0) == 0);  // the first ones
      CHECK(ImGui::CalcTextSize(fewer.c_str()).x <= 0.6f * width);
      CHECK(ui::bindingHints(vit, 10.0f).empty());  // not even one: nothing
    }
    CHECK(ui::bindingHints(false, 1e6f).find("Space animate") != std::string::npos);
    CHECK(ui::bindingHints(true, 1e6f).find("click a patch") != std::string::npos);
  });
}
