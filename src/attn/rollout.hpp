// Aggregates of a model's attention across heads and layers, for the "many layers and heads" views:
//
//   mean, max over heads      per layer, [N, M]
//   attention rollout         Abnar & Zuidema 2020, "Quantifying Attention Flow in Transformers":
//       A_l = mean over heads of layer l                      [N, N]
//       Â_l = (1 − α)·A_l + α·I, each row divided by its sum  (α: the residual connection's share)
//       R_l = Â_l · Â_{l−1} · … · Â_0                         every partial product, l = 0 … L−1
//   R_{L−1}[i, j] is how much of output token i flows from input token j through every layer;
//   the partial products are the stack of layer surfaces the scene draws.
//   flow of output token i   F_L = e_i,  F_l = Â_lᵀ·F_{l+1}: F_l[k] is the share of output i that
//       passes through token k before layer l (F_0 = R_{L−1}[i, :], the input tokens); the share
//       carried from token k before layer l to token k' after it is F_{l+1}[k']·Â_l[k', k].
//
// Rollout needs self-attention (N = M). A row of A that is all zero (a fully masked query) becomes
// the identity row with α > 0, and stays zero with α = 0 (there is nothing to renormalise).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "attn/model_attention.hpp"

namespace attn {

Matrix headMean(const ModelAttention& model, int layer);  // [N, M]
Matrix headMax(const ModelAttention& model, int layer);   // [N, M]

// The "heads" a file's layer can be shown as besides its own: one head, or an aggregate.
enum class HeadAggregate : uint8_t { None, Mean, Max };
const char* aggregateName(HeadAggregate which);  // "", "mean", "max"

// A layer's mean or max over heads as a one-head Result like layerResult's: weights (and the mask
// of cells 0 in every head), tokens, head_names {"L3 mean"}; no q/k/v (vectors_note says why).
// Throws core::UsageError for a layer out of range or HeadAggregate::None.
Result aggregateResult(const ModelAttention& model, int layer, HeadAggregate which);

// R_0 … R_{L−1}, each [N, N]. Throws core::DataError when N ≠ M (naming the file) and
// core::UsageError for a residual share outside [0, 1].
std::vector<Matrix> rollout(const ModelAttention& model, float residual = 0.5f);
// Â_0 … Â_{L−1}, each [N, N], with the same checks; rollout() is their running product.
std::vector<Matrix> rolloutMixing(const ModelAttention& model, float residual = 0.5f);

// F_0 … F_L of output token `token` (see above), each [N], from rolloutMixing's matrices.
// Throws core::UsageError for a token out of range.
std::vector<Vector> rolloutFlow(std::span<const Matrix> mixing, int token);

}  // namespace attn
