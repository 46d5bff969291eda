// The ViT scene: bars over patch centres scaled to the tallest, colours, fading, the query
// outline, the CLS pillar, the heat overlay, head and mean rows, and results that do not fit.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "attn/rollout.hpp"
#include "core/error.hpp"
#include "scene/vit_build.hpp"

using namespace scene;

namespace {

constexpr int kP = 4;  // 4 x 4 patches of a 64 x 32 image (non-square patches: 16 x 8 pixels)

std::shared_ptr<const core::Image> picture(int w = 64, int h = 32) {
  return std::make_shared<const core::Image>(
      core::Image{w, h, std::vector<uint8_t>(static_cast<size_t>(w) * h * 4, 200)});
}

// weights(h, i, j) = (j + 1) · (h + 1) / 100 + i / 1000: distinct, growing with the key.
attn::Result vitResult(bool cls = true, int heads = 2) {
  const int n = kP * kP + (cls ? 1 : 0);
  attn::Result r;
  r.n = r.m = n;
  r.heads = heads;
  r.d_k = 4;
  r.d_model = 4 * heads;
  r.weights.resize(heads, n, n);
  for (int h = 0; h < heads; ++h)
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j)
        r.weights(h, i, j) =
            static_cast<float>((j + 1) * (h + 1)) / 100.0f + static_cast<float>(i) / 1000.0f;
  return r;
}

ViewOptions headView(int head, int query) {
  ViewOptions view;
  view.vit.map = VitMap::Head;
  view.selected_head = head;
  view.selected_query = query;
  return view;
}

}  // namespace

TEST_CASE("vit scene: one bar per patch on its centre, then the CLS pillar") {
  const auto image = picture();
  const attn::Result r = vitResult();
  SceneLayout layout;
  const SceneData s = buildVit(r, image, headView(1, 5), 7, layout);
  CHECK(s.revision == 7);
  REQUIRE(layout.vit);
  const VitLayout& v = *layout.vit;
  CHECK(v.grid.patches() == kP);
  CHECK(v.grid.cls());
  CHECK(v.query == 5);
  REQUIRE(s.bars.size() == kP * kP + 1);
  CHECK(v.first_bar == 0);
  CHECK(v.patch_bars == kP * kP);
  REQUIRE(v.cls_bar == kP * kP);
  for (int k = 0; k < kP * kP; ++k) {
    const glm::vec2 c = patchCentre(v.grid, v.rect, k);
    CHECK(s.bars[static_cast<size_t>(k)].x == c.x);
    CHECK(s.bars[static_cast<size_t>(k)].z == c.y);
  }
  // The CLS pillar stands left of the picture, level with its first row.
  const BarInstance& cls = s.bars[kP * kP];
  CHECK(cls.x < v.rect.min.x);
  CHECK(cls.z == doctest::Approx(s.bars[0].z));
  // The picture is the one given, on the ground rectangle of a 2:1 image.
  CHECK(s.ground.pixels == image);
  CHECK(s.ground.max.x == doctest::Approx(kImageWorldSize));
  CHECK(s.ground.max.y == doctest::Approx(kImageWorldSize / 2.0f));
  CHECK(layout.fields.empty());
}

TEST_CASE("vit scene: heights and colours follow the query's weights") {
  const attn::Result r = vitResult();
  SceneLayout layout;
  ViewOptions view = headView(1, 3);
  view.vit.height = 6.0f;
  const SceneData s = buildVit(r, picture(), view, 1, layout);
  const VitLayout& v = *layout.vit;
  // Head 1, query 3: w(j) = 2(j + 1)/100 + 0.003; the last patch (token 16) is the tallest.
  auto w = [](int token) { return 2.0f * static_cast<float>(token + 1) / 100.0f + 0.003f; };
  const float top = w(kP * kP);
  CHECK(v.height_per_weight == doctest::Approx(6.0f / top));
  CHECK(s.bars[kP * kP - 1].height == doctest::Approx(6.0f));
  const ColorScale colors(view.colormap, {0.0f, top}, RangeScale::Linear);
  for (int k = 0; k < kP * kP; ++k) {
    const BarInstance& b = s.bars[static_cast<size_t>(k)];
    const int token = k + 1;
    CHECK(v.row[static_cast<size_t>(token)] == doctest::Approx(w(token)));
    CHECK(b.height == doctest::Approx(w(token) * 6.0f / top));
    CHECK((b.color & 0x00ffffffu) == (colors(w(token)) & 0x00ffffffu));
  }
  CHECK(layout.range.max == doctest::Approx(top));
  CHECK(layout.range.min == 0.0f);
  // The CLS pillar, on the same scale.
  CHECK(s.bars[kP * kP].height == doctest::Approx(w(0) * 6.0f / top));
}

TEST_CASE("vit scene: bars fade towards zero height, the tallest keep the bar opacity") {
  attn::Result r = vitResult(false, 1);
  for (int j = 0; j < r.m; ++j)
    r.weights(0, 0, j) = j == 5 ? 0.5f : (j == 6 ? 0.025f : 0.0f);  // 100%, 5%, 0%
  SceneLayout layout;
  ViewOptions view = headView(0, 0);
  view.vit.bar_opacity = 0.8f;
  const SceneData s = buildVit(r, picture(), view, 1, layout);
  REQUIRE(s.bars.size() == kP * kP);
  CHECK(channel(s.bars[5].color, 3) == 204);  // 0.8 · 255
  CHECK(channel(s.bars[6].color, 3) == 68);   // 0.8 · (0.05 / 0.15) · 255
  CHECK(channel(s.bars[0].color, 3) == 0);
  CHECK(s.bars[0].height == 0.0f);
  CHECK_FALSE(layout.vit->cls_bar);
}

TEST_CASE("vit scene: the query patch is outlined, the default query is the centre patch") {
  const attn::Result r = vitResult();
  SceneLayout layout;
  SceneData s = buildVit(r, picture(), headView(0, 1 + 6), 1, layout);  // patch 6: row 1, col 2
  CHECK(s.ground.highlight_min.x == doctest::Approx(2 * kImageWorldSize / 4));
  CHECK(s.ground.highlight_min.y == doctest::Approx(1 * kImageWorldSize / 8));
  CHECK(s.ground.highlight_max.x == doctest::Approx(3 * kImageWorldSize / 4));
  CHECK(s.ground.highlight_max.y == doctest::Approx(2 * kImageWorldSize / 8));
  CHECK(s.ground.highlight_color == kQueryColor);

  s = buildVit(r, picture(), headView(0, -1), 1, layout);
  CHECK(layout.vit->query == 1 + 2 * kP + 2);  // row 2, column 2 (P / 2), after CLS
  CHECK(defaultQueryToken(layout.vit->grid) == layout.vit->query);
  s = buildVit(r, picture(), headView(0, 999), 1, layout);
  CHECK(layout.vit->query == 1 + 2 * kP + 2);

  // A CLS query outlines nothing on the picture; the pillar's label names it the query.
  s = buildVit(r, picture(), headView(0, 0), 1, layout);
  CHECK(layout.vit->query == 0);
  CHECK_FALSE(s.ground.highlight_max.x > s.ground.highlight_min.x);
  bool named = false;
  for (const Label& l : s.labels)
    named = named || (l.text == "CLS (query)" && l.color == kQueryColor);
  CHECK(named);
}

TEST_CASE("vit scene: the query sweep visits every patch once, in a serpentine, then holds") {
  for (const bool cls : {true, false}) {
    CAPTURE(cls);
    const attn::PatchGrid grid(64, 32, kP, cls);
    CHECK(vitSweepDuration(grid) == doctest::Approx(kP * kP * kVitSweepSeconds));
    std::vector<int> seen;
    for (int k = 0; k < kP * kP; ++k) {
      const int token = vitSweepToken(grid, (k + 0.5) * kVitSweepSeconds);
      const int patch = grid.patchOfToken(token);
      seen.push_back(patch);
      if (k > 0) {  // each step moves to a neighbouring patch: no jump across the picture
        const int before = seen[seen.size() - 2];
        CHECK(std::abs(patch / kP - before / kP) + std::abs(patch % kP - before % kP) == 1);
      }
    }
    std::vector<int> sorted = seen;
    std::sort(sorted.begin(), sorted.end());
    for (int k = 0; k < kP * kP; ++k)
      CHECK(sorted[static_cast<size_t>(k)] == k);
    CHECK(seen.front() == 0);  // from the top-left …
    CHECK(vitSweepToken(grid, -1.0) == vitSweepToken(grid, 0.0));
    CHECK(vitSweepToken(grid, 1e9) == grid.tokenOf(seen.back()));  // … holding the last
  }
  // The sweep overrides the selected query while it is on.
  const attn::Result r = vitResult();
  SceneLayout layout;
  ViewOptions view = headView(0, 1 + 6);
  view.vit.sweep = 1.5 * kVitSweepSeconds;  // the second patch of the first row
  buildVit(r, picture(), view, 1, layout);
  CHECK(layout.vit->query == 1 + 1);
}

TEST_CASE("vit scene: the mean over heads, and a head's row") {
  const attn::Result r = vitResult(true, 3);
  const std::vector<float> mean = vitRow(r, VitMap::MeanOverHeads, 0, 4);
  const std::vector<float> head2 = vitRow(r, VitMap::Head, 2, 4);
  REQUIRE(mean.size() == 17);
  for (int j = 0; j < 17; ++j) {
    const float expected = (r.weights(0, 4, j) + r.weights(1, 4, j) + r.weights(2, 4, j)) / 3.0f;
    CHECK(mean[static_cast<size_t>(j)] == doctest::Approx(expected));
    CHECK(head2[static_cast<size_t>(j)] == r.weights(2, 4, j));
  }
  CHECK(vitRow(r, VitMap::Head, 7, 4) == head2);  // the head is clamped
  CHECK(vitRow(r, VitMap::Head, 0, 17).empty());
  CHECK(vitRow(r, VitMap::Head, 0, -1).empty());
  CHECK(vitRow(attn::Result{}, VitMap::MeanOverHeads, 0, 0).empty());
}

TEST_CASE("vit scene: the overlay colours the picture instead of raising bars") {
  const attn::Result r = vitResult();
  SceneLayout layout;
  ViewOptions view = headView(0, 2);
  view.vit.overlay = true;
  view.vit.overlay_opacity = 0.6f;
  const SceneData s = buildVit(r, picture(), view, 1, layout);
  REQUIRE(s.bars.size() == 1);  // the CLS pillar only
  CHECK(layout.vit->patch_bars == 0);
  CHECK(layout.vit->cls_bar == 0);
  REQUIRE(s.ground.overlay.size() == kP * kP);
  CHECK(s.ground.overlay_cols == kP);
  CHECK(s.ground.overlay_rows == kP);
  const float top = r.weights(0, 2, kP * kP);
  const ColorScale colors(view.colormap, {0.0f, top}, RangeScale::Linear);
  // Opacity grows as √ of the weight's place in the range: the top patch has the full 0.6.
  for (int k = 0; k < kP * kP; ++k) {
    const Rgba8 c = s.ground.overlay[static_cast<size_t>(k)];
    const float w = r.weights(0, 2, k + 1);
    CHECK((c & 0x00ffffffu) == (colors(w) & 0x00ffffffu));
    CHECK(channel(c, 3) == std::lround(0.6f * std::sqrt(w / top) * 255.0f));
  }
  CHECK(channel(s.ground.overlay.back(), 3) == 153);
  // No overlay in the bars mode.
  view.vit.overlay = false;
  CHECK(buildVit(r, picture(), view, 1, layout).ground.overlay.empty());
}

TEST_CASE("vit scene: a CLS pillar far above the patches is capped") {
  attn::Result r = vitResult(true, 1);
  for (int j = 0; j < r.m; ++j)
    r.weights(0, 3, j) = j == 0 ? 0.9f : 0.01f;
  SceneLayout layout;
  ViewOptions view = headView(0, 3);
  view.vit.height = 4.0f;
  const SceneData s = buildVit(r, picture(), view, 1, layout);
  CHECK(s.bars[0].height == doctest::Approx(4.0f));
  CHECK(s.bars[*layout.vit->cls_bar].height == doctest::Approx(8.0f));
  CHECK(s.bounds_max.y >= 8.0f);
}

TEST_CASE("vit scene: grid lines, labels and bounds") {
  const attn::Result r = vitResult();
  SceneLayout layout;
  ViewOptions view = headView(0, 5);
  SceneData s = buildVit(r, picture(), view, 1, layout);
  CHECK(s.ground.grid_cells == kP);
  CHECK_FALSE(s.labels.empty());
  CHECK(s.bounds_min.x < 0.0f);  // the pillar
  CHECK(s.bounds_max.x >= kImageWorldSize);
  CHECK(s.bounds_max.y >= view.vit.height);
  view.show_grid = false;
  view.show_labels = false;
  s = buildVit(r, picture(), view, 1, layout);
  CHECK(s.ground.grid_cells == 0);
  CHECK(s.labels.empty());
}

TEST_CASE("vit scene: a result that does not fit the picture shows the picture alone") {
  SceneLayout layout;
  const auto image = picture();
  // 18 tokens are neither P² nor 1 + P².
  attn::Result r = vitResult();
  r.n = r.m = 18;
  r.weights.resize(2, 18, 18);
  SceneData s = buildVit(r, image, ViewOptions{}, 1, layout);
  CHECK(s.bars.empty());
  CHECK(s.ground.pixels == image);
  CHECK_FALSE(layout.vit);
  // 4 x 4 patches do not fit a picture 3 pixels high.
  s = buildVit(vitResult(), picture(64, 3), ViewOptions{}, 1, layout);
  CHECK(s.bars.empty());
  // No picture at all: nothing.
  s = buildVit(vitResult(), nullptr, ViewOptions{}, 1, layout);
  CHECK(s.ground.empty());
  CHECK(s.bars.empty());
}

TEST_CASE("vit scene: the attention-matrix builder clears the picture") {
  SceneLayout layout;
  SceneData s = buildVit(vitResult(), picture(), ViewOptions{}, 1, layout);
  REQUIRE_FALSE(s.ground.empty());
  build(vitResult(), ViewOptions{}, 2, s, layout);
  CHECK(s.ground.empty());
  CHECK_FALSE(layout.vit);
  CHECK(s.bars.size() == 17 * 17);
}

TEST_CASE("vit scene: a model file's layer, mean and rollout as the result drawn") {
  // 2 layers, 2 heads, CLS + 2 x 2 patches; rows are distributions.
  attn::ModelAttention model;
  model.layers = 2;
  model.heads = 2;
  model.n = model.m = 5;
  for (int l = 0; l < 2; ++l)
    for (int h = 0; h < 2; ++h)
      for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 5; ++j)
          model.weights.push_back(static_cast<float>(1 + (i + j + l + h) % 5) / 15.0f);
  model.tokens = {"CLS", "r0c0", "r0c1", "r1c0", "r1c1"};
  const std::vector<attn::Matrix> rollout = attn::rollout(model);

  const attn::Result layer1 = vitModelResult(model, rollout, 1, VitMap::Head);
  CHECK(layer1.heads == 2);
  CHECK(layer1.weights(1, 2, 3) == model.weightsOf(1, 1)(2, 3));
  const attn::Result rolled = vitModelResult(model, rollout, 1, VitMap::Rollout);
  REQUIRE(rolled.heads == 1);
  CHECK(rolled.tokens == model.tokens);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j)
      CHECK(rolled.weights(0, i, j) == rollout[1](i, j));
  CHECK(vitRow(rolled, VitMap::Rollout, 7, 2) == vitRow(rolled, VitMap::Head, 0, 2));
  CHECK_THROWS_AS(vitModelResult(model, rollout, 2, VitMap::Rollout), core::UsageError);

  // Drawn over a 4 x 4 picture: 4 patch bars and the CLS pillar; the title names the layer.
  ViewOptions view;
  view.vit.map = VitMap::Rollout;
  view.vit.layer = 1;
  view.selected_query = 0;
  SceneLayout layout;
  const SceneData s = buildVit(rolled, picture(4, 4), view, 1, layout);
  CHECK(s.bars.size() == 5);
  bool titled = false;
  for (const Label& l : s.labels)
    titled = titled || l.text == "attention of CLS  \xc2\xb7  rollout through layer 1";
  CHECK(titled);
}
