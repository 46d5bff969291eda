// Test helpers for the attention kernel: seeded random inputs and an element-wise comparison
// |a - b| <= atol + rtol·|b| that reports the first mismatches with their indices.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "attn/attention.hpp"
#include "core/rng.hpp"

namespace attn_test {

struct Tolerance {
  float atol = 1e-5f;
  float rtol = 1e-4f;
};

// "[h, r, c]" for a flat index into an array of the given shape.
inline std::string indexText(size_t flat, const std::vector<int>& shape) {
  std::vector<size_t> idx(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    const size_t extent = static_cast<size_t>(shape[d]);
    idx[d] = extent == 0 ? 0 : flat % extent;
    flat = extent == 0 ? 0 : flat / extent;
  }
  std::string s = "[";
  for (size_t d = 0; d < idx.size(); ++d)
    s += (d ? ", " : "") + std::to_string(idx[d]);
  return s + "]";
}

// Empty when every element is close (and the shapes agree); otherwise a message naming the array,
// the number of mismatches and the first few of them. NaN never compares close.
inline std::string compareArrays(const std::string& name, std::span<const float> actual,
                                 std::span<const float> expected, const std::vector<int>& shape,
                                 Tolerance tol, int show = 5) {
  if (actual.size() != expected.size())
    return name + ": size " + std::to_string(actual.size()) + " != expected " +
           std::to_string(expected.size());
  std::ostringstream msg;
  size_t bad = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    const float a = actual[i], b = expected[i];
    const bool close = std::abs(a - b) <= tol.atol + tol.rtol * std::abs(b);
    if (close) continue;
    if (bad < static_cast<size_t>(show))
      msg << "\n  " << name << indexText(i, shape) << ": got " << a << ", expected " << b
          << " (|diff| " << std::abs(a - b) << ")";
    ++bad;
  }
  if (bad == 0) return {};
  return name + ": " + std::to_string(bad) + " of " + std::to_string(actual.size()) +
         " elements differ (atol " + std::to_string(tol.atol) + ", rtol " +
         std::to_string(tol.rtol) + ")" + msg.str();
}

inline std::string compare(const std::string& name, const attn::HeadStack& a,
                           const attn::HeadStack& b, Tolerance tol) {
  if (a.heads() != b.heads() || a.rows() != b.rows() || a.cols() != b.cols())
    return name + ": shape differs";
  return compareArrays(name, a.data(), b.data(), {a.heads(), a.rows(), a.cols()}, tol);
}

inline std::string compare(const std::string& name, const attn::Matrix& a, const attn::Matrix& b,
                           Tolerance tol) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return name + ": shape differs";
  return compareArrays(name, {a.data(), static_cast<size_t>(a.size())},
                       {b.data(), static_cast<size_t>(b.size())},
                       {static_cast<int>(a.rows()), static_cast<int>(a.cols())}, tol);
}

inline attn::Matrix randomMatrix(core::Rng& rng, int rows, int cols, float scale) {
  attn::Matrix a(rows, cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      a(r, c) = scale * rng.normal();
  return a;
}

inline attn::Vector randomVector(core::Rng& rng, int size, float scale) {
  attn::Vector v(size);
  for (int i = 0; i < size; ++i)
    v(i) = scale * rng.normal();
  return v;
}

// N queries, M keys (M = 0: self-attention), D = heads·d_k; x ~ N(0, 1), Xavier-like weights,
// small random biases.
inline attn::Inputs randomInputs(int n, int m, int heads, int d_k, uint64_t seed) {
  core::Rng rng(seed);
  const int d = heads * d_k;
  const float w = 1.0f / std::sqrt(static_cast<float>(d));
  attn::Inputs in;
  in.heads = heads;
  in.x = randomMatrix(rng, n, d, 1.0f);
  if (m > 0) in.x_kv = randomMatrix(rng, m, d, 1.0f);
  in.proj.w_q = randomMatrix(rng, d, d, w);
  in.proj.w_k = randomMatrix(rng, d, d, w);
  in.proj.w_v = randomMatrix(rng, d, d, w);
  in.proj.w_o = randomMatrix(rng, d, d, w);
  in.proj.b_q = randomVector(rng, d, 0.1f);
  in.proj.b_k = randomVector(rng, d, 0.1f);
  in.proj.b_v = randomVector(rng, d, 0.1f);
  in.proj.b_o = randomVector(rng, d, 0.1f);
  return in;
}

// Every intermediate of two results, joined messages (empty = all close).
inline std::string compareResults(const attn::Result& a, const attn::Result& b, Tolerance tol) {
  std::string msg;
  auto add = [&](const std::string& m) {
    if (!m.empty()) msg += (msg.empty() ? "" : "\n") + m;
  };
  if (a.n != b.n || a.m != b.m || a.d_model != b.d_model || a.heads != b.heads || a.d_k != b.d_k)
    add("sizes differ");
  if (a.mask.rows() != b.mask.rows() || a.mask.cols() != b.mask.cols() || a.mask != b.mask)
    add("mask differs");
  if (a.fully_masked_rows != b.fully_masked_rows) add("fully_masked_rows differ");
  add(compare("q", a.q, b.q, tol));
  add(compare("k", a.k, b.k, tol));
  add(compare("v", a.v, b.v, tol));
  add(compare("scores", a.scores, b.scores, tol));
  add(compare("weights", a.weights, b.weights, tol));
  add(compare("head_out", a.head_out, b.head_out, tol));
  add(compare("concat", a.concat, b.concat, tol));
  add(compare("out", a.out, b.out, tol));
  return msg;
}

}  // namespace attn_test
