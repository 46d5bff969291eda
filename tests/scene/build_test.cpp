// scene::build on a hand-made result: counts, exact values, orientation, mask, selection, labels.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "fixture.hpp"
#include "scene/build.hpp"

using namespace scene;
using scene_test::makeResult;
using scene_test::scoreAt;
using scene_test::weightAt;

namespace {

const BarInstance& barAt(const SceneData& s, const SceneLayout& l, size_t field, int i, int j) {
  const FieldLayout& f = l.fields[field];
  return s.bars[f.first_bar + static_cast<size_t>(i * f.cols + j)];
}

bool hasLabel(const SceneData& s, const std::string& text) {
  return std::any_of(s.labels.begin(), s.labels.end(),
                     [&](const Label& l) { return l.text == text; });
}

size_t countRole(const SceneLayout& l, ArrowRole role) {
  return static_cast<size_t>(std::count_if(l.arrow_tags.begin(), l.arrow_tags.end(),
                                           [&](const ArrowTag& t) { return t.role == role; }));
}

bool inside(glm::vec3 p, const SceneData& s) {
  return glm::all(glm::greaterThanEqual(p, s.bounds_min - 1e-4f)) &&
         glm::all(glm::lessThanEqual(p, s.bounds_max + 1e-4f));
}

}  // namespace

TEST_CASE("build: one bar per shown cell and the revision passes through") {
  const attn::Result r = makeResult();
  ViewOptions view;
  SceneLayout layout;
  SceneData s = build(r, view, 42, layout);
  CHECK(s.revision == 42);
  CHECK(s.bars.size() == 3 * 4);
  CHECK(cellCount(r, view) == 12);
  REQUIRE(layout.fields.size() == 1);

  view.layout = HeadLayout::AllHeads;
  s = build(r, view, 7, layout);
  CHECK(s.revision == 7);
  CHECK(s.bars.size() == 2 * 3 * 4);
  CHECK(cellCount(r, view) == 24);
  REQUIRE(layout.fields.size() == 2);
  CHECK(layout.fields[0].head == 0);
  CHECK(layout.fields[1].head == 1);
  CHECK(layout.fields[1].first_bar == 12);
  CHECK(layout.fields[1].origin.x > layout.fields[0].origin.x + 4.0f);  // side by side, apart
}

TEST_CASE("build: rows are queries along +z and columns are keys along +x") {
  const attn::Result r = makeResult();
  ViewOptions view;
  view.height_scale = 10.0f;
  SceneLayout layout;
  const SceneData s = build(r, view, 1, layout);
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 4; ++j) {
      const BarInstance& b = barAt(s, layout, 0, i, j);
      CHECK(b.x == static_cast<float>(j));
      CHECK(b.z == static_cast<float>(i));
      CHECK(b.height == doctest::Approx(weightAt(0, i, j) * 10.0f));
    }
  }
}

TEST_CASE("build: exact colours over the auto range") {
  const attn::Result r = makeResult();
  ViewOptions view;
  SceneLayout layout;
  const SceneData s = build(r, view, 1, layout);
  // Weights of head 0 lie in [0.01, 0.12]; the weight scale starts at 0.
  CHECK(layout.range.min == 0.0f);
  CHECK(layout.range.max == doctest::Approx(0.12f));
  const BarInstance& top = barAt(s, layout, 0, 2, 3);
  CHECK(top.color == sampleColormap(Colormap::Viridis, 1.0f));
  const BarInstance& b = barAt(s, layout, 0, 1, 1);  // 0.06 → t = 0.5
  CHECK(b.color == mapValue(Colormap::Viridis, 0.06f, {0.0f, 0.12f}, RangeScale::Linear));

  view.auto_range = false;
  view.range_min = 0.0f;
  view.range_max = 0.24f;
  view.colormap = Colormap::Magma;
  const SceneData fixed = build(r, view, 1, layout);
  CHECK(barAt(fixed, layout, 0, 2, 3).color ==
        mapValue(Colormap::Magma, 0.12f, {0.0f, 0.24f}, RangeScale::Linear));
}

TEST_CASE("build: negative scores go below the ground and raw scores scale by sqrt(d_k)") {
  const attn::Result r = makeResult();
  ViewOptions view;
  view.value = BarValue::Scores;
  view.colormap = suggestedColormap(view.value);
  CHECK(view.colormap == Colormap::Diverging);
  view.height_scale = 1.0f;
  SceneLayout layout;
  SceneData s = build(r, view, 1, layout);
  CHECK(barAt(s, layout, 0, 2, 0).height == doctest::Approx(scoreAt(0, 2, 0)));  // -2
  CHECK(barAt(s, layout, 0, 2, 0).height < 0.0f);
  CHECK(s.bounds_min.y <= -2.0f);
  // Diverging auto range is symmetric about 0: scores of head 0 span [-2, 3].
  CHECK(layout.range.min == doctest::Approx(-3.0f));
  CHECK(layout.range.max == doctest::Approx(3.0f));
  CHECK(barAt(s, layout, 0, 1, 1).color == sampleColormap(Colormap::Diverging, 0.5f));

  view.value = BarValue::RawScores;
  s = build(r, view, 1, layout);
  CHECK(barAt(s, layout, 0, 0, 3).height == doctest::Approx(3.0f * 2.0f));  // √4 = 2
  CHECK(cellValue(r, BarValue::RawScores, 1, 0, 3) == doctest::Approx(3.5f * 2.0f));
}

TEST_CASE("build: masked cells are flat and grey") {
  attn::Result r = makeResult();
  r.mask(0, 2) = 1;
  r.mask(0, 3) = 1;
  r.weights(0, 0, 2) = 0.0f;
  r.weights(0, 0, 3) = 0.0f;
  ViewOptions view;
  view.value = BarValue::Scores;  // scores are pre-mask: the mask must still win
  SceneLayout layout;
  const SceneData s = build(r, view, 1, layout);
  CHECK(barAt(s, layout, 0, 0, 2).height == 0.0f);
  CHECK(barAt(s, layout, 0, 0, 2).color == kNanColor);
  CHECK(barAt(s, layout, 0, 0, 3).color == kNanColor);
  CHECK(barAt(s, layout, 0, 0, 1).color != kNanColor);
  // The masked scores (2, 3) are left out of the auto range: unmasked max |score| is 2.
  CHECK(layout.range.max == doctest::Approx(2.0f));

  r.weights(0, 1, 1) = NAN;
  view.value = BarValue::Weights;
  const SceneData w = build(r, view, 1, layout);
  CHECK(barAt(w, layout, 0, 1, 1).color == kNanColor);
  CHECK(barAt(w, layout, 0, 1, 1).height == 0.0f);
}

TEST_CASE("build: selecting a query highlights its row and adds the output arrow") {
  attn::Result r = makeResult(2, 3, 4);
  // A proper softmax row for query 1 of head 0.
  const float w[4] = {0.1f, 0.2f, 0.3f, 0.4f};
  for (int j = 0; j < 4; ++j)
    r.weights(0, 1, j) = w[j];
  ViewOptions view;
  SceneLayout plain_layout, layout;
  const SceneData plain = build(r, view, 1, plain_layout);
  view.selected_query = 1;
  const SceneData s = build(r, view, 2, layout);

  // Row 1 keeps its colours, the others are dimmed.
  for (int j = 0; j < 4; ++j) {
    CHECK(barAt(s, layout, 0, 1, j).color == barAt(plain, plain_layout, 0, 1, j).color);
    const Rgba8 before = barAt(plain, plain_layout, 0, 0, j).color;
    const Rgba8 after = barAt(s, layout, 0, 0, j).color;
    CHECK(channel(after, 0) == std::lround(channel(before, 0) * kDimFactor));
    CHECK(channel(after, 3) == channel(before, 3));
  }

  REQUIRE(countRole(layout, ArrowRole::Output) == 1);
  REQUIRE(countRole(plain_layout, ArrowRole::Output) == 0);
  size_t out_index = 0, q1_index = 0, q0_index = 0;
  for (size_t a = 0; a < layout.arrow_tags.size(); ++a) {
    const ArrowTag& t = layout.arrow_tags[a];
    if (t.role == ArrowRole::Output) out_index = a;
    if (t.role == ArrowRole::Query && t.token == 1) q1_index = a;
    if (t.role == ArrowRole::Query && t.token == 0) q0_index = a;
  }
  // Output = Σ_j w_1j · v_j in the v pedestal's scale, from its origin.
  glm::vec3 expected{0.0f};
  const attn::Matrix& v = r.pca[0].v;
  for (int j = 0; j < 4; ++j)
    expected += w[j] * glm::vec3(v(j, 0), v(j, 1), v(j, 2));
  expected *= layout.v_space.scale;
  const ArrowInstance& out = s.arrows[out_index];
  CHECK(out.vector.x == doctest::Approx(expected.x));
  CHECK(out.vector.y == doctest::Approx(expected.y));
  CHECK(out.vector.z == doctest::Approx(expected.z));
  CHECK(out.origin == layout.v_space.origin);
  CHECK(out.color == kOutputColor);

  // The selected q arrow is thicker and more opaque than the others.
  CHECK(s.arrows[q1_index].radius > s.arrows[q0_index].radius);
  CHECK(channel(s.arrows[q1_index].color, 3) > channel(s.arrows[q0_index].color, 3));

  // Key arrows: radius and opacity proportional to the row's weights (relative to its max).
  float key_radius[4] = {}, key_alpha[4] = {};
  for (size_t a = 0; a < layout.arrow_tags.size(); ++a) {
    const ArrowTag& t = layout.arrow_tags[a];
    if (t.role != ArrowRole::Key) continue;
    key_radius[t.token] = s.arrows[a].radius;
    key_alpha[t.token] = static_cast<float>(channel(s.arrows[a].color, 3));
  }
  CHECK(key_radius[1] / key_radius[3] == doctest::Approx(w[1] / w[3]));
  CHECK(key_radius[2] / key_radius[3] == doctest::Approx(w[2] / w[3]));
  CHECK(key_alpha[3] == 255.0f);
  CHECK(key_alpha[1] == doctest::Approx(255.0f * 0.5f).epsilon(0.01));
  CHECK(hasLabel(s, "out: q1"));
}

TEST_CASE("build: arrows sit in their own region coloured by role and scaled to fit") {
  const attn::Result r = makeResult();
  ViewOptions view;
  SceneLayout layout;
  const SceneData s = build(r, view, 1, layout);
  CHECK(countRole(layout, ArrowRole::Query) == 3);
  CHECK(countRole(layout, ArrowRole::Key) == 4);
  CHECK(countRole(layout, ArrowRole::Value) == 4);
  REQUIRE(layout.arrow_tags.size() == s.arrows.size());
  for (size_t a = 0; a < s.arrows.size(); ++a) {
    const ArrowInstance& arrow = s.arrows[a];
    const ArrowTag& tag = layout.arrow_tags[a];
    const ArrowSpace& space = tag.role == ArrowRole::Query || tag.role == ArrowRole::Key
                                  ? layout.qk_space
                                  : layout.v_space;
    CHECK(arrow.origin == space.origin);
    CHECK(glm::length(arrow.vector) <= space.radius * 1.0001f);
    const glm::vec3 tip = arrow.origin + arrow.vector;
    CHECK(tip.x < -0.5f);  // left of the field
    CHECK(tip.y >= 0.0f);  // above the ground
    CHECK(inside(tip, s));
    const Rgba8 rgb = arrow.color & 0x00ffffffu;
    if (tag.role == ArrowRole::Query) CHECK(rgb == (kQueryColor & 0x00ffffffu));
    if (tag.role == ArrowRole::Key) CHECK(rgb == (kKeyColor & 0x00ffffffu));
    if (tag.role == ArrowRole::Value) CHECK(rgb == (kValueColor & 0x00ffffffu));
  }
  // The longest q/k arrow fills 95% of the pedestal: k_3 = (0, 4, 0.5).
  CHECK(layout.qk_space.scale * std::sqrt(16.25f) ==
        doctest::Approx(0.95f * layout.qk_space.radius));

  view.show_k = false;
  view.show_v = false;
  build(r, view, 1, layout);
  CHECK(countRole(layout, ArrowRole::Key) == 0);
  CHECK(countRole(layout, ArrowRole::Value) == 0);
  CHECK(countRole(layout, ArrowRole::Query) == 3);
}

TEST_CASE("build: labels and titles with capping") {
  const attn::Result r = makeResult();
  ViewOptions view;
  SceneData s = build(r, view, 1);
  for (const char* t : {"q0", "q1", "q2", "k0", "k3", "query", "key", "head 0"}) {
    INFO(t);
    CHECK(hasLabel(s, t));
  }
  // Query labels at the start of each row (left of x = -0.5, at z = i).
  for (const Label& l : s.labels) {
    if (l.text == "q2" && l.position.y == 0.0f) {
      CHECK(l.position.z == 2.0f);
      CHECK(l.position.x < -0.5f);
    }
    if (l.text == "k3" && l.position.y == 0.0f) {
      CHECK(l.position.x == 3.0f);
      CHECK(l.position.z > 2.5f);  // beyond the last row: the end of the column
    }
  }
  view.layout = HeadLayout::AllHeads;
  s = build(r, view, 1);
  CHECK(hasLabel(s, "head 1"));

  view.show_labels = false;
  CHECK(build(r, view, 1).labels.empty());
  view.show_grid = false;
  CHECK(build(r, view, 1).grids.empty());
  view.show_grid = true;
  CHECK(build(r, view, 1).grids.size() == 4);  // two fields + two pedestals

  // Huge N: every k-th token only.
  CHECK(labelStride(10, 48) == 1);
  CHECK(labelStride(512, 48) == 11);
  CHECK(labelStride(0, 48) == 1);
  const attn::Result big = makeResult(1, 200, 300);
  ViewOptions bv;
  bv.max_axis_labels = 20;
  bv.show_q = bv.show_k = bv.show_v = false;
  const SceneData bs = build(big, bv, 1);
  size_t row_labels = 0, key_labels = 0;
  for (const Label& l : bs.labels) {
    if (l.text.rfind("q", 0) == 0 && l.text != "query") ++row_labels;
    if (l.text.rfind("k", 0) == 0 && l.text != "key") ++key_labels;
  }
  CHECK(row_labels <= 20);
  CHECK(row_labels >= 15);
  CHECK(key_labels <= 20);
  CHECK(key_labels >= 15);
}

TEST_CASE("build: bounds cover bars and arrows and labels") {
  const attn::Result r = makeResult();
  ViewOptions view;
  view.layout = HeadLayout::AllHeads;
  view.selected_query = 0;
  const SceneData s = build(r, view, 1);
  for (const BarInstance& b : s.bars) {
    CHECK(inside({b.x, b.height, b.z}, s));
    CHECK(inside({b.x + 0.5f * s.bar_footprint, 0.0f, b.z - 0.5f * s.bar_footprint}, s));
  }
  for (const ArrowInstance& a : s.arrows)
    CHECK(inside(a.origin + a.vector, s));
  for (const Label& l : s.labels)
    CHECK(inside(l.position, s));
}

TEST_CASE("build: gap option") {
  const attn::Result r = makeResult();
  ViewOptions view;
  view.bar_gap = 0.25f;
  CHECK(build(r, view, 1).bar_footprint == doctest::Approx(0.75f));
  view.bar_gap = 5.0f;  // clamped
  CHECK(build(r, view, 1).bar_footprint == doctest::Approx(0.1f));
}

TEST_CASE("build: an empty result gives an empty scene and selections are clamped") {
  attn::Result empty;
  const SceneData s = build(empty, ViewOptions{}, 9);
  CHECK(s.revision == 9);
  CHECK(s.bars.empty());
  CHECK(s.arrows.empty());

  const attn::Result r = makeResult();
  ViewOptions view;
  view.selected_head = 7;    // clamps to head 1
  view.selected_query = 99;  // ignored
  SceneLayout layout;
  const SceneData c = build(r, view, 1, layout);
  REQUIRE(layout.fields.size() == 1);
  CHECK(layout.fields[0].head == 1);
  CHECK(countRole(layout, ArrowRole::Output) == 0);
  CHECK(c.bars.size() == 12);
}
