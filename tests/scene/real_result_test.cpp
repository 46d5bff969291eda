// scene::build on results of the real kernel (the naive reference, the stable oracle): causal
// masks, cross-attention labels, and the output arrow against head_out projected to the v basis.
#include <doctest/doctest.h>

#include <algorithm>

#include "attn/params.hpp"
#include "scene/build.hpp"

using namespace scene;

namespace {

attn::Result compute(const attn::Params& p) {
  return attn::reference(attn::makeInputs(p));
}

}  // namespace

TEST_CASE("real result: causal mask is a flat grey upper triangle") {
  attn::Params p;
  p.seq = 6;
  p.d_model = 16;
  p.heads = 2;
  p.mask.kind = attn::MaskKind::Causal;
  const attn::Result r = compute(p);
  ViewOptions view;
  view.layout = HeadLayout::AllHeads;
  SceneLayout layout;
  const SceneData s = build(r, view, 3, layout);
  REQUIRE(s.bars.size() == 2u * 6u * 6u);
  for (const FieldLayout& f : layout.fields) {
    for (int i = 0; i < 6; ++i) {
      for (int j = 0; j < 6; ++j) {
        const BarInstance& b = s.bars[f.first_bar + static_cast<size_t>(i * 6 + j)];
        if (j > i) {
          CHECK(b.height == 0.0f);
          CHECK(b.color == kNanColor);
        } else {
          CHECK(b.height == doctest::Approx(r.weights(f.head, i, j) * view.height_scale));
          CHECK(b.color != kNanColor);
        }
      }
    }
  }
  CHECK(layout.fields[0].origin == glm::vec2(0.0f));
  // Query 0 sees only key 0: weight 1, the highest bar and the top of the colour range.
  CHECK(s.bars[0].height == doctest::Approx(view.height_scale));
  CHECK(layout.range.max == doctest::Approx(1.0f));
}

TEST_CASE("real result: the output arrow is head_out projected to the v basis") {
  attn::Params p;
  p.seq = 7;
  p.d_model = 24;
  p.heads = 3;
  p.seed = 5;
  const attn::Result r = compute(p);
  for (int h = 0; h < 3; ++h) {
    ViewOptions view;
    view.selected_head = h;
    view.selected_query = 4;
    SceneLayout layout;
    const SceneData s = build(r, view, 1, layout);
    const auto it = std::find_if(layout.arrow_tags.begin(), layout.arrow_tags.end(),
                                 [](const ArrowTag& t) { return t.role == ArrowRole::Output; });
    REQUIRE(it != layout.arrow_tags.end());
    CHECK(it->head == h);
    const ArrowInstance& out = s.arrows[static_cast<size_t>(it - layout.arrow_tags.begin())];
    const attn::Matrix projected =
        r.head_out.head(h).row(4) * r.pca[static_cast<size_t>(h)].v_basis;
    for (int c = 0; c < 3; ++c) {
      CHECK(out.vector[c] ==
            doctest::Approx(projected(0, c) * layout.v_space.scale).epsilon(1e-3).scale(1.0));
    }
  }
}

TEST_CASE("real result: cross-attention labels keys with the source tokens") {
  attn::Params p;
  p.pattern = attn::Pattern::Translation;
  p.text = "the cat sat";
  p.source_text = "le chat est assis";
  p.d_model = 16;
  p.heads = 2;
  const attn::Result r = compute(p);
  REQUIRE(r.n == 3);
  REQUIRE(r.m == 4);
  const SceneData s = build(r, ViewOptions{}, 1);
  CHECK(s.bars.size() == 12);
  auto has = [&](const char* text) {
    return std::any_of(s.labels.begin(), s.labels.end(),
                       [&](const Label& l) { return l.text == text; });
  };
  CHECK(has("cat"));
  CHECK(has("chat"));
  CHECK(has("assis"));
}
