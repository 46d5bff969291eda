#include "attn/rollout.hpp"  // first: tensor.hpp silences a GCC 12 false positive in Eigen

#include <cmath>
#include <string>

#include "core/error.hpp"

namespace attn {

namespace {

void checkLayer(const ModelAttention& model, int layer) {
  if (layer < 0 || layer >= model.layers) {
    throw core::UsageError("layer " + std::to_string(layer) +
                           " is out of range: " + model.source_file + " has " +
                           std::to_string(model.layers) + " layer(s)");
  }
}

}  // namespace

Matrix headMean(const ModelAttention& model, int layer) {
  checkLayer(model, layer);
  Matrix sum = Matrix::Zero(model.n, model.m);
  for (int h = 0; h < model.heads; ++h)
    sum += model.weightsOf(layer, h);
  return sum / static_cast<float>(model.heads);
}

Matrix headMax(const ModelAttention& model, int layer) {
  checkLayer(model, layer);
  Matrix top = model.weightsOf(layer, 0);
  for (int h = 1; h < model.heads; ++h)
    top = top.cwiseMax(model.weightsOf(layer, h));
  return top;
}

// R_l = Â_l · R_{l−1}: [N, N] each
std::vector<Matrix> rollout(const ModelAttention& model, float residual) {
  if (!(residual >= 0.0f && residual <= 1.0f)) {
    throw core::UsageError("the residual share of attention rollout must be in [0, 1], got " +
                           std::to_string(residual));
  }
  if (model.n != model.m) {
    throw core::DataError(model.source_file + ": attention rollout needs self-attention (N = M), " +
                          "the file has N = " + std::to_string(model.n) +
                          " queries and M = " + std::to_string(model.m) + " keys");
  }
  const int n = model.n;
  std::vector<Matrix> partial;
  partial.reserve(static_cast<size_t>(model.layers));
  for (int l = 0; l < model.layers; ++l) {
    Matrix a = (1.0f - residual) * headMean(model, l);
    a.diagonal().array() += residual;
    for (int i = 0; i < n; ++i) {
      const float sum = a.row(i).sum();
      if (sum > 0.0f) a.row(i) /= sum;
    }
    if (partial.empty()) {
      partial.push_back(std::move(a));
    } else {
      Matrix r(n, n);
      r.noalias() = a * partial.back();
      partial.push_back(std::move(r));
    }
  }
  return partial;
}

}  // namespace attn
