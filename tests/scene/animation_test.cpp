// scene::build while animating: every stage's bars, arrows and captions on the hand-made result,
// and the pure-function property (same t, same scene).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "scene/build.hpp"
#include "scene/fixture.hpp"

using namespace scene;
using scene_test::makeResult;

namespace {

constexpr int kHeads = 2, kN = 3, kM = 4;

ViewOptions animated(AnimationMode mode, double t) {
  ViewOptions v;
  v.animate = true;
  v.animation_mode = mode;
  v.time = t;
  return v;
}

const BarInstance& barOf(const SceneData& s, const SceneLayout& l, int head, int i, int j) {
  for (const FieldLayout& f : l.fields)
    if (f.head == head) return s.bars[f.first_bar + static_cast<size_t>(i * f.cols + j)];
  FAIL("head not laid out");
  return s.bars.front();
}

bool sameBars(const SceneData& a, const SceneData& b) {
  if (a.bars.size() != b.bars.size()) return false;
  for (size_t k = 0; k < a.bars.size(); ++k) {
    const BarInstance &x = a.bars[k], &y = b.bars[k];
    if (x.x != y.x || x.z != y.z || x.height != y.height || x.color != y.color) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("animation: same time, same scene (a pure function of t)") {
  const attn::Result r = makeResult(kHeads, kN, kM);
  for (AnimationMode mode :
       {AnimationMode::WholeMatrix, AnimationMode::RowByRow, AnimationMode::CellByCell}) {
    const Timeline tl(mode, kN, kM);
    for (double t = 0.0; t <= tl.duration(); t += 0.37) {
      const SceneData a = build(r, animated(mode, t), 1);
      const SceneData b = build(r, animated(mode, t), 2);
      CHECK(sameBars(a, b));
      REQUIRE(a.arrows.size() == b.arrows.size());
      for (size_t k = 0; k < a.arrows.size(); ++k) {
        CHECK(a.arrows[k].vector == b.arrows[k].vector);
        CHECK(a.arrows[k].origin == b.arrows[k].origin);
      }
      CHECK(a.caption == b.caption);
      CHECK(a.detail == b.detail);
    }
  }
}

TEST_CASE("animation: tokens first — nothing computed, no arrows, every head laid out") {
  const attn::Result r = makeResult(kHeads, kN, kM);
  SceneLayout l;
  const SceneData s = build(r, animated(AnimationMode::WholeMatrix, 0.1), 1, l);
  CHECK(l.fields.size() == static_cast<size_t>(kHeads));
  REQUIRE(s.bars.size() == static_cast<size_t>(kHeads * kN * kM));
  for (const BarInstance& b : s.bars) {
    CHECK(b.height == 0.0f);
    CHECK(b.color == kPendingColor);
  }
  CHECK(s.arrows.empty());
  CHECK(s.caption.find("1/8") == 0);
  CHECK(s.caption.find("Tokens") != std::string::npos);
  CHECK(s.formula == stageFormula(Stage::Tokens));
}

TEST_CASE("animation: projections grow the arrows to their full length") {
  const attn::Result r = makeResult(kHeads, kN, kM);
  const Timeline tl(AnimationMode::WholeMatrix, kN, kM);
  const double start = tl.stageStart(Stage::Projection);
  ViewOptions still;
  still.layout = HeadLayout::AllHeads;
  const SceneData full = build(r, still, 1);
  const SceneData half =
      build(r,
            animated(AnimationMode::WholeMatrix,
                     start + 0.5 * Timeline::kMotionShare * Timeline::kStageSeconds),
            1);
  const SceneData done =
      build(r, animated(AnimationMode::WholeMatrix, tl.stageStart(Stage::DotProducts)), 1);
  REQUIRE(half.arrows.size() == full.arrows.size());
  REQUIRE(done.arrows.size() == full.arrows.size());
  for (size_t k = 0; k < full.arrows.size(); ++k) {
    CHECK(glm::length(half.arrows[k].vector) ==
          doctest::Approx(0.5f * glm::length(full.arrows[k].vector)));
    CHECK(glm::length(done.arrows[k].vector) ==
          doctest::Approx(glm::length(full.arrows[k].vector)));
  }
}

TEST_CASE("animation: dot products rise as q·k (negative below ground), then shrink by √d_k") {
  const attn::Result r = makeResult(kHeads, kN, kM);
  const Timeline tl(AnimationMode::WholeMatrix, kN, kM);
  SceneLayout l;
  const SceneData dots =
      build(r, animated(AnimationMode::WholeMatrix, tl.stageStart(Stage::Scaling) - 0.01), 1, l);
  const SceneData scaled =
      build(r, animated(AnimationMode::WholeMatrix, tl.stageStart(Stage::Mask) - 0.01), 1);
  float unit = NAN;  // world height per unit of score: one scale for the whole field
  for (int i = 0; i < kN; ++i) {
    for (int j = 0; j < kM; ++j) {
      const float raw = scene_test::scoreAt(0, i, j) * 2.0f;  // √d_k = 2
      const float h = barOf(dots, l, 0, i, j).height;
      if (raw == 0.0f) {
        CHECK(h == 0.0f);
        continue;
      }
      if (std::isnan(unit)) unit = h / raw;
      CHECK(h / raw == doctest::Approx(unit));
      CHECK((h < 0.0f) == (raw < 0.0f));
      CHECK(barOf(scaled, l, 0, i, j).height == doctest::Approx(h / 2.0f));
    }
  }
  CHECK(unit > 0.0f);
  CHECK(dots.caption.find("3/8") == 0);
  CHECK(scaled.caption.find("4/8") == 0);
  CHECK(scaled.detail.find("÷ 2") != std::string::npos);
  // The legend follows: raw scores on a symmetric diverging range before the scaling.
  CHECK(l.value == BarValue::RawScores);
  CHECK(l.colormap == Colormap::Diverging);
  CHECK(l.range.min == doctest::Approx(-l.range.max));
}

TEST_CASE("animation: masked cells fall flat and grey; softmax ends on the weights") {
  attn::Result r = makeResult(kHeads, kN, kM);
  r.mask(0, 3) = 1;
  const Timeline tl(AnimationMode::WholeMatrix, kN, kM);
  SceneLayout l;
  const SceneData masked =
      build(r, animated(AnimationMode::WholeMatrix, tl.stageStart(Stage::Softmax) - 0.01), 1, l);
  CHECK(barOf(masked, l, 0, 0, 3).height == 0.0f);
  CHECK(barOf(masked, l, 0, 0, 3).color == kNanColor);
  CHECK(barOf(masked, l, 0, 0, 2).height != 0.0f);
  CHECK(masked.detail.find("1 of 12 cells masked") != std::string::npos);

  SceneLayout lw;
  const SceneData weights =
      build(r, animated(AnimationMode::WholeMatrix, tl.stageStart(Stage::WeightedSum)), 1, lw);
  ViewOptions still;
  still.layout = HeadLayout::AllHeads;
  SceneLayout ls;
  const SceneData expected = build(r, still, 1, ls);
  for (int i = 0; i < kN; ++i) {
    for (int j = 0; j < kM; ++j) {
      CHECK(barOf(weights, lw, 0, i, j).height ==
            doctest::Approx(barOf(expected, ls, 0, i, j).height));
      CHECK(barOf(weights, lw, 0, i, j).color == barOf(expected, ls, 0, i, j).color);
    }
  }
  CHECK(lw.value == BarValue::Weights);
  CHECK(lw.colormap == Colormap::Viridis);
}

TEST_CASE("animation: the softmax caption sums the explained row as it morphs") {
  const attn::Result r = makeResult(kHeads, kN, kM);
  const Timeline tl(AnimationMode::WholeMatrix, kN, kM);
  const SceneData s =
      build(r, animated(AnimationMode::WholeMatrix, tl.stageStart(Stage::WeightedSum) - 0.01), 1);
  // Finished softmax: the last row's (the default explained query) weights sum.
  float sum = 0.0f;
  for (int j = 0; j < kM; ++j)
    sum += scene_test::weightAt(0, kN - 1, j);
  char expected[32];
  std::snprintf(expected, sizeof expected, "Σ_j = %.3g", static_cast<double>(sum));
  CHECK(s.detail.find(expected) != std::string::npos);
  bool labelled = false;
  for (const Label& label : s.labels)
    labelled |= label.text.rfind("Σ = ", 0) == 0;
  CHECK(labelled);
}

TEST_CASE("animation: row by row computes one query at a time") {
  const attn::Result r = makeResult(kHeads, kN, kM);
  const Timeline tl(AnimationMode::RowByRow, kN, kM);
  SceneLayout l;
  const SceneData s = build(
      r, animated(AnimationMode::RowByRow, tl.stageStart(Stage::DotProducts, 1) + 0.01), 1, l);
  ViewOptions still;
  still.layout = HeadLayout::AllHeads;
  SceneLayout ls;
  const SceneData done = build(r, still, 1, ls);
  for (int j = 0; j < kM; ++j) {
    // Row 0 finished (its weights, dimmed as not the current row), row 2 not started.
    CHECK(barOf(s, l, 0, 0, j).height == doctest::Approx(barOf(done, ls, 0, 0, j).height));
    CHECK(barOf(s, l, 0, 2, j).color != kPendingColor);  // dimmed pending tile
    CHECK(barOf(s, l, 0, 2, j).height == 0.0f);
  }
  CHECK(s.caption.find("query 'q1'") != std::string::npos);
}

TEST_CASE("animation: cell by cell shows one key's dot product and its projection on q") {
  const attn::Result r = makeResult(kHeads, kN, kM);
  const Timeline tl(AnimationMode::CellByCell, kN, kM);
  const double t = tl.stageStart(Stage::DotProducts, 1) + 2.9 * Timeline::kCellSeconds;
  SceneLayout l;
  const SceneData s = build(r, animated(AnimationMode::CellByCell, t), 1, l);
  CHECK(s.caption.find("key 'k2'") != std::string::npos);
  CHECK(s.detail == "q·k = " + std::to_string(static_cast<int>(scene_test::scoreAt(0, 1, 2) * 2)));
  CHECK(barOf(s, l, 0, 1, 0).height < 0.0f);  // q1·k0 = -2
  CHECK(barOf(s, l, 0, 1, 3).height == 0.0f);
  // One extra key arrow: k2 projected on q1's direction, as long as k2·q̂1 (PCA 3D).
  size_t keys = 0;
  const ArrowInstance* projection = nullptr;
  for (size_t k = 0; k < l.arrow_tags.size(); ++k) {
    if (l.arrow_tags[k].role != ArrowRole::Key) continue;
    if (++keys == static_cast<size_t>(kM) + 1) projection = &s.arrows[k];
  }
  REQUIRE(projection != nullptr);
  const attn::Projection3D& p = r.pca[0];
  const glm::vec3 q{p.q(1, 0), p.q(1, 1), p.q(1, 2)}, k2{p.k(2, 0), p.k(2, 1), p.k(2, 2)};
  const float along = glm::dot(k2, glm::normalize(q));
  CHECK(glm::length(projection->vector) == doctest::Approx(std::abs(along) * l.qk_space.scale));
  CHECK(glm::dot(projection->vector, q) * along > 0.0f);
}

TEST_CASE("animation: the weighted sum chains the scaled v arrows into the output arrow") {
  const attn::Result r = makeResult(kHeads, kN, kM);
  const Timeline tl(AnimationMode::WholeMatrix, kN, kM);
  SceneLayout l;
  const SceneData s =
      build(r, animated(AnimationMode::WholeMatrix, tl.stageStart(Stage::Heads)), 1, l);
  const ArrowInstance* output = nullptr;
  std::vector<const ArrowInstance*> values;
  for (size_t k = 0; k < s.arrows.size(); ++k) {
    if (l.arrow_tags[k].role == ArrowRole::Output) output = &s.arrows[k];
    if (l.arrow_tags[k].role == ArrowRole::Value) values.push_back(&s.arrows[k]);
  }
  REQUIRE(output != nullptr);
  REQUIRE(values.size() == static_cast<size_t>(kM));
  CHECK(glm::length(values.front()->origin - output->origin) < 1e-5f);
  for (size_t k = 1; k < values.size(); ++k) {
    const glm::vec3 tip = values[k - 1]->origin + values[k - 1]->vector;
    CHECK(glm::length(values[k]->origin - tip) < 1e-4f);
  }
  const glm::vec3 last_tip = values.back()->origin + values.back()->vector;
  CHECK(glm::length(last_tip - (output->origin + output->vector)) < 1e-4f);
  // The same output arrow as the still view with that query selected.
  ViewOptions still;
  still.layout = HeadLayout::AllHeads;
  still.selected_query = kN - 1;
  SceneLayout ls;
  const SceneData expected = build(r, still, 1, ls);
  for (size_t k = 0; k < expected.arrows.size(); ++k) {
    if (ls.arrow_tags[k].role != ArrowRole::Output) continue;
    CHECK(glm::length(expected.arrows[k].vector - output->vector) < 1e-5f);
  }
}

TEST_CASE("animation: the other heads wait, then rise in the heads stage") {
  const attn::Result r = makeResult(kHeads, kN, kM);
  const Timeline tl(AnimationMode::WholeMatrix, kN, kM);
  SceneLayout l;
  const SceneData before =
      build(r, animated(AnimationMode::WholeMatrix, tl.stageStart(Stage::Heads) - 0.01), 1, l);
  const SceneData after = build(r, animated(AnimationMode::WholeMatrix, tl.duration()), 1);
  ViewOptions still;
  still.layout = HeadLayout::AllHeads;
  SceneLayout ls;
  const SceneData expected = build(r, still, 1, ls);
  for (int i = 0; i < kN; ++i) {
    for (int j = 0; j < kM; ++j) {
      CHECK(barOf(before, l, 1, i, j).color == kPendingColor);
      CHECK(barOf(after, l, 1, i, j).height ==
            doctest::Approx(barOf(expected, ls, 1, i, j).height));
      CHECK(barOf(after, l, 1, i, j).color == barOf(expected, ls, 1, i, j).color);
    }
  }
  CHECK(after.caption.find("8/8") == 0);
}
