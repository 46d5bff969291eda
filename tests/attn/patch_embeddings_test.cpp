// Synthetic ViT attention: features from pixels, and the attention the kernel computes from the
// patch embeddings — uniform on a uniform image, equal for identical patches, highest within a
// region of one colour, local for the position head.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>

#include "attn/patch_embeddings.hpp"
#include "core/error.hpp"

using attn::PatchParams;

namespace {

using Paint = std::function<std::array<uint8_t, 3>(int x, int y)>;

core::Image makeImage(int w, int h, const Paint& paint) {
  core::Image image{w, h, std::vector<uint8_t>(static_cast<size_t>(w) * h * 4)};
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const auto c = paint(x, y);
      uint8_t* p = image.rgba.data() + (static_cast<size_t>(y) * w + x) * 4;
      p[0] = c[0];
      p[1] = c[1];
      p[2] = c[2];
      p[3] = 255;
    }
  }
  return image;
}

// A deterministic pseudo-random colour per (a, b).
std::array<uint8_t, 3> noise(int a, int b) {
  const uint32_t hash =
      (static_cast<uint32_t>(a) * 73856093u ^ static_cast<uint32_t>(b) * 19349663u) * 2654435761u;
  return {static_cast<uint8_t>(hash >> 24), static_cast<uint8_t>(hash >> 16),
          static_cast<uint8_t>(hash >> 8)};
}

attn::Result attend(const core::Image& image, PatchParams p, float temperature = 1.0f) {
  return attn::forward(attn::patchInputs(image, p, temperature));
}

void checkRowsSumToOne(const attn::Result& r) {
  for (int h = 0; h < r.heads; ++h)
    for (int i = 0; i < r.n; ++i)
      REQUIRE(r.weights.head(h).row(i).sum() == doctest::Approx(1.0).epsilon(1e-5));
}

}  // namespace

TEST_CASE("patch features: colour, texture and position of known patches") {
  // 8x8 pixels, 2x2 patches of 4x4: red, grey stripes (vertical), flat grey, blue.
  const core::Image image = makeImage(8, 8, [](int x, int y) -> std::array<uint8_t, 3> {
    if (x < 4 && y < 4) return {255, 0, 0};
    if (y < 4) return x % 2 ? std::array<uint8_t, 3>{255, 255, 255} : std::array<uint8_t, 3>{};
    if (x < 4) return {128, 128, 128};
    return {0, 0, 255};
  });
  const attn::PatchGrid grid(8, 8, 2, false);
  const attn::PatchFeatures f = attn::patchFeatures(image, grid);
  REQUIRE(f.content.rows() == 4);
  // Red: L = 1/3, a = R - G = 1, b = (R + G)/2 - B = 0.5, no texture.
  CHECK(f.content(0, 0) == doctest::Approx(1.0 / 3.0));
  CHECK(f.content(0, 1) == doctest::Approx(1.0));
  CHECK(f.content(0, 2) == doctest::Approx(0.5));
  CHECK(f.content(0, 3) == doctest::Approx(0.0));
  // Vertical stripes 0/1: std 0.5 (→ 1), every horizontal neighbour differs by 1 (→ 2), no
  // vertical change.
  CHECK(f.content(1, 0) == doctest::Approx(0.5));
  CHECK(f.content(1, 3) == doctest::Approx(1.0));
  CHECK(f.content(1, 4) == doctest::Approx(2.0));
  CHECK(f.content(1, 5) == doctest::Approx(0.0));
  // Flat grey: colourless, no texture. Blue: b = -1.
  CHECK(f.content(2, 1) == doctest::Approx(0.0));
  CHECK(f.content(2, 4) == doctest::Approx(0.0));
  CHECK(f.content(3, 2) == doctest::Approx(-1.0));
  // Position: (sin πu, cos πu, sin πv, cos πv) at u, v = 1/4 or 3/4.
  const double s = std::sin(3.14159265358979 / 4.0), c = std::cos(3.14159265358979 / 4.0);
  CHECK(f.position(0, 0) == doctest::Approx(s));
  CHECK(f.position(0, 1) == doctest::Approx(c));
  CHECK(f.position(3, 1) == doctest::Approx(-c));
  CHECK(f.position(3, 3) == doctest::Approx(-c));
}

TEST_CASE("synthetic ViT attention: shapes, tokens and heads") {
  const core::Image image = makeImage(64, 48, [](int x, int y) { return noise(x / 8, y / 8); });
  PatchParams p;
  p.patches = 8;
  const attn::Inputs in = attn::patchInputs(image, p, 1.0f);
  CHECK(in.x.rows() == 65);
  CHECK(in.heads == attn::kPatchHeads);
  CHECK(in.tokens.front() == "CLS");
  CHECK(in.tokens.back() == "r7c7");
  const attn::Result r = attn::forward(in);
  CHECK(r.n == 65);
  CHECK(r.m == 65);
  checkRowsSumToOne(r);
  p.cls = false;
  CHECK(attn::patchInputs(image, p, 1.0f).x.rows() == 64);
  CHECK(std::string(attn::patchHeadName(0)) == "colour");
}

TEST_CASE("synthetic ViT attention: a uniform image gives uniform attention") {
  // Without the position term every token (CLS included: the mean of identical patches) has the
  // same embedding, so every logit of a row is equal; only float rounding of the dot products
  // (logits of size ~10, relative error ~1e-7) moves the weights, by far less than 1e-4 of 1/M.
  const core::Image image = makeImage(40, 40, [](int, int) -> std::array<uint8_t, 3> {
    return {90, 160, 200};
  });
  for (const bool cls : {true, false}) {
    CAPTURE(cls);
    PatchParams p;
    p.patches = 10;
    p.cls = cls;
    p.position = 0.0f;
    for (const float temperature : {1.0f, 0.1f}) {
      const attn::Result r = attend(image, p, temperature);
      const double m = r.m;
      CHECK(r.m == (cls ? 101 : 100));
      for (int h = 0; h < r.heads; ++h)
        for (int i = 0; i < r.n; ++i)
          for (int j = 0; j < r.m; ++j)
            REQUIRE(r.weights(h, i, j) * m == doctest::Approx(1.0).epsilon(1e-4));
    }
  }
}

TEST_CASE("synthetic ViT attention: identical patches get equal weights from any query") {
  // Random patches, but patches (1, 2), (5, 6) and (6, 1) hold the same pixels.
  auto paint = [](int x, int y) {
    const int px = x / 6, py = y / 6;
    const bool twin = (py == 1 && px == 2) || (py == 5 && px == 6) || (py == 6 && px == 1);
    return twin ? noise(x % 6 + 100, y % 6) : noise(x, y);
  };
  const core::Image image = makeImage(48, 48, paint);
  PatchParams p;
  p.patches = 8;
  p.position = 0.0f;
  const attn::Result r = attend(image, p);
  checkRowsSumToOne(r);
  const int a = 1 + 1 * 8 + 2, b = 1 + 5 * 8 + 6, c = 1 + 6 * 8 + 1;  // tokens (CLS first)
  for (int h = 0; h < r.heads; ++h) {
    for (int i = 0; i < r.n; ++i) {
      const float wa = r.weights(h, i, a);
      REQUIRE(r.weights(h, i, b) == doctest::Approx(wa).epsilon(1e-4));
      REQUIRE(r.weights(h, i, c) == doctest::Approx(wa).epsilon(1e-4));
    }
  }
  // And the twins attend alike: their rows are equal too.
  for (int j = 0; j < r.m; ++j)
    CHECK(r.weights(0, b, j) == doctest::Approx(r.weights(0, a, j)).epsilon(1e-4));
}

TEST_CASE("synthetic ViT attention: a region of one colour attends to itself") {
  // Top half sky blue, bottom half grass green; patches of the sky give the sky most weight in
  // the colour heads, with the default position weight.
  const core::Image image = makeImage(64, 64, [](int, int y) -> std::array<uint8_t, 3> {
    return y < 32 ? std::array<uint8_t, 3>{110, 170, 225} : std::array<uint8_t, 3>{86, 160, 72};
  });
  PatchParams p;
  p.patches = 8;
  const attn::Result r = attend(image, p);
  checkRowsSumToOne(r);
  for (const int head : {0, 2}) {
    CAPTURE(head);
    for (const int query : {1 + 0, 1 + 3 * 8 + 5, 1 + 4 * 8 + 2, 1 + 7 * 8 + 7}) {
      CAPTURE(query);
      const bool sky = (query - 1) / 8 < 4;
      double same = 0.0;
      for (int j = 1; j < r.m; ++j)
        if (((j - 1) / 8 < 4) == sky) same += r.weights(head, query, j);
      CHECK(same > 0.95);
    }
  }
  // A lower temperature sharpens the rows: the largest weight grows.
  const attn::Result sharp = attend(image, p, 0.25f);
  CHECK(sharp.weights.head(3).row(20).maxCoeff() > r.weights.head(3).row(20).maxCoeff());
}

TEST_CASE("synthetic ViT attention: the position head is a local window") {
  const core::Image image = makeImage(64, 64, [](int, int) -> std::array<uint8_t, 3> {
    return {128, 128, 128};
  });
  PatchParams p;
  p.patches = 16;
  p.cls = false;
  const attn::Result r = attend(image, p);
  const int row = 7, col = 8, query = row * 16 + col;
  // Along the query's row of patches, weights fall with the distance from the query.
  for (int c = col; c + 1 < 16; ++c)
    CHECK(r.weights(3, query, row * 16 + c) > r.weights(3, query, row * 16 + c + 1));
  for (int c = col; c > 0; --c)
    CHECK(r.weights(3, query, row * 16 + c) > r.weights(3, query, row * 16 + c - 1));
  CHECK(r.weights.head(3).row(query).maxCoeff() == r.weights(3, query, query));
  // Position weight 0 removes it: the same image is then uniform.
  p.position = 0.0f;
  CHECK(attend(image, p).weights(3, query, 0) == doctest::Approx(1.0 / 256).epsilon(1e-4));
}

TEST_CASE("synthetic ViT attention: bad parameters name the option") {
  const core::Image image = makeImage(20, 300, [](int x, int y) { return noise(x, y); });
  PatchParams p;
  p.patches = 33;
  CHECK_THROWS_WITH_AS(attn::patchInputs(image, p, 1.0f),
                       doctest::Contains("--patches must be 4 to 32"), core::UsageError);
  p.patches = 24;
  CHECK_THROWS_WITH_AS(attn::patchInputs(image, p, 1.0f),
                       doctest::Contains("at least 24 pixels per side (this one is 20x300)"),
                       core::UsageError);
  p.patches = 8;
  p.position = -1.0f;
  CHECK_THROWS_AS(attn::patchInputs(image, p, 1.0f), core::UsageError);
  p.position = 1.0f;
  CHECK_THROWS_WITH_AS(attn::patchInputs(image, p, 0.0f), doctest::Contains("--temperature"),
                       core::UsageError);
}
