#include "attn/model_attention.hpp"  // first: tensor.hpp silences a GCC 12 false positive in Eigen

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>

#include "core/error.hpp"

namespace attn {

namespace {

// Copies one layer of a [L, H, rows, cols] array into a HeadStack.
void copyLayer(const std::vector<float>& from, int layer, int heads, int rows, int cols,
               HeadStack& to) {
  to.resize(heads, rows, cols);
  const size_t size = static_cast<size_t>(heads) * rows * cols;
  auto first = from.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(layer) * size);
  std::copy(first, first + static_cast<std::ptrdiff_t>(size), to.data().begin());
}

}  // namespace

Eigen::Map<const Matrix> ModelAttention::weightsOf(int layer, int head) const {
  assert(layer >= 0 && layer < layers && head >= 0 && head < heads &&
         "ModelAttention::weightsOf: index out of range");
  const size_t offset = (static_cast<size_t>(layer) * heads + head) * n * m;
  return {weights.data() + offset, n, m};
}

// weights, mask [N, M]; with q, k: scores [H, N, M]; with v: head_out [H, N, d_k], pca [H]
Result layerResult(const ModelAttention& model, int layer) {
  if (layer < 0 || layer >= model.layers) {
    throw core::UsageError(
        "layer " + std::to_string(layer) + " is out of range: " + model.source_file + " has " +
        std::to_string(model.layers) + " layer(s), 0 to " + std::to_string(model.layers - 1));
  }
  const int heads = model.heads, n = model.n, m = model.m, d_k = model.d_k;
  Result r;
  r.n = n;
  r.m = m;
  r.heads = heads;
  r.d_k = d_k;
  r.d_model = heads * d_k;
  r.tokens = model.tokens;
  // Keys are labelled by source_tokens; self-attention uses the query tokens (as forward() does),
  // cross-attention without source tokens numbers its keys.
  if (!model.source_tokens.empty()) {
    r.source_tokens = model.source_tokens;
  } else if (n == m) {
    r.source_tokens = model.tokens;
  } else {
    for (int j = 0; j < m; ++j)
      r.source_tokens.push_back(std::to_string(j));
  }

  copyLayer(model.weights, layer, heads, n, m, r.weights);
  // A cell is masked when every head gave it exactly 0: softmax never does, a mask does.
  r.mask = MaskMatrix::Ones(n, m);
  for (int h = 0; h < heads; ++h)
    r.mask = r.mask.cwiseProduct((r.weights.head(h).array() == 0.0f).matrix().cast<uint8_t>());
  for (int i = 0; i < n; ++i)
    if (r.mask.row(i).minCoeff() == 1) r.fully_masked_rows.push_back(i);

  if (model.hasQK()) {
    copyLayer(model.q, layer, heads, n, d_k, r.q);
    copyLayer(model.k, layer, heads, m, d_k, r.k);
    r.scores.resize(heads, n, m);
    const float scale = 1.0f / std::sqrt(static_cast<float>(d_k));
    for (int h = 0; h < heads; ++h)
      r.scores.head(h).noalias() = (r.q.head(h) * r.k.head(h).transpose()) * scale;
  }
  if (model.hasQK() && model.hasV()) {
    copyLayer(model.v, layer, heads, m, d_k, r.v);
    r.head_out.resize(heads, n, d_k);
    for (int h = 0; h < heads; ++h)
      r.head_out.head(h).noalias() = r.weights.head(h) * r.v.head(h);
    projectTo3D(r);
  }
  return r;
}

ScoreCheck checkScoresAgainstWeights(const Result& r) {
  ScoreCheck check;
  const bool shaped = r.scores.heads() == r.heads && r.scores.rows() == r.n &&
                      r.scores.cols() == r.m && r.weights.heads() == r.heads &&
                      r.weights.rows() == r.n && r.weights.cols() == r.m;
  if (!shaped || r.scores.empty()) return check;
  check.checked = true;
  const bool masked = r.mask.rows() == r.n && r.mask.cols() == r.m;
  for (int h = 0; h < r.heads; ++h) {
    for (int i = 0; i < r.n; ++i) {
      // softmax over the row's unmasked cells, in double (the stored weights are the reference).
      double top = -INFINITY;
      for (int j = 0; j < r.m; ++j)
        if (!masked || !r.mask(i, j)) top = std::max(top, static_cast<double>(r.scores(h, i, j)));
      if (top == -INFINITY) continue;  // a fully masked row: nothing to compare
      double sum = 0.0;
      for (int j = 0; j < r.m; ++j)
        if (!masked || !r.mask(i, j)) sum += std::exp(static_cast<double>(r.scores(h, i, j)) - top);
      for (int j = 0; j < r.m; ++j) {
        if (masked && r.mask(i, j)) continue;
        const double p = std::exp(static_cast<double>(r.scores(h, i, j)) - top) / sum;
        const auto diff = static_cast<float>(std::abs(p - static_cast<double>(r.weights(h, i, j))));
        if (diff > check.max_abs_diff) {
          check.max_abs_diff = diff;
          check.head = h;
          check.row = i;
          check.col = j;
        }
      }
    }
  }
  return check;
}

}  // namespace attn
