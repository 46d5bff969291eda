// Aggregates of a model's attention across heads and layers, for the "many layers and heads" views:
//
//   mean, max over heads      per layer, [N, M]
//   attention rollout         Abnar & Zuidema 2020, "Quantifying Attention Flow in Transformers":
//       A_l = mean over heads of layer l                      [N, N]
//       Â_l = (1 − α)·A_l + α·I, each row divided by its sum  (α: the residual connection's share)
//       R_l = Â_l · Â_{l−1} · … · Â_0                         every partial product, l = 0 … L−1
//   R_{L−1}[i, j] is how much of output token i flows from input token j through every layer;
//   the partial products are the stack of layer surfaces the scene draws.
//
// Rollout needs self-attention (N = M). A row of A that is all zero (a fully masked query) becomes
// the identity row with α > 0, and stays zero with α = 0 (there is nothing to renormalise).
#pragma once

#include <vector>

#include "attn/model_attention.hpp"

namespace attn {

Matrix headMean(const ModelAttention& model, int layer);  // [N, M]
Matrix headMax(const ModelAttention& model, int layer);   // [N, M]

// R_0 … R_{L−1}, each [N, N]. Throws core::DataError when N ≠ M (naming the file) and
// core::UsageError for a residual share outside [0, 1].
std::vector<Matrix> rollout(const ModelAttention& model, float residual = 0.5f);

}  // namespace attn
