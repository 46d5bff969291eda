#include "attn/rollout.hpp"  // first: tensor.hpp silences a GCC 12 false positive in Eigen

#include <algorithm>
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

const char* aggregateName(HeadAggregate which) {
  switch (which) {
    case HeadAggregate::Mean:
      return "mean";
    case HeadAggregate::Max:
      return "max";
    case HeadAggregate::None:
      break;
  }
  return "";
}

// weights [1, N, M]: the mean or max of the layer's heads
Result aggregateResult(const ModelAttention& model, int layer, HeadAggregate which) {
  if (which == HeadAggregate::None)
    throw core::UsageError("aggregateResult needs HeadAggregate::Mean or ::Max");
  const Matrix a = which == HeadAggregate::Mean ? headMean(model, layer) : headMax(model, layer);
  Result r;
  r.n = model.n;
  r.m = model.m;
  r.heads = 1;
  r.tokens = model.tokens;
  if (!model.source_tokens.empty()) {
    r.source_tokens = model.source_tokens;
  } else if (model.n == model.m) {
    r.source_tokens = model.tokens;
  }
  // Built with += (GCC 12 at -O3 raises a false -Wrestrict on "L" + to_string(…)).
  std::string name = "L";
  name += std::to_string(layer);
  name += ' ';
  name += aggregateName(which);
  name += " of ";
  name += std::to_string(model.heads);
  name += " heads";
  r.head_names = {name};
  r.vectors_note = "the ";
  r.vectors_note += aggregateName(which);
  r.vectors_note += " over heads has no q, k, v";
  r.weights.resize(1, model.n, model.m);
  r.weights.head(0) = a;
  // As in layerResult: a cell is masked when every head gave it exactly 0 (so is the aggregate).
  r.mask = MaskMatrix::Ones(model.n, model.m);
  for (int h = 0; h < model.heads; ++h)
    r.mask =
        r.mask.cwiseProduct((model.weightsOf(layer, h).array() == 0.0f).matrix().cast<uint8_t>());
  for (int i = 0; i < r.n; ++i)
    if (r.mask.row(i).minCoeff() == 1) r.fully_masked_rows.push_back(i);
  return r;
}

// Â_l = rownorm((1 − α)·A_l + α·I): [N, N] each
std::vector<Matrix> rolloutMixing(const ModelAttention& model, float residual) {
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
  std::vector<Matrix> mixing;
  mixing.reserve(static_cast<size_t>(model.layers));
  for (int l = 0; l < model.layers; ++l) {
    Matrix a = (1.0f - residual) * headMean(model, l);
    a.diagonal().array() += residual;
    for (int i = 0; i < n; ++i) {
      const float sum = a.row(i).sum();
      if (sum > 0.0f) a.row(i) /= sum;
    }
    mixing.push_back(std::move(a));
  }
  return mixing;
}

// R_l = Â_l · R_{l−1}: [N, N] each
std::vector<Matrix> rollout(const ModelAttention& model, float residual) {
  std::vector<Matrix> partial = rolloutMixing(model, residual);
  for (size_t l = 1; l < partial.size(); ++l) {
    Matrix r(partial[l].rows(), partial[l].cols());
    r.noalias() = partial[l] * partial[l - 1];
    partial[l] = std::move(r);
  }
  return partial;
}

// F_L = e_token, F_l = Â_lᵀ·F_{l+1}: [N] each
std::vector<Vector> rolloutFlow(std::span<const Matrix> mixing, int token) {
  const int n = mixing.empty() ? 0 : static_cast<int>(mixing.front().rows());
  if (token < 0 || token >= n) {
    throw core::UsageError("rollout flow: token " + std::to_string(token) + " is out of range (" +
                           std::to_string(n) + " tokens)");
  }
  // From the output back to the inputs, then reversed (a local vector, not flow.back(): GCC 12
  // warns of a null dereference it cannot rule out).
  Vector current = Vector::Zero(n);
  current(token) = 1.0f;
  std::vector<Vector> flow{current};
  for (size_t l = mixing.size(); l-- > 0;) {
    current = (mixing[l].transpose() * current).eval();
    flow.push_back(current);
  }
  std::reverse(flow.begin(), flow.end());
  return flow;
}

}  // namespace attn
