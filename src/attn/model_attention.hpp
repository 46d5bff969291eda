// Attention read from a real model's file: every layer's and head's weights, and optionally the
// q/k/v vectors the model used, in one plain struct (io/attention_file.* fills it; nothing here
// knows about files). A layer can be turned into an attn::Result so the scene draws it like the
// kernel's own output.
//
//   weights  [L, H, N, M]   L layers, H heads, N queries (rows), M keys (columns)
//   q        [L, H, N, d_k] optional; k and v [L, H, M, d_k] (all three or none of v)
#pragma once

#include <string>
#include <vector>

#include "attn/attention.hpp"

namespace attn {

struct ModelAttention {
  int layers = 0, heads = 0, n = 0, m = 0;
  int d_k = 0;                 // 0 without q/k
  std::vector<float> weights;  // [L, H, N, M]
  std::vector<float> q, k, v;  // [L, H, N, d_k], [L, H, M, d_k], [L, H, M, d_k]; empty = absent
  std::vector<std::string> tokens;         // [N] query labels (may be empty)
  std::vector<std::string> source_tokens;  // [M] key labels; empty for self-attention
  std::string meta_json;                   // free-form JSON the file carried ("" when none)
  std::string source_file;                 // where it came from, for titles and messages

  bool hasQK() const { return !q.empty() && !k.empty(); }
  bool hasV() const { return !v.empty(); }
  // One head's [N, M] weights.
  Eigen::Map<const Matrix> weightsOf(int layer, int head) const;
};

// The file's layer as a Result the scene draws (shapes as in attention.hpp, d_model = H·d_k):
//   weights  the stored weights;
//   mask     cells whose stored weight is exactly 0 in every head (causal and padding masks; a
//            weight that underflowed to 0 in every head reads as masked, a negligible
//            difference); rows all 0 are listed in fully_masked_rows;
//   with q and k: q, k, scores = q·kᵀ/√d_k recomputed from them;
//   with v too:   v, head_out = weights·v, and the PCA-3D projections (projectTo3D);
//   without:      those arrays and pca stay empty (the scene draws the field and no arrows).
// concat and out stay empty (files carry no W_O). Throws core::UsageError for a layer out of
// range.
Result layerResult(const ModelAttention& model, int layer);

// How far the stored weights are from softmax(scores) over each row's unmasked cells, for results
// from layerResult with q and k. A large difference means the stored q/k are not what the model
// multiplied: rotary embeddings applied after the captured projections, a different scale (T5
// does not divide by √d_k), or an additive bias (ALiBi, relative positions).
struct ScoreCheck {
  bool checked = false;  // false without scores
  float max_abs_diff = 0.0f;
  int head = 0, row = 0, col = 0;  // where the largest difference is
};
ScoreCheck checkScoresAgainstWeights(const Result& result);

}  // namespace attn
