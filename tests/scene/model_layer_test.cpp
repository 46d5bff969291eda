// scene::build on a model file's layer (attn::layerResult): without q/k/v there are bars and no
// arrows (and score views draw flat grey cells instead of crashing); with them, the arrows of the
// model's own vectors. Masked cells (exact zeros in every head) are flat and grey.
#include <doctest/doctest.h>

#include <cmath>

#include "attn/model_attention.hpp"
#include "scene/build.hpp"

using namespace scene;

namespace {

// L = 1, H = 2, N = M = 3, causal weights; q/k/v [1, 2, 3, 4] when `vectors`.
attn::ModelAttention smallModel(bool vectors) {
  attn::ModelAttention a;
  a.layers = 1;
  a.heads = 2;
  a.n = a.m = 3;
  a.weights = {1.0f, 0.0f, 0.0f, 0.4f, 0.6f, 0.0f, 0.2f, 0.3f, 0.5f,
               1.0f, 0.0f, 0.0f, 0.7f, 0.3f, 0.0f, 0.1f, 0.1f, 0.8f};
  a.tokens = {"x", "y", "z"};
  a.source_file = "small.npz";
  if (vectors) {
    a.d_k = 4;
    for (int i = 0; i < 2 * 3 * 4; ++i) {
      a.q.push_back(std::sin(static_cast<float>(i)));
      a.k.push_back(std::cos(static_cast<float>(i)));
      a.v.push_back(std::sin(0.5f * static_cast<float>(i) + 1.0f));
    }
  }
  return a;
}

}  // namespace

TEST_CASE("model layer without q/k/v: bars, a grey causal triangle, no arrows") {
  const attn::Result r = attn::layerResult(smallModel(false), 0);
  ViewOptions view;
  view.layout = HeadLayout::AllHeads;
  SceneLayout layout;
  const SceneData s = build(r, view, 1, layout);
  REQUIRE(s.bars.size() == 2u * 3u * 3u);
  CHECK(s.arrows.empty());
  CHECK(layout.arrow_tags.empty());
  CHECK(layout.qk_space.scale == 0.0f);
  for (const FieldLayout& f : layout.fields) {
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 3; ++j) {
        const BarInstance& b = s.bars[f.first_bar + static_cast<size_t>(i * 3 + j)];
        if (j > i) {
          CHECK(b.height == 0.0f);
          CHECK(b.color == kNanColor);
        } else {
          CHECK(b.height == doctest::Approx(r.weights(f.head, i, j) * view.height_scale));
        }
      }
    }
  }
  // Scores are not in the file: the field is drawn flat and grey rather than failing.
  view.value = BarValue::Scores;
  const SceneData scores = build(r, view, 2, layout);
  REQUIRE(scores.bars.size() == 2u * 3u * 3u);
  for (const BarInstance& b : scores.bars) {
    CHECK(b.height == 0.0f);
    CHECK(b.color == kNanColor);
  }
}

TEST_CASE("model layer with q/k/v: arrows of the model's vectors and scores as bars") {
  const attn::Result r = attn::layerResult(smallModel(true), 0);
  ViewOptions view;
  view.selected_head = 1;
  view.selected_query = 2;
  SceneLayout layout;
  const SceneData s = build(r, view, 1, layout);
  CHECK(s.bars.size() == 3u * 3u);
  CHECK_FALSE(s.arrows.empty());
  int queries = 0, outputs = 0;
  for (const ArrowTag& t : layout.arrow_tags) {
    CHECK(t.head == 1);
    queries += t.role == ArrowRole::Query ? 1 : 0;
    outputs += t.role == ArrowRole::Output ? 1 : 0;
  }
  CHECK(queries == 3);
  CHECK(outputs == 1);
  view.value = BarValue::Scores;
  view.selected_query = -1;  // no dimmed rows
  const SceneData scores = build(r, view, 2, layout);
  // Query 0 sees key 0 only: its other cells are masked (grey), the unmasked one shows the score.
  CHECK(scores.bars[1].color == kNanColor);
  CHECK(scores.bars[0].height == doctest::Approx(r.scores(1, 0, 0) * view.height_scale));
}
