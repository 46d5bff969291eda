// The overview of a model file: every (layer, head) as a field on one lattice, the mean and max
// over heads beside each layer, titles, the selected field, and picking back to (layer, head,
// query, key).
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "attn/rollout.hpp"
#include "model_fixture.hpp"
#include "scene/overview.hpp"
#include "scene/picking.hpp"

using namespace scene;
using scene_test::makeModel;
using scene_test::modelWeight;

namespace {

struct Built {
  SceneData scene;
  SceneLayout layout;
};

Built overview(const attn::ModelAttention& model, ViewOptions view = {}) {
  Built b;
  buildOverview(model, view, 7, b.scene, b.layout);
  return b;
}

const Label* findLabel(const SceneData& s, const std::string& text) {
  for (const Label& l : s.labels)
    if (l.text == text) return &l;
  return nullptr;
}

}  // namespace

TEST_CASE("overview: one field per layer and head, and the mean and max of each layer") {
  const attn::ModelAttention model = makeModel();
  const Built b = overview(model);
  CHECK(b.scene.revision == 7);
  CHECK(overviewCellCount(model, {}) == 2 * 5 * 3 * 4);
  REQUIRE(b.scene.bars.size() == overviewCellCount(model, {}));
  REQUIRE(b.layout.fields.size() == 2 * 5);
  const OverviewGrid g = overviewGrid(model, {});
  CHECK(g.columns == 5);
  CHECK(g.gap >= 2);
  // Fields in order: layer by layer, heads then mean then max; each N x M, contiguous.
  const int heads[] = {0, 1, 2, kHeadMean, kHeadMax};
  size_t k = 0;
  for (int l = 0; l < 2; ++l) {
    for (const int h : heads) {
      const FieldLayout& f = b.layout.fields[k];
      CAPTURE(l);
      CAPTURE(h);
      CHECK(f.layer == l);
      CHECK(f.head == h);
      CHECK(f.rows == 3);
      CHECK(f.cols == 4);
      CHECK(f.base == 0.0f);
      CHECK(f.first_bar == k * 12);
      // Layers along +z, heads along +x; the aggregates one gap further right.
      CHECK(f.origin.y == static_cast<float>(l) * g.pitch_z);
      const float x = h >= 0 ? static_cast<float>(h) * g.pitch_x
                             : static_cast<float>(3) * g.pitch_x + static_cast<float>(g.gap) +
                                   (h == kHeadMax ? g.pitch_x : 0.0f);
      CHECK(f.origin.x == x);
      // Titles above each field.
      const Label* title = findLabel(b.scene, overviewTitle(l, h));
      REQUIRE(title != nullptr);
      CHECK(title->position.z < f.origin.y - 0.5f);
      CHECK(title->position.x == doctest::Approx(f.origin.x + 1.5f));
      ++k;
    }
  }
  CHECK(overviewTitle(3, 5) == "L3 H5");
  CHECK(overviewTitle(1, kHeadMean) == "L1 mean");
  CHECK(overviewTitle(0, kHeadMax) == "L0 max");
}

TEST_CASE("overview: bars are the weights, aggregates exact, every bar on one lattice") {
  const attn::ModelAttention model = makeModel();
  ViewOptions view;
  view.height_scale = 2.0f;
  const Built b = overview(model, view);
  const float scale = overviewGrid(model, view).height_scale;
  CHECK(scale == 2.0f);  // small fields keep the view's height scale
  for (const FieldLayout& f : b.layout.fields) {
    const attn::Matrix mean = attn::headMean(model, f.layer), top = attn::headMax(model, f.layer);
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 4; ++j) {
        const BarInstance& bar = b.scene.bars[f.first_bar + static_cast<size_t>(i * 4 + j)];
        CHECK(bar.x == f.origin.x + static_cast<float>(j));
        CHECK(bar.z == f.origin.y + static_cast<float>(i));
        // Whole cells: the height map rasterises every field on one lattice.
        CHECK(bar.x == std::floor(bar.x));
        CHECK(bar.z == std::floor(bar.z));
        if (f.layer == 1 && i == 0 && j == 1) {  // 0 in every head: masked, flat and grey
          CHECK(bar.height == 0.0f);
          CHECK(bar.color == kNanColor);
          continue;
        }
        const float w = f.head == kHeadMean  ? mean(i, j)
                        : f.head == kHeadMax ? top(i, j)
                                             : modelWeight(f.layer, f.head, i, j);
        CHECK(bar.height == doctest::Approx(w * scale));
      }
    }
  }
  // One colour range for every field: from 0 to the largest weight.
  CHECK(b.layout.range.min == 0.0f);
  CHECK(b.layout.range.max == doctest::Approx(modelWeight(1, 2, 2, 3)));
}

TEST_CASE("overview: the selected field, no aggregates, large fields grow taller") {
  const attn::ModelAttention model = makeModel();
  ViewOptions view;
  view.layer = 1;
  view.selected_head = 2;
  Built b = overview(model, view);
  CHECK(findLabel(b.scene, "L1 H2")->color == kOutputColor);
  CHECK(findLabel(b.scene, "L0 H2")->color == kTitleColor);
  view.aggregate = attn::HeadAggregate::Max;
  b = overview(model, view);
  CHECK(findLabel(b.scene, "L1 max")->color == kOutputColor);
  CHECK(findLabel(b.scene, "L1 H2")->color == kTitleColor);

  view.overview_aggregates = false;
  b = overview(model, view);
  CHECK(b.layout.fields.size() == 6);
  CHECK(b.scene.bars.size() == 6 * 12);
  CHECK(findLabel(b.scene, "L0 mean") == nullptr);

  const attn::ModelAttention wide = makeModel(1, 1, 64, 64);
  CHECK(overviewGrid(wide, {}).height_scale == doctest::Approx(4.0f * 64.0f / 16.0f));
  CHECK(overviewGrid(wide, {}).gap == 16);

  // An empty model: an empty scene.
  const Built empty = overview(attn::ModelAttention{});
  CHECK(empty.scene.bars.empty());
  CHECK(empty.layout.fields.empty());
}

TEST_CASE("overview: picking maps a bar back to its layer, head, query and key") {
  const attn::ModelAttention model = makeModel();
  const Built b = overview(model);
  std::set<std::tuple<int, int, int, int>> seen;
  for (const FieldLayout& f : b.layout.fields) {
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 4; ++j) {
        const Ray ray{
            {f.origin.x + static_cast<float>(j), 80.0f, f.origin.y + static_cast<float>(i)},
            {0.0f, -1.0f, 0.0f}};
        const auto hit = pickCell(b.scene, b.layout, ray);
        REQUIRE(hit);
        CHECK(hit->layer == f.layer);
        CHECK(hit->head == f.head);
        CHECK(hit->query == i);
        CHECK(hit->key == j);
        CHECK(hit->bar == f.first_bar + static_cast<size_t>(i * 4 + j));
        seen.insert({hit->layer, hit->head, hit->query, hit->key});
      }
    }
  }
  CHECK(seen.size() == b.scene.bars.size());
  // Between fields: nothing.
  const OverviewGrid g = overviewGrid(model, {});
  CHECK_FALSE(pickCell(b.scene, b.layout,
                       {{g.pitch_x - 0.5f * static_cast<float>(g.gap), 80.0f, 1.0f}, {0, -1, 0}}));
}

TEST_CASE("overview: a file above the cell budget pools blocks of cells, keeping their peaks") {
  // 1 layer x (1 head + mean + max) x 1200 x 1200 = 4.3M cells > kOverviewCellBudget.
  attn::ModelAttention big;
  big.layers = big.heads = 1;
  big.n = big.m = 1200;
  big.weights.assign(1200 * 1200, 0.001f);
  big.weights[1000 * 1200 + 7] = 0.9f;  // one peak in block (500, 3)
  const OverviewGrid g = overviewGrid(big, {});
  CHECK(g.pool == 2);
  CHECK(g.rows == 600);
  CHECK(g.cols == 600);
  CHECK(overviewCellCount(big, {}) <= kOverviewCellBudget);
  const Built b = overview(big);
  REQUIRE(b.scene.bars.size() == 3 * 600 * 600);
  const FieldLayout& f = b.layout.fields[0];
  CHECK(f.rows == 600);
  const float scale = g.height_scale;
  CHECK(b.scene.bars[f.first_bar + 500 * 600 + 3].height == doctest::Approx(0.9f * scale));
  CHECK(b.scene.bars[f.first_bar + 500 * 600 + 4].height == doctest::Approx(0.001f * scale));
  // Small files are not pooled.
  CHECK(overviewGrid(makeModel(), {}).pool == 1);
}
