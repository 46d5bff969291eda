// Properties of the masked softmax (attn/softmax.hpp).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "attn/softmax.hpp"
#include "core/rng.hpp"

namespace {

attn::Matrix randomScores(int n, int m, float scale, uint64_t seed) {
  core::Rng rng(seed);
  attn::Matrix s(n, m);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j)
      s(i, j) = scale * rng.normal();
  return s;
}

attn::MaskMatrix randomMask(int n, int m, float p, uint64_t seed) {
  core::Rng rng(seed);
  attn::MaskMatrix mask(n, m);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j)
      mask(i, j) = rng.uniform() < p ? 1 : 0;
  return mask;
}

}  // namespace

TEST_CASE("softmax: unmasked rows sum to 1 and match the textbook formula") {
  for (int m : {1, 2, 15, 16, 17, 100, 1000}) {
    const attn::Matrix s = randomScores(4, m, 3.0f, 10 + static_cast<uint64_t>(m));
    attn::Matrix w(4, m);
    attn::maskedSoftmax(s, {}, 1.0f, w);
    for (int i = 0; i < 4; ++i) {
      CHECK(w.row(i).sum() == doctest::Approx(1.0).epsilon(1e-5));
      double denom = 0;
      for (int j = 0; j < m; ++j)
        denom += std::exp(double(s(i, j)));
      for (int j = 0; j < m; ++j)
        CHECK(w(i, j) == doctest::Approx(std::exp(double(s(i, j))) / denom).epsilon(1e-5));
    }
  }
}

TEST_CASE("softmax: shift invariance and temperature") {
  const attn::Matrix s = randomScores(3, 40, 2.0f, 20);
  attn::Matrix w(3, 40), shifted(3, 40), hot(3, 40), scaled(3, 40);
  attn::maskedSoftmax(s, {}, 1.0f, w);
  attn::maskedSoftmax((s.array() + 123.0f).matrix(), {}, 1.0f, shifted);
  CHECK((w - shifted).cwiseAbs().maxCoeff() < 1e-5f);
  // softmax(s / T) with T = 4 equals softmax of s / 4 at T = 1.
  attn::maskedSoftmax(s, {}, 4.0f, hot);
  attn::maskedSoftmax(s / 4.0f, {}, 1.0f, scaled);
  CHECK((hot - scaled).cwiseAbs().maxCoeff() < 1e-6f);
  // A higher temperature flattens the row: the largest weight shrinks.
  CHECK(hot.row(0).maxCoeff() < w.row(0).maxCoeff());
}

TEST_CASE("softmax: masked cells are exactly 0 and the rest renormalise") {
  const int n = 20, m = 37;
  const attn::Matrix s = randomScores(n, m, 2.0f, 30);
  attn::MaskMatrix mask = randomMask(n, m, 0.4f, 31);
  mask(3, 0) = 0;  // keep every row alive
  for (int i = 0; i < n; ++i)
    mask(i, i) = 0;
  attn::Matrix w(n, m);
  std::vector<int> fully;
  attn::maskedSoftmax(s, mask, 0.7f, w, &fully);
  CHECK(fully.empty());
  for (int i = 0; i < n; ++i) {
    double denom = 0;
    for (int j = 0; j < m; ++j)
      if (mask(i, j) == 0) denom += std::exp(double(s(i, j)) / 0.7);
    for (int j = 0; j < m; ++j) {
      if (mask(i, j) != 0) {
        CHECK(w(i, j) == 0.0f);
        CHECK(!std::signbit(w(i, j)));
      } else {
        CHECK(w(i, j) == doctest::Approx(std::exp(double(s(i, j)) / 0.7) / denom).epsilon(1e-5));
      }
    }
    CHECK(w.row(i).sum() == doctest::Approx(1.0).epsilon(1e-5));
  }
}

TEST_CASE("softmax: no NaN or Inf at ±1e4 logits") {
  attn::Matrix s(3, 6);
  s << 1e4f, -1e4f, 0, 1e4f, 5e3f, -5e3f,        //
      -1e4f, -1e4f, -1e4f, -1e4f, -1e4f, -1e4f,  //
      1e4f, 1e4f - 1, -1e4f, 3e4f, -3e4f, 0;
  attn::MaskMatrix mask = attn::MaskMatrix::Zero(3, 6);
  mask(2, 3) = 1;  // hide the largest logit of row 2
  attn::Matrix w(3, 6);
  attn::maskedSoftmax(s, mask, 1.0f, w);
  CHECK(w.allFinite());
  CHECK(w(0, 0) == doctest::Approx(0.5));
  CHECK(w(0, 3) == doctest::Approx(0.5));
  CHECK(w(0, 1) == 0.0f);
  CHECK(w.row(1).sum() == doctest::Approx(1.0));
  CHECK(w(1, 0) == doctest::Approx(1.0 / 6));
  CHECK(w(2, 3) == 0.0f);
  CHECK(w(2, 0) == doctest::Approx(1.0 / (1.0 + std::exp(-1.0))));
  // Tiny temperature: a hard argmax, still finite.
  attn::maskedSoftmax(s, mask, 1e-6f, w);
  CHECK(w.allFinite());
  CHECK(w(2, 0) == 1.0f);
}

TEST_CASE("softmax: fully masked rows are all zero and listed") {
  const attn::Matrix s = randomScores(5, 8, 1.0f, 40);
  attn::MaskMatrix mask = attn::MaskMatrix::Zero(5, 8);
  mask.row(1).setOnes();
  mask.row(4).setOnes();
  mask(2, 7) = 1;
  attn::Matrix w = attn::Matrix::Constant(5, 8, 42.0f);  // stale values must be overwritten
  std::vector<int> fully;
  attn::maskedSoftmax(s, mask, 1.0f, w, &fully);
  CHECK(fully == std::vector<int>{1, 4});
  CHECK(w.row(1).isZero(0));
  CHECK(w.row(4).isZero(0));
  CHECK(w.allFinite());
  CHECK(w.row(2).sum() == doctest::Approx(1.0));
}

TEST_CASE("keyRange finds the visible span and whether it has holes") {
  const uint8_t causal[] = {0, 0, 0, 1, 1};
  attn::KeyRange r = attn::keyRange(causal, 5);
  CHECK(r.lo == 0);
  CHECK(r.hi == 2);
  CHECK(r.dense);
  const uint8_t holes[] = {1, 0, 1, 0, 1};
  r = attn::keyRange(holes, 5);
  CHECK(r.lo == 1);
  CHECK(r.hi == 3);
  CHECK(!r.dense);
  const uint8_t all[] = {1, 1, 1};
  CHECK(attn::keyRange(all, 3).empty());
  r = attn::keyRange(nullptr, 4);
  CHECK(r.lo == 0);
  CHECK(r.hi == 3);
  CHECK(r.dense);
}
