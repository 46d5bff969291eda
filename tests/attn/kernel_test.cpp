// forward() against the naive reference() on many shapes and masks, every intermediate compared.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "attn/attention.hpp"
#include "compare.hpp"
#include "core/error.hpp"

using attn_test::compareResults;
using attn_test::randomInputs;
using attn_test::Tolerance;

namespace {

// forward() is float with different summation orders; reference() accumulates in double.
constexpr Tolerance kTol{2e-5f, 2e-4f};

void checkAgainstReference(const attn::Inputs& in, const std::string& what) {
  const attn::Result fast = attn::forward(in);
  const attn::Result ref = attn::reference(in);
  const std::string msg = compareResults(fast, ref, kTol);
  INFO(what);
  CHECK_MESSAGE(msg.empty(), msg);
}

std::string caseName(int n, int m, int heads, int d_k, const char* mask) {
  return "N=" + std::to_string(n) + " M=" + std::to_string(m) + " H=" + std::to_string(heads) +
         " d_k=" + std::to_string(d_k) + " mask=" + mask;
}

bool bitEqual(std::span<const float> a, std::span<const float> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

bool bitEqual(const attn::Matrix& a, const attn::Matrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         bitEqual(std::span<const float>(a.data(), static_cast<size_t>(a.size())),
                  std::span<const float>(b.data(), static_cast<size_t>(b.size())));
}

bool bitEqualResults(const attn::Result& a, const attn::Result& b) {
  return bitEqual(a.q.data(), b.q.data()) && bitEqual(a.k.data(), b.k.data()) &&
         bitEqual(a.v.data(), b.v.data()) && bitEqual(a.scores.data(), b.scores.data()) &&
         bitEqual(a.weights.data(), b.weights.data()) &&
         bitEqual(a.head_out.data(), b.head_out.data()) && bitEqual(a.concat, b.concat) &&
         bitEqual(a.out, b.out);
}

}  // namespace

TEST_CASE("reference: one query attends fully to its single key") {
  attn::Inputs in = randomInputs(1, 0, 2, 2, 11);
  const attn::Result r = attn::reference(in);
  CHECK(r.weights(0, 0, 0) == 1.0f);
  CHECK(r.weights(1, 0, 0) == 1.0f);
  // One key: out = v·W_Oᵀ + b_O with v = x·W_Vᵀ + b_V.
  const attn::Matrix v = in.x * in.proj.w_v.transpose() + in.proj.b_v.transpose();
  const attn::Matrix out = v * in.proj.w_o.transpose() + in.proj.b_o.transpose();
  CHECK((r.out - out).cwiseAbs().maxCoeff() < 1e-5f);
}

TEST_CASE("forward matches reference: self-attention over N, H, d_k") {
  uint64_t seed = 100;
  for (int n : {1, 2, 7, 64})
    for (int heads : {1, 3, 8})
      for (int d_k : {1, 4, 64}) {
        attn::Inputs in = randomInputs(n, 0, heads, d_k, ++seed);
        checkAgainstReference(in, caseName(n, n, heads, d_k, "none"));
      }
}

TEST_CASE("forward matches reference: every mask kind, explicit mask, key padding, temperature") {
  uint64_t seed = 200;
  for (int n : {1, 2, 7, 64})
    for (int heads : {1, 3})
      for (int d_k : {1, 4, 64}) {
        attn::Inputs in = randomInputs(n, 0, heads, d_k, ++seed);
        in.mask = {attn::MaskKind::Causal, 0};
        checkAgainstReference(in, caseName(n, n, heads, d_k, "causal"));
        in.mask = {attn::MaskKind::Local, 2};
        in.temperature = 0.5f;
        checkAgainstReference(in, caseName(n, n, heads, d_k, "local:2, T=0.5"));
        in.mask = {attn::MaskKind::Local, 0};
        in.temperature = 3.0f;
        checkAgainstReference(in, caseName(n, n, heads, d_k, "local:0, T=3"));
        // Explicit mask with a fully masked row 0, key padding on the last key.
        in.mask = {};
        in.explicit_mask = attn::MaskMatrix::Zero(n, n);
        core::Rng rng(seed);
        for (int i = 0; i < n; ++i)
          for (int j = 0; j < n; ++j)
            in.explicit_mask(i, j) = rng.uniform() < 0.3f ? 1 : 0;
        in.explicit_mask.row(0).setOnes();
        in.key_padding.assign(static_cast<size_t>(n), 0);
        in.key_padding.back() = 1;
        checkAgainstReference(in, caseName(n, n, heads, d_k, "explicit + key padding"));
        in.mask = {attn::MaskKind::Causal, 0};
        checkAgainstReference(in, caseName(n, n, heads, d_k, "causal + explicit + padding"));
      }
}

TEST_CASE("forward matches reference: cross-attention N != M") {
  uint64_t seed = 300;
  const int shapes[][2] = {{1, 5}, {5, 1}, {7, 3}, {3, 7}, {64, 20}, {20, 64}};
  for (const auto& nm : shapes)
    for (int heads : {1, 3, 8})
      for (int d_k : {1, 4}) {
        attn::Inputs in = randomInputs(nm[0], nm[1], heads, d_k, ++seed);
        checkAgainstReference(in, caseName(nm[0], nm[1], heads, d_k, "none"));
        in.mask = {attn::MaskKind::Causal, 0};
        in.key_padding.assign(static_cast<size_t>(nm[1]), 0);
        in.key_padding[0] = 1;
        checkAgainstReference(in, caseName(nm[0], nm[1], heads, d_k, "causal + padding"));
        in.mask = {attn::MaskKind::Local, 1};
        in.temperature = 0.25f;
        checkAgainstReference(in, caseName(nm[0], nm[1], heads, d_k, "local:1 + padding"));
      }
}

TEST_CASE("forward matches reference on shapes spanning several task blocks") {
  // Several projection and output (96-row) and attention blocks, so block edges are exercised.
  attn::Inputs in = randomInputs(450, 0, 3, 16, 400);
  checkAgainstReference(in, caseName(450, 450, 3, 16, "none"));
  in.mask = {attn::MaskKind::Causal, 0};
  checkAgainstReference(in, caseName(450, 450, 3, 16, "causal"));
  attn::Inputs cross = randomInputs(300, 700, 2, 8, 401);
  cross.mask = {attn::MaskKind::Local, 40};
  checkAgainstReference(cross, caseName(300, 700, 2, 8, "local:40"));
  attn::Inputs tall = randomInputs(700, 130, 2, 8, 402);
  checkAgainstReference(tall, caseName(700, 130, 2, 8, "none"));
}

TEST_CASE("forward records sizes, labels and the combined mask") {
  attn::Inputs in = randomInputs(3, 4, 2, 4, 500);
  in.tokens = {"a", "b", "c"};
  in.source_tokens = {"w", "x", "y", "z"};
  in.temperature = 2.0f;
  in.mask = {attn::MaskKind::Causal, 0};
  const attn::Result r = attn::forward(in);
  CHECK(r.n == 3);
  CHECK(r.m == 4);
  CHECK(r.d_model == 8);
  CHECK(r.heads == 2);
  CHECK(r.d_k == 4);
  CHECK(r.temperature == 2.0f);
  CHECK(r.tokens == in.tokens);
  CHECK(r.source_tokens == in.source_tokens);
  CHECK(r.mask == attn::buildMask(in, 3, 4));
  CHECK(r.pca.size() == 2);

  attn::Inputs self = randomInputs(3, 0, 1, 4, 501);
  self.tokens = {"a", "b", "c"};
  CHECK(attn::forward(self).source_tokens == self.tokens);  // keys are the queries
}

TEST_CASE("forward: fully masked rows are zero, listed and never NaN") {
  attn::Inputs in = randomInputs(5, 0, 2, 4, 600);
  in.explicit_mask = attn::MaskMatrix::Zero(5, 5);
  in.explicit_mask.row(1).setOnes();
  in.explicit_mask.row(3).setOnes();
  const attn::Result r = attn::forward(in);
  CHECK(r.fully_masked_rows == std::vector<int>{1, 3});
  for (int h = 0; h < 2; ++h) {
    CHECK(r.weights.head(h).row(1).isZero(0));
    CHECK(r.head_out.head(h).row(3).isZero(0));
  }
  CHECK(r.out.allFinite());
  // A fully masked query outputs the bias alone: concat row is 0.
  CHECK((r.out.row(1) - in.proj.b_o.transpose()).isZero(0));
}

TEST_CASE("forward is bit-identical for every thread count and when reusing buffers") {
  attn::Inputs in = randomInputs(520, 0, 4, 16, 700);
  in.mask = {attn::MaskKind::Local, 64};
  attn::setKernelThreads(1);
  const attn::Result one = attn::forward(in);
  attn::setKernelThreads(2);
  const attn::Result two = attn::forward(in);
  attn::setKernelThreads(3);
  attn::Result three;
  // Reuse: a larger problem first, then this one in the same storage.
  attn::forward(randomInputs(600, 0, 4, 16, 701), three);
  attn::forward(in, three);
  attn::setKernelThreads(0);  // back to the default
  CHECK(bitEqualResults(one, two));
  CHECK(bitEqualResults(one, three));
  CHECK(one.fully_masked_rows == three.fully_masked_rows);
}

TEST_CASE("forward stays finite with huge logits") {
  attn::Inputs in = randomInputs(6, 0, 2, 4, 800);
  in.proj.w_q *= 300.0f;  // scores of order ±1e4
  in.proj.w_k *= 30.0f;
  const attn::Result r = attn::forward(in);
  CHECK(r.scores.head(0).cwiseAbs().maxCoeff() > 1e3f);
  CHECK(r.weights.head(0).allFinite());
  CHECK(r.out.allFinite());
  const std::string msg = compareResults(r, attn::reference(in), {1e-3f, 1e-3f});
  CHECK_MESSAGE(msg.empty(), msg);
}

// [SECTION] validate()

namespace {

template <typename E>
std::string thrownMessage(const attn::Inputs& in) {
  try {
    attn::validate(in);
  } catch (const E& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("wrong exception type: ") + e.what();
  }
  return "nothing thrown";
}

}  // namespace

TEST_CASE("validate: impossible sizes are usage errors") {
  attn::Inputs in = randomInputs(4, 0, 1, 10, 900);
  in.heads = 3;
  CHECK(thrownMessage<core::UsageError>(in) == "d_model 10 is not divisible by heads 3");
  in.heads = 0;
  CHECK(thrownMessage<core::UsageError>(in).find("heads") != std::string::npos);
  in.heads = -2;
  CHECK(thrownMessage<core::UsageError>(in).find("heads") != std::string::npos);
  in.heads = 2;
  CHECK(thrownMessage<core::UsageError>(in) == "nothing thrown");
  for (float t : {0.0f, -1.0f, std::nanf(""), INFINITY, 1e-45f}) {
    in.temperature = t;
    CHECK(thrownMessage<core::UsageError>(in).find("temperature") != std::string::npos);
  }
  in.temperature = 1.0f;
  in.mask = {attn::MaskKind::Local, -1};
  CHECK(thrownMessage<core::UsageError>(in).find("window") != std::string::npos);
  in.mask = {};
  in.x.resize(0, 10);
  CHECK(thrownMessage<core::UsageError>(in).find("x") != std::string::npos);
}

TEST_CASE("validate: wrong shapes name the array, expected and got") {
  const attn::Inputs good = randomInputs(5, 0, 4, 16, 901);
  attn::Inputs in = good;
  in.proj.w_q.resize(64, 32);
  CHECK(thrownMessage<core::DataError>(in) == "w_q: expected shape [64, 64], got [64, 32]");
  in = good;
  in.proj.w_o.resize(32, 64);
  CHECK(thrownMessage<core::DataError>(in) == "w_o: expected shape [64, 64], got [32, 64]");
  in = good;
  in.proj.b_v.resize(63);
  CHECK(thrownMessage<core::DataError>(in) == "b_v: expected shape [64], got [63]");
  in = good;
  in.x_kv = attn::Matrix::Zero(3, 60);
  CHECK(thrownMessage<core::DataError>(in).starts_with("x_kv: expected shape [M, 64]"));
  in = good;
  in.explicit_mask = attn::MaskMatrix::Zero(5, 4);
  CHECK(thrownMessage<core::DataError>(in) == "explicit_mask: expected shape [5, 5], got [5, 4]");
  in = good;
  in.key_padding.assign(6, 0);
  CHECK(thrownMessage<core::DataError>(in) == "key_padding: expected shape [5], got [6]");
  in = good;
  in.tokens = {"a", "b"};
  CHECK(thrownMessage<core::DataError>(in) == "tokens: expected shape [5], got [2]");
}

TEST_CASE("validate: NaN and Inf name the array and the first bad index") {
  const attn::Inputs good = randomInputs(5, 3, 2, 4, 902);
  attn::Inputs in = good;
  in.x(2, 3) = std::nanf("");
  in.x(4, 0) = std::nanf("");
  CHECK(thrownMessage<core::DataError>(in).starts_with("x: non-finite value nan at [2, 3]"));
  in = good;
  in.x_kv(1, 7) = INFINITY;
  CHECK(thrownMessage<core::DataError>(in).starts_with("x_kv: non-finite value inf at [1, 7]"));
  in = good;
  in.proj.w_k(0, 5) = -INFINITY;
  CHECK(thrownMessage<core::DataError>(in).starts_with("w_k: non-finite value -inf at [0, 5]"));
  in = good;
  in.proj.b_o(6) = std::nanf("");
  CHECK(thrownMessage<core::DataError>(in).starts_with("b_o: non-finite value nan at [6]"));
  // forward() and reference() validate first.
  CHECK_THROWS_AS(attn::forward(in), core::DataError);
  CHECK_THROWS_AS(attn::reference(in), core::DataError);
}
