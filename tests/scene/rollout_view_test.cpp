// The rollout stack: R_l as fields on raised floors, the flows of one output token between
// consecutive floors (largest shares, opacity with the share), the path's rows bright, and
// picking through the floors.
#include <doctest/doctest.h>

#include <cmath>

#include "attn/rollout.hpp"
#include "model_fixture.hpp"
#include "scene/picking.hpp"
#include "scene/rollout_view.hpp"

using namespace scene;
using scene_test::makeModel;

namespace {

struct Stack {
  attn::ModelAttention model = makeModel(3, 2, 5, 5);
  std::vector<attn::Matrix> mixing = attn::rolloutMixing(model, 0.5f);
  std::vector<attn::Matrix> partial = attn::rollout(model, 0.5f);
  SceneData scene;
  SceneLayout layout;

  explicit Stack(ViewOptions view = {}) { buildRollout(input(), view, 3, scene, layout); }
  RolloutInput input() const { return {mixing, partial, model.tokens, 0.5f}; }
};

}  // namespace

TEST_CASE("rollout view: one raised field per layer, bars are R_l") {
  const Stack s;
  const RolloutGeometry g = rolloutGeometry(3, 5);
  CHECK(g.spacing >= 3.0f);
  CHECK(rolloutCellCount(s.input()) == 3 * 25);
  REQUIRE(s.scene.bars.size() == 3 * 25);
  REQUIRE(s.layout.fields.size() == 3);
  REQUIRE(s.scene.levels.size() == 3);
  for (int l = 0; l < 3; ++l) {
    const FieldLayout& f = s.layout.fields[static_cast<size_t>(l)];
    CAPTURE(l);
    CHECK(f.layer == l);
    CHECK(f.rows == 5);
    CHECK(f.cols == 5);
    CHECK(f.base == doctest::Approx(static_cast<float>(l + 1) * g.spacing));
    CHECK(s.scene.levels[static_cast<size_t>(l)].first == f.first_bar);
    CHECK(s.scene.levels[static_cast<size_t>(l)].count == 25);
    CHECK(s.scene.levels[static_cast<size_t>(l)].base == f.base);
    for (int i = 0; i < 5; ++i)
      for (int j = 0; j < 5; ++j)
        CHECK(s.scene.bars[f.first_bar + static_cast<size_t>(i * 5 + j)].height ==
              doctest::Approx(s.partial[static_cast<size_t>(l)](i, j) * g.height_scale));
  }
  // The scene reaches from the ground to above the top floor.
  CHECK(s.scene.bounds_min.y <= 0.0f);
  CHECK(s.scene.bounds_max.y > 3.0f * g.spacing);
}

TEST_CASE("rollout view: flows of the output token follow attn::rolloutFlow") {
  for (const int output : {4, 1}) {
    CAPTURE(output);
    ViewOptions view;
    view.selected_query = output;
    const Stack s(view);
    const std::vector<attn::Vector> flow = attn::rolloutFlow(s.mixing, output);
    const float spacing = rolloutGeometry(3, 5).spacing;
    REQUIRE(s.scene.arrows.size() == s.layout.arrow_tags.size());
    REQUIRE_FALSE(s.scene.arrows.empty());
    std::vector<float> strongest(3, 0.0f);
    for (const ArrowTag& t : s.layout.arrow_tags)
      strongest[static_cast<size_t>(t.head)] =
          std::max(strongest[static_cast<size_t>(t.head)], t.share);
    std::vector<int> per_layer(3, 0);
    for (size_t a = 0; a < s.scene.arrows.size(); ++a) {
      const ArrowInstance& arrow = s.scene.arrows[a];
      const ArrowTag& t = s.layout.arrow_tags[a];
      const int l = t.head;
      ++per_layer[static_cast<size_t>(l)];
      CHECK(t.role == ArrowRole::Output);
      // From token `source` before layer l (diagonal cell, floor l) to `token` after it.
      CHECK(arrow.origin == glm::vec3(t.source, static_cast<float>(l) * spacing, t.source));
      const glm::vec3 end = arrow.origin + arrow.vector;
      CHECK(end.x == doctest::Approx(t.token));
      CHECK(end.y == doctest::Approx(static_cast<float>(l + 1) * spacing));
      CHECK(end.z == doctest::Approx(t.token));
      const float share = flow[static_cast<size_t>(l) + 1](t.token) *
                          s.mixing[static_cast<size_t>(l)](t.token, t.source);
      CHECK(t.share == doctest::Approx(share));
      CHECK(t.share >= kMinFlowShare * strongest[static_cast<size_t>(l)]);
      // Translucent, more opaque for a larger share.
      const float alpha = static_cast<float>(channel(arrow.color, 3)) / 255.0f;
      CHECK(alpha < 1.0f);
      CHECK(alpha == doctest::Approx(0.3f + 0.65f * t.share / strongest[static_cast<size_t>(l)])
                         .epsilon(0.01));
    }
    for (const int count : per_layer) {
      CHECK(count > 0);
      CHECK(count <= kMaxFlowsPerLayer);
    }
    // The last layer's flows all end at the output token.
    for (const ArrowTag& t : s.layout.arrow_tags)
      if (t.head == 2) CHECK(t.token == output);
    // The top floor: only the output's row is bright.
    const FieldLayout& top = s.layout.fields[2];
    const ColorScale colors(Colormap::Viridis, s.layout.range, RangeScale::Linear);
    for (int i = 0; i < 5; ++i) {
      const BarInstance& bar = s.scene.bars[top.first_bar + static_cast<size_t>(i * 5)];
      const Rgba8 bright = colors(s.partial[2](i, 0));
      CHECK((bar.color == bright) == (i == output));
    }
  }
}

TEST_CASE("rollout view: picking goes through the floors, inconsistent input is empty") {
  const Stack s;
  // From above: the top floor's bar; from below the ground: R_0's.
  const auto top = pickCell(s.scene, s.layout, {{2.0f, 200.0f, 3.0f}, {0.0f, -1.0f, 0.0f}});
  REQUIRE(top);
  CHECK(top->layer == 2);
  CHECK(top->query == 3);
  CHECK(top->key == 2);
  const auto bottom = pickCell(s.scene, s.layout, {{2.0f, -50.0f, 3.0f}, {0.0f, 1.0f, 0.0f}});
  REQUIRE(bottom);
  CHECK(bottom->layer == 0);
  CHECK(bottom->point.y == doctest::Approx(s.layout.fields[0].base).epsilon(1e-3));

  SceneData out;
  SceneLayout layout;
  std::vector<attn::Matrix> fewer(s.partial.begin(), s.partial.begin() + 2);
  buildRollout({s.mixing, fewer, {}, 0.5f}, {}, 1, out, layout);
  CHECK(out.bars.empty());
  CHECK(layout.fields.empty());
  buildRollout({}, {}, 1, out, layout);
  CHECK(out.bars.empty());
}

TEST_CASE("rollout view: the inputs named are those the output draws on most") {
  const attn::ModelAttention model = makeModel(2, 2, 20, 20);
  const std::vector<attn::Matrix> mixing = attn::rolloutMixing(model, 0.5f);
  const std::vector<attn::Matrix> partial = attn::rollout(model, 0.5f);
  SceneData out;
  SceneLayout layout;
  buildRollout({mixing, partial, model.tokens, 0.5f}, {}, 1, out, layout);
  const attn::Vector inputs = attn::rolloutFlow(mixing, 19).front();
  std::vector<int> named;
  for (const Label& l : out.labels) {
    if (l.position.y != 0.0f || l.color != kOutputColor) continue;
    named.push_back(static_cast<int>(std::lround(l.position.z)));
  }
  REQUIRE_FALSE(named.empty());
  CHECK(named.size() <= static_cast<size_t>(kMaxInputLabels));
  // An input left unnamed that carries more than a named one is the neighbour of a named one
  // (labels stay 20 / 8 = 2 tokens apart).
  float weakest_named = 1.0f;
  for (const int k : named)
    weakest_named = std::min(weakest_named, inputs(k));
  for (int k = 0; k < 20; ++k) {
    if (std::find(named.begin(), named.end(), k) != named.end() || inputs(k) <= weakest_named)
      continue;
    CAPTURE(k);
    CHECK(std::any_of(named.begin(), named.end(), [&](int o) { return std::abs(o - k) < 2; }));
  }
  for (size_t a = 0; a < named.size(); ++a)
    for (size_t b = a + 1; b < named.size(); ++b)
      CHECK(std::abs(named[a] - named[b]) >= 2);
}
