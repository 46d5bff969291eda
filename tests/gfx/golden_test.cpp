// Offscreen renders of fixed scenes against committed PNGs in tests/data/golden/.
// ATTNVIZ_UPDATE_GOLDEN=1 rewrites them (look at them before committing!). On failure the actual
// image and an amplified difference land in <build>/tests/gfx/gfx_test_output/.
#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "attn/params.hpp"
#include "attn/rollout.hpp"
#include "gfx/offscreen_target.hpp"
#include "gfx/renderer.hpp"
#include "gl_fixture.hpp"
#include "io/image_file.hpp"
#include "io/png.hpp"
#include "scene/build.hpp"
#include "scene/overview.hpp"
#include "scene/rollout_view.hpp"
#include "scene/vit_build.hpp"

namespace {

// llvmpipe's results differ by +-1 between CPUs (vector width changes rounding in blending and
// interpolation): the mean bound ignores differences of 1 (ImageDiff::meanExcess). Multisampled
// edges may also flip a sample, moving a few edge pixels by up to a quarter of the contrast across
// the edge: the max bound tolerates those. Any real change (a missing arrow, a different light)
// touches hundreds of pixels by more than 1 and exceeds the mean bound: 0.05 over 400x260x4
// channels is ~8300 units, e.g. 140 pixels off by 20 in three channels.
constexpr int kMaxChannelDiff = 64;
constexpr double kMeanExcess = 0.02;

core::Image render(const scene::SceneData& scene, gfx::PathChoice path, float yaw, float pitch,
                   float distance) {
  const glm::ivec2 size(400, 260);
  gfx::Renderer renderer({.path = path});
  const gfx::OffscreenTarget target(size.x, size.y, 4);
  target.bind();
  renderer.upload(scene);
  renderer.draw(gfxtest::frameFor(scene, size, yaw, pitch, distance));
  return target.readPixels();
}

void checkGolden(const std::string& name, const scene::SceneData& scene, gfx::PathChoice path,
                 float yaw = 38.0f, float pitch = 32.0f, float distance = 1.6f) {
  const core::Image actual = render(scene, path, yaw, pitch, distance);

  const auto golden = gfxtest::goldenDir() / (name + ".png");
  if (gfxtest::updateGoldens()) {
    io::writePng(golden, actual);
    MESSAGE("updated " << golden.string());
    return;
  }
  REQUIRE_MESSAGE(std::filesystem::exists(golden),
                  "missing " << golden.string() << " (run with ATTNVIZ_UPDATE_GOLDEN=1)");
  const auto diff = gfxtest::compareImages(actual, io::readPng(golden));
  MESSAGE(name << ": max " << diff.maxDiff << ", mean " << diff.meanDiff << ", mean excess "
               << diff.meanExcess);
  const bool ok = diff.maxDiff <= kMaxChannelDiff && diff.meanExcess <= kMeanExcess;
  if (!ok) {
    const auto out = gfxtest::outputDir();
    io::writePng(out / (name + ".actual.png"), actual);
    if (!diff.diff.rgba.empty()) io::writePng(out / (name + ".diff.png"), diff.diff);
    MESSAGE("actual and diff images in " << out.string());
  }
  CHECK(diff.maxDiff <= kMaxChannelDiff);
  CHECK(diff.meanExcess <= kMeanExcess);
}

}  // namespace

TEST_CASE("golden: height-field bars with pits and a grid") {
  gfxtest::context();
  checkGolden("bars", gfxtest::heightFieldScene(), gfx::PathChoice::Instanced, 38.0f, 30.0f, 1.9f);
}

TEST_CASE("golden: arrows, opaque and translucent") {
  gfxtest::context();
  checkGolden("arrows", gfxtest::arrowScene(), gfx::PathChoice::Auto, 20.0f, 24.0f);
}

TEST_CASE("golden: height-map level of detail") {
  gfxtest::context();
  checkGolden("heightmap", gfxtest::largeFieldScene(), gfx::PathChoice::HeightMap, 30.0f, 38.0f);
}

// The animation at the held end of a stage: a causal self-attention of 6 tokens, 2 heads, the
// last query explained (scene::build's animation, drawn by the same renderers).
scene::SceneData animationStage(scene::Stage stage) {
  attn::Params p;
  p.text = "a small cat sat down quietly";
  p.d_model = 16;
  p.heads = 2;
  p.mask = {attn::MaskKind::Causal, 0};
  const attn::Result r = attn::reference(attn::makeInputs(p));
  const scene::Timeline timeline(scene::AnimationMode::WholeMatrix, r.n, r.m);
  scene::ViewOptions view;
  view.animate = true;
  view.show_labels = false;  // labels are ImGui's, not the renderers'
  view.time = timeline.stageStart(stage) + 0.95 * scene::Timeline::kStageSeconds;
  return scene::build(r, view, 1);
}

TEST_CASE("golden: animation stages - dot products, mask, weighted sum") {
  gfxtest::context();
  checkGolden("stage3_dot_products", animationStage(scene::Stage::DotProducts),
              gfx::PathChoice::Instanced, 35.0f, 35.0f, 1.2f);
  checkGolden("stage5_mask", animationStage(scene::Stage::Mask), gfx::PathChoice::Instanced, 35.0f,
              35.0f, 1.2f);
  checkGolden("stage7_weighted_sum", animationStage(scene::Stage::WeightedSum),
              gfx::PathChoice::Instanced, 35.0f, 35.0f, 1.2f);
}

// A small fixed model file's attention: L = 3 layers, H = 4 heads, N = 6 tokens, causal; head h
// of layer l looks back h tokens, sharper in later layers, with the first token a sink.
attn::ModelAttention fixedModel() {
  attn::ModelAttention a;
  a.layers = 3;
  a.heads = 4;
  a.n = a.m = 6;
  for (int l = 0; l < a.layers; ++l) {
    for (int h = 0; h < a.heads; ++h) {
      for (int i = 0; i < a.n; ++i) {
        std::vector<float> row(6, 0.0f);
        float sum = 0.0f;
        for (int j = 0; j <= i; ++j) {
          const float d = static_cast<float>(std::abs(i - j - std::min(h, i)));
          row[static_cast<size_t>(j)] =
              std::exp(-(1.0f + 0.5f * static_cast<float>(l)) * d) + (j == 0 ? 0.3f : 0.0f);
          sum += row[static_cast<size_t>(j)];
        }
        for (const float w : row)
          a.weights.push_back(w / sum);
      }
    }
  }
  return a;
}

TEST_CASE("golden: a model's overview and its rollout stack") {
  gfxtest::context();
  const attn::ModelAttention model = fixedModel();
  scene::ViewOptions view;
  view.show_labels = false;  // labels are ImGui's, not the renderers'
  view.layer = 1;
  view.selected_head = 2;
  scene::SceneData overview;
  scene::SceneLayout layout;
  scene::buildOverview(model, view, 1, overview, layout);
  checkGolden("overview", overview, gfx::PathChoice::Instanced, 20.0f, 50.0f, 1.35f);
  // The same fields through the height-map level of detail: one lattice for every field.
  checkGolden("overview_heightmap", overview, gfx::PathChoice::HeightMap, 20.0f, 50.0f, 1.35f);

  const std::vector<attn::Matrix> mixing = attn::rolloutMixing(model, 0.5f);
  const std::vector<attn::Matrix> partial = attn::rollout(model, 0.5f);
  scene::SceneData rollout;
  scene::buildRollout({mixing, partial, {}, 0.5f}, view, 1, rollout, layout);
  checkGolden("rollout", rollout, gfx::PathChoice::Instanced, 40.0f, 22.0f, 1.8f);
  checkGolden("rollout_heightmap", rollout, gfx::PathChoice::HeightMap, 40.0f, 22.0f, 1.8f);
}

// The ViT view of assets/landscape.png: 16 x 16 patches and CLS, synthetic attention, mean over
// heads, the query on the roof (row 7, column 5): the roof and the door light up.
scene::SceneData vitScene(bool overlay) {
  static const auto image = std::make_shared<const core::Image>(
      io::loadImage(std::filesystem::path(ATTNVIZ_SOURCE_DIR) / "assets" / "landscape.png"));
  attn::PatchParams p;
  p.patches = 16;
  const attn::Result r = attn::reference(attn::patchInputs(*image, p, 1.0f));
  scene::ViewOptions view;
  view.show_labels = false;  // labels are ImGui's, not the renderers'
  view.selected_query = 1 + 7 * 16 + 5;
  view.vit.overlay = overlay;
  scene::SceneLayout layout;
  return scene::buildVit(r, image, view, 1, layout);
}

TEST_CASE("golden: ViT patch attention as bars over the picture, and as a heat overlay") {
  gfxtest::context();
  checkGolden("vit_bars", vitScene(false), gfx::PathChoice::Auto, 25.0f, 40.0f, 1.25f);
  checkGolden("vit_overlay", vitScene(true), gfx::PathChoice::Auto, 0.0f, 89.0f, 1.05f);
}

TEST_CASE("golden comparison notices a small real change") {
  gfxtest::context();
  const auto golden = gfxtest::goldenDir() / "arrows.png";
  if (gfxtest::updateGoldens() || !std::filesystem::exists(golden)) return;
  auto scene = gfxtest::arrowScene();
  scene.arrows.erase(scene.arrows.begin() + 2);  // one opaque blue arrow of fifteen
  const auto actual = render(scene, gfx::PathChoice::Auto, 20.0f, 24.0f, 1.6f);
  const auto diff = gfxtest::compareImages(actual, io::readPng(golden));
  MESSAGE("one arrow less: max " << diff.maxDiff << ", mean excess " << diff.meanExcess);
  CHECK(diff.meanExcess > kMeanExcess);
}
