// Picking: rays against the bars and the arrows of a built scene.
#include <doctest/doctest.h>

#include "fixture.hpp"
#include "scene/picking.hpp"

using namespace scene;
using scene_test::makeResult;

namespace {

Ray down(float x, float z) {
  return {{x, 50.0f, z}, {0.0f, -1.0f, 0.0f}};
}

struct Built {
  SceneData scene;
  SceneLayout layout;
};

Built buildScores(HeadLayout head_layout = HeadLayout::SingleHead) {
  ViewOptions view;
  view.value = BarValue::Scores;
  view.height_scale = 1.0f;
  view.bar_gap = 0.2f;
  view.layout = head_layout;
  Built b;
  b.scene = build(makeResult(), view, 1, b.layout);
  return b;
}

}  // namespace

TEST_CASE("picking: ray-box basics") {
  const auto t = rayBox({{0, 0, -5}, {0, 0, 1}}, {-1, -1, -1}, {1, 1, 1});
  REQUIRE(t);
  CHECK(*t == doctest::Approx(4.0f));
  CHECK_FALSE(rayBox({{0, 3, -5}, {0, 0, 1}}, {-1, -1, -1}, {1, 1, 1}));
  CHECK_FALSE(rayBox({{0, 0, 5}, {0, 0, 1}}, {-1, -1, -1}, {1, 1, 1}));     // box behind
  CHECK(*rayBox({{0, 0, 0}, {0, 0, 1}}, {-1, -1, -1}, {1, 1, 1}) == 0.0f);  // inside
}

TEST_CASE("picking: a ray through a bar centre hits that cell") {
  const Built b = buildScores(HeadLayout::AllHeads);
  for (size_t f = 0; f < b.layout.fields.size(); ++f) {
    const FieldLayout& field = b.layout.fields[f];
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 4; ++j) {
        const auto hit = pickCell(
            b.scene, b.layout,
            down(field.origin.x + static_cast<float>(j), field.origin.y + static_cast<float>(i)));
        REQUIRE(hit);
        CHECK(hit->head == field.head);
        CHECK(hit->query == i);
        CHECK(hit->key == j);
        CHECK(hit->bar == field.first_bar + static_cast<size_t>(i * 4 + j));
      }
    }
  }
}

TEST_CASE("picking: rays through the gaps and beside the field miss") {
  const Built b = buildScores();
  CHECK_FALSE(pickCell(b.scene, b.layout, down(0.5f, 1.0f)));   // between keys 0 and 1
  CHECK_FALSE(pickCell(b.scene, b.layout, down(1.0f, 1.5f)));   // between queries 1 and 2
  CHECK_FALSE(pickCell(b.scene, b.layout, down(-3.0f, 1.0f)));  // left of the field
  CHECK_FALSE(pickCell(b.scene, b.layout, down(1.0f, 9.0f)));   // beyond the last row
}

TEST_CASE("picking: negative bars are hit below the ground") {
  const Built b = buildScores();
  // Query 2, key 0: score -2, a bar from y = -2 to 0. A horizontal ray at y = -1 along +x.
  const auto hit = pickCell(b.scene, b.layout, {{-5.0f, -1.0f, 2.0f}, {1.0f, 0.0f, 0.0f}});
  REQUIRE(hit);
  CHECK(hit->query == 2);
  CHECK(hit->key == 0);
  CHECK(hit->point.x == doctest::Approx(-0.4f));  // the bar's left face (footprint 0.8)
  // From below, straight up: the first thing met is the negative bar's bottom.
  const auto up = pickCell(b.scene, b.layout, {{0.0f, -10.0f, 2.0f}, {0.0f, 1.0f, 0.0f}});
  REQUIRE(up);
  CHECK(up->t == doctest::Approx(8.0f));
}

TEST_CASE("picking: the nearest of two bars along the ray wins") {
  const Built b = buildScores();
  // Row 0 along +x at y = 0.5: keys 1..3 are tall (scores 1, 2, 3), key 0 is flat.
  const auto fwd = pickCell(b.scene, b.layout, {{-5.0f, 0.5f, 0.0f}, {1.0f, 0.0f, 0.0f}});
  REQUIRE(fwd);
  CHECK(fwd->key == 1);
  const auto back = pickCell(b.scene, b.layout, {{10.0f, 0.5f, 0.0f}, {-1.0f, 0.0f, 0.0f}});
  REQUIRE(back);
  CHECK(back->key == 3);
  // At y = 2.5 only key 3 (height 3) stands that tall.
  const auto high = pickCell(b.scene, b.layout, {{-5.0f, 2.5f, 0.0f}, {1.0f, 0.0f, 0.0f}});
  REQUIRE(high);
  CHECK(high->key == 3);
}

TEST_CASE("picking: flat (masked) cells can still be picked from above") {
  attn::Result r = makeResult();
  r.mask(1, 2) = 1;
  ViewOptions view;
  SceneLayout layout;
  const SceneData s = build(r, view, 1, layout);
  const auto hit = pickCell(s, layout, down(2.0f, 1.0f));
  REQUIRE(hit);
  CHECK(hit->query == 1);
  CHECK(hit->key == 2);
}

TEST_CASE("picking: ray-capsule") {
  const Ray ray{{0.0f, 0.0f, -5.0f}, {0.0f, 0.0f, 1.0f}};
  // Across the ray at z = 0: entered at z = -0.5.
  const auto side = rayCapsule(ray, {-2.0f, 0.0f, 0.0f}, {2.0f, 0.0f, 0.0f}, 0.5f);
  REQUIRE(side);
  CHECK(*side == doctest::Approx(4.5f));
  // Along the ray: the near end cap.
  const auto along = rayCapsule(ray, {0.0f, 0.0f, 1.0f}, {0.0f, 0.0f, 3.0f}, 0.25f);
  REQUIRE(along);
  CHECK(*along == doctest::Approx(5.75f));
  CHECK_FALSE(rayCapsule(ray, {-2.0f, 1.0f, 0.0f}, {2.0f, 1.0f, 0.0f}, 0.5f));
  CHECK_FALSE(rayCapsule(ray, {0.0f, 0.0f, -9.0f}, {0.0f, 0.0f, -7.0f}, 0.5f));    // behind
  CHECK(*rayCapsule(ray, {0.0f, 0.0f, -6.0f}, {0.0f, 0.0f, 0.0f}, 0.5f) == 0.0f);  // inside
}

TEST_CASE("picking: the nearest of two arrows along the ray with its token and role") {
  SceneData s;
  SceneLayout l;
  s.arrows.push_back({{0.0f, 0.0f, 0.0f}, {1.0f, 0.0f, 0.0f}, kKeyColor, 0.05f});
  l.arrow_tags.push_back({ArrowRole::Key, 3, 0});
  s.arrows.push_back({{0.0f, 0.0f, -2.0f}, {1.0f, 0.0f, 0.0f}, kValueColor, 0.05f});
  l.arrow_tags.push_back({ArrowRole::Value, 5, 1});
  const Ray ray{{0.5f, 0.0f, -10.0f}, {0.0f, 0.0f, 1.0f}};
  const auto hit = pickArrow(s, l, ray);
  REQUIRE(hit);
  CHECK(hit->arrow == 1);
  CHECK(hit->role == ArrowRole::Value);
  CHECK(hit->token == 5);
  CHECK(hit->head == 1);
  CHECK(hit->t == doctest::Approx(8.0f - 0.15f));
  const auto back = pickArrow(s, l, {{0.5f, 0.0f, 10.0f}, {0.0f, 0.0f, -1.0f}});
  REQUIRE(back);
  CHECK(back->token == 3);
  CHECK_FALSE(pickArrow(s, l, {{1.5f, 0.0f, -10.0f}, {0.0f, 0.0f, 1.0f}}));  // past the tips
}

TEST_CASE("picking: arrows of a built scene") {
  const attn::Result r = makeResult();
  ViewOptions view;
  SceneLayout layout;
  const SceneData s = build(r, view, 1, layout);
  int checked = 0;
  for (size_t a = 0; a < s.arrows.size(); ++a) {
    const ArrowTag& tag = layout.arrow_tags[a];
    if (tag.role != ArrowRole::Value) continue;  // v arrows of the fixture point well apart
    const ArrowInstance& arrow = s.arrows[a];
    const glm::vec3 dir = glm::normalize(arrow.vector);
    const auto hit = pickArrow(s, layout, {arrow.origin + arrow.vector + dir * 5.0f, -dir});
    REQUIRE(hit);
    INFO("arrow ", a);
    CHECK(hit->arrow == a);
    CHECK(hit->role == ArrowRole::Value);
    CHECK(hit->token == tag.token);
    ++checked;
  }
  CHECK(checked == 4);
  CHECK_FALSE(pickArrow(s, layout, down(100.0f, 100.0f)));  // far from every arrow
  CHECK_FALSE(pickArrow(s, layout, down(1.0f, 1.0f)));      // through the bars
}

TEST_CASE("picking: the cell walk agrees with testing every bar") {
  attn::Result r = makeResult(3, 9, 7);
  r.mask(4, 5) = 1;
  uint32_t state = 12345;  // a small LCG: the test needs many rays, not quality
  auto uniform = [&](float lo, float hi) {
    state = state * 1664525u + 1013904223u;
    return lo + (hi - lo) * static_cast<float>(state >> 8) / 16777216.0f;
  };
  int hits = 0, rays = 0;
  for (const float gap : {0.0f, 0.3f}) {
    for (const BarValue value : {BarValue::Weights, BarValue::Scores}) {
      ViewOptions view;
      view.value = value;
      view.height_scale = value == BarValue::Weights ? 20.0f : 1.0f;
      view.bar_gap = gap;
      view.layout = HeadLayout::AllHeads;
      SceneLayout layout;
      const SceneData s = build(r, view, 1, layout);
      for (int k = 0; k < 3000; ++k) {
        const glm::vec3 from{uniform(-10.0f, 40.0f), uniform(-8.0f, 12.0f), uniform(-10.0f, 40.0f)};
        const glm::vec3 to{uniform(-1.0f, 30.0f), uniform(-3.0f, 3.0f), uniform(-1.0f, 30.0f)};
        if (glm::distance(from, to) < 1e-3f) continue;
        const Ray ray{from, glm::normalize(to - from)};
        const auto walk = pickCell(s, layout, ray);
        const auto all = pickCellExhaustive(s, layout, ray);
        ++rays;
        REQUIRE(walk.has_value() == all.has_value());
        if (!walk) continue;
        ++hits;
        CHECK(walk->t == doctest::Approx(all->t));
        CHECK(walk->bar == all->bar);
      }
    }
  }
  CHECK(hits > rays / 10);
}
