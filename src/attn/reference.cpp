// The test oracle: plain loops in double precision, written to be read against the formulas in
// attention.hpp, never optimised. forward() must agree with it within a float tolerance.
#include <cmath>
#include <limits>
#include <vector>

#include "attn/attention.hpp"
#include "attn/result_shape.hpp"

namespace attn {

namespace {

// y = x·Wᵀ + b for one row: y_o = Σ_i x_i·W[o, i] + b_o.
// x: [R, D], w: [D, D], b: [D] -> [R, D]
Matrix linear(const Matrix& x, const Matrix& w, const Vector& b) {
  const Eigen::Index rows = x.rows(), d = w.rows(), din = w.cols();
  Matrix y(rows, d);
  for (Eigen::Index r = 0; r < rows; ++r) {
    for (Eigen::Index o = 0; o < d; ++o) {
      double acc = b(o);
      for (Eigen::Index i = 0; i < din; ++i)
        acc += double(x(r, i)) * double(w(o, i));
      y(r, o) = static_cast<float>(acc);
    }
  }
  return y;
}

// Splits [R, D] into [H, R, d_k]: head h takes columns [h·d_k, (h+1)·d_k).
void splitHeads(const Matrix& full, int heads, int d_k, HeadStack& out) {
  const int rows = static_cast<int>(full.rows());
  out.resize(heads, rows, d_k);
  for (int h = 0; h < heads; ++h)
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < d_k; ++c)
        out(h, r, c) = full(r, h * d_k + c);
}

}  // namespace

Result reference(const Inputs& in) {
  validate(in);
  const Matrix& x_kv = in.keySource();
  const int n = static_cast<int>(in.x.rows());
  const int m = static_cast<int>(x_kv.rows());
  const int d = static_cast<int>(in.x.cols());
  const int heads = in.heads;
  const int d_k = d / heads;

  Result r;
  setResultShape(in, r);
  r.mask = buildMask(in, n, m);

  // q: [H, N, d_k], k and v: [H, M, d_k]
  splitHeads(linear(in.x, in.proj.w_q, in.proj.b_q), heads, d_k, r.q);
  splitHeads(linear(x_kv, in.proj.w_k, in.proj.b_k), heads, d_k, r.k);
  splitHeads(linear(x_kv, in.proj.w_v, in.proj.b_v), heads, d_k, r.v);

  for (int i = 0; i < n; ++i) {
    bool all = true;
    for (int j = 0; j < m; ++j)
      all = all && r.mask(i, j) != 0;
    if (all) r.fully_masked_rows.push_back(i);
  }

  // scores, weights: [H, N, M]; head_out: [H, N, d_k]
  r.scores.resize(heads, n, m);
  r.weights.resize(heads, n, m);
  r.head_out.resize(heads, n, d_k);
  const double scale = 1.0 / std::sqrt(double(d_k));
  std::vector<double> row(static_cast<size_t>(m));
  for (int h = 0; h < heads; ++h) {
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < m; ++j) {
        double dot = 0;
        for (int c = 0; c < d_k; ++c)
          dot += double(r.q(h, i, c)) * double(r.k(h, j, c));
        r.scores(h, i, j) = static_cast<float>(dot * scale);
        row[static_cast<size_t>(j)] = dot * scale / double(in.temperature);
      }
      // Stable softmax over the unmasked keys; masked cells stay exactly 0.
      double peak = -std::numeric_limits<double>::infinity();
      for (int j = 0; j < m; ++j)
        if (r.mask(i, j) == 0) peak = std::max(peak, row[static_cast<size_t>(j)]);
      double sum = 0;
      for (int j = 0; j < m; ++j) {
        double e = r.mask(i, j) == 0 ? std::exp(row[static_cast<size_t>(j)] - peak) : 0.0;
        row[static_cast<size_t>(j)] = e;
        sum += e;
      }
      for (int j = 0; j < m; ++j)
        r.weights(h, i, j) = sum > 0 ? static_cast<float>(row[static_cast<size_t>(j)] / sum) : 0.0f;
      // head_out = weights·v
      for (int c = 0; c < d_k; ++c) {
        double acc = 0;
        for (int j = 0; j < m; ++j)
          acc += double(r.weights(h, i, j)) * double(r.v(h, j, c));
        r.head_out(h, i, c) = static_cast<float>(acc);
      }
    }
  }

  // concat: [N, D], out: [N, D]
  r.concat.resize(n, d);
  for (int h = 0; h < heads; ++h)
    for (int i = 0; i < n; ++i)
      for (int c = 0; c < d_k; ++c)
        r.concat(i, h * d_k + c) = r.head_out(h, i, c);
  r.out = linear(r.concat, in.proj.w_o, in.proj.b_o);

  projectTo3D(r);
  return r;
}

}  // namespace attn
