// Head aggregates and attention rollout against PyTorch float64 references committed in
// tests/data/fixtures (made by tools/make_rollout_fixtures.py), and their properties: rows sum to
// 1, α = 1 is the identity, one layer with α = 0 is the head mean.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "attn/rollout.hpp"
#include "compare.hpp"
#include "core/error.hpp"
#include "io/attention_file.hpp"
#include "io/npy.hpp"

namespace {

struct Fixture {
  attn::ModelAttention model;
  io::NamedArrays arrays;
};

Fixture load(std::string_view name) {
  const auto path = std::filesystem::path(ATTNVIZ_TEST_DATA) / "fixtures" / name;
  Fixture f;
  f.arrays = io::loadArrays(path);
  f.model = io::attentionFromArrays(f.arrays, path.string()).attention;
  return f;
}

// Layer l of a fixture's [L, N, N] array.
std::span<const float> layerOf(const io::NamedArrays& arrays, std::string_view name, int layer,
                               int n) {
  const io::Array* a = arrays.find(name);
  REQUIRE(a != nullptr);
  REQUIRE(a->shape.size() == 3);
  const size_t size = static_cast<size_t>(n) * n;
  return std::span(a->values).subspan(static_cast<size_t>(layer) * size, size);
}

std::span<const float> spanOf(const attn::Matrix& m) {
  return {m.data(), static_cast<size_t>(m.size())};
}

void checkRowsSumToOne(const attn::Matrix& m) {
  for (int i = 0; i < m.rows(); ++i)
    CHECK(m.row(i).sum() == doctest::Approx(1.0f).epsilon(1e-5));
}

}  // namespace

TEST_CASE("rollout and head aggregates match PyTorch") {
  for (const char* name : {"rollout_l3_h2_n5.npz", "rollout_causal_l4_h3_n6.npz"}) {
    CAPTURE(name);
    const Fixture f = load(name);
    const int n = f.model.n;
    for (int l = 0; l < f.model.layers; ++l) {
      CAPTURE(l);
      CHECK(attn_test::compareArrays("head_mean", spanOf(attn::headMean(f.model, l)),
                                     layerOf(f.arrays, "head_mean", l, n), {n, n}, {}) == "");
      // The max is one of the inputs: exact.
      CHECK(attn_test::compareArrays("head_max", spanOf(attn::headMax(f.model, l)),
                                     layerOf(f.arrays, "head_max", l, n), {n, n}, {0, 0}) == "");
    }
    for (const auto& reference :
         {std::pair{0.5f, "rollout_a50"}, std::pair{0.25f, "rollout_a25"}}) {
      const float alpha = reference.first;  // not a structured binding: CAPTURE is a lambda
      const char* key = reference.second;
      CAPTURE(alpha);
      const std::vector<attn::Matrix> partial = attn::rollout(f.model, alpha);
      REQUIRE(partial.size() == static_cast<size_t>(f.model.layers));
      for (int l = 0; l < f.model.layers; ++l) {
        CAPTURE(l);
        CHECK(attn_test::compareArrays(key, spanOf(partial[static_cast<size_t>(l)]),
                                       layerOf(f.arrays, key, l, n), {n, n}, {}) == "");
        checkRowsSumToOne(partial[static_cast<size_t>(l)]);
      }
    }
  }
}

TEST_CASE("rollout properties: alpha = 1 is the identity, one layer with alpha = 0 is the mean") {
  const Fixture f = load("rollout_causal_l4_h3_n6.npz");
  for (const attn::Matrix& r : attn::rollout(f.model, 1.0f))
    CHECK(r.isIdentity(0.0f));
  attn::ModelAttention one = f.model;
  one.layers = 1;
  one.weights.resize(static_cast<size_t>(one.heads) * one.n * one.m);
  const std::vector<attn::Matrix> r = attn::rollout(one, 0.0f);
  REQUIRE(r.size() == 1);
  CHECK(attn_test::compareArrays("rollout alpha 0", spanOf(r[0]), spanOf(attn::headMean(one, 0)),
                                 {6, 6}, {}) == "");
  // Causal attention stays causal through the layers: nothing flows from later tokens.
  for (const attn::Matrix& p : attn::rollout(f.model, 0.5f))
    for (int i = 0; i < 6; ++i)
      for (int j = i + 1; j < 6; ++j)
        CHECK(p(i, j) == 0.0f);
}

TEST_CASE("rollout: masked rows, cross-attention and bad residual shares") {
  attn::ModelAttention a;
  a.layers = 1;
  a.heads = 1;
  a.n = a.m = 2;
  a.weights = {0.25f, 0.75f, 0.0f, 0.0f};  // query 1 fully masked
  a.source_file = "m.npz";
  const attn::Matrix half = attn::rollout(a, 0.5f)[0];
  CHECK(half(0, 0) == doctest::Approx(0.625f));
  CHECK(half(0, 1) == doctest::Approx(0.375f));
  CHECK(half(1, 0) == 0.0f);  // the residual alone: the identity row
  CHECK(half(1, 1) == 1.0f);
  const attn::Matrix none = attn::rollout(a, 0.0f)[0];
  CHECK(none(1, 0) == 0.0f);  // nothing to renormalise: stays zero
  CHECK(none(1, 1) == 0.0f);

  CHECK_THROWS_WITH_AS(attn::rollout(a, 1.5f),
                       "the residual share of attention rollout must be in [0, 1], got 1.500000",
                       core::UsageError);
  CHECK_THROWS_AS(attn::rollout(a, NAN), core::UsageError);
  CHECK_THROWS_AS(attn::headMean(a, 1), core::UsageError);

  a.m = 3;
  a.weights = {0.2f, 0.3f, 0.5f, 0.1f, 0.1f, 0.8f};
  CHECK_THROWS_WITH_AS(attn::rollout(a),
                       "m.npz: attention rollout needs self-attention (N = M), the file has N = 2 "
                       "queries and M = 3 keys",
                       core::DataError);
  // The aggregates work for cross-attention.
  CHECK(attn::headMax(a, 0)(1, 2) == 0.8f);
}
