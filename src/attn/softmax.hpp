// Masked, numerically stable softmax over keys, one query row at a time.
//
//   weights[i, j] = exp((s[i, j] - max_j' s[i, j']) / T) / Σ_j' (…)    over unmasked j, j'
//
// Masked cells are exactly 0; a row whose keys are all masked is all zeros (never NaN).
#pragma once

#include <cstdint>
#include <vector>

#include "attn/tensor.hpp"

namespace attn {

// The keys a query row may see: every unmasked j lies in [lo, hi]; `dense` when none inside is
// masked (then the row needs no per-cell blending). hi < lo means the row is fully masked.
struct KeyRange {
  int lo = 0, hi = -1;
  bool dense = true;
  bool empty() const { return hi < lo; }
};

// mask_row: [M] (1 = masked), or nullptr for "nothing masked".
KeyRange keyRange(const uint8_t* mask_row, int m);

// weights_row[0, M) = softmax(scores_row / temperature) restricted to `range` (from keyRange on
// the same mask row). inv_temperature = 1 / T.
void softmaxRow(const float* scores_row, const uint8_t* mask_row, KeyRange range, int m,
                float inv_temperature, float* weights_row);

// weights: [N, M] from scores: [N, M]; mask: [N, M] or empty (nothing masked). Appends the
// indices of fully masked rows to fully_masked when given.
void maskedSoftmax(const Eigen::Ref<const Matrix>& scores, const MaskMatrix& mask,
                   float temperature, Eigen::Ref<Matrix> weights,
                   std::vector<int>* fully_masked = nullptr);

}  // namespace attn
