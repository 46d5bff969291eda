#include "attn/softmax.hpp"

#include <algorithm>
#include <cassert>
#include <limits>

namespace attn {

KeyRange keyRange(const uint8_t* mask_row, int m) {
  if (mask_row == nullptr) return {0, m - 1, true};
  KeyRange range;
  int lo = 0;
  while (lo < m && mask_row[lo] != 0)
    ++lo;
  if (lo == m) return range;  // fully masked: hi < lo
  int hi = m - 1;
  while (mask_row[hi] != 0)
    --hi;
  int masked_inside = 0;
  for (int j = lo; j <= hi; ++j)
    masked_inside += mask_row[j] != 0;
  return {lo, hi, masked_inside == 0};
}

void softmaxRow(const float* scores_row, const uint8_t* mask_row, KeyRange range, int m,
                float inv_temperature, float* weights_row) {
  assert(range.empty() || (range.lo >= 0 && range.hi < m && "softmaxRow: range outside the row"));
  if (range.empty()) {
    std::fill(weights_row, weights_row + m, 0.0f);
    return;
  }
  std::fill(weights_row, weights_row + range.lo, 0.0f);
  std::fill(weights_row + range.hi + 1, weights_row + m, 0.0f);

  const int len = range.hi - range.lo + 1;
  Eigen::Map<const Eigen::ArrayXf> s(scores_row + range.lo, len);
  Eigen::Map<Eigen::ArrayXf> w(weights_row + range.lo, len);
  float peak = 0;
  if (range.dense) {
    peak = s.maxCoeff();
    // max(s / T) = max(s) / T since T > 0, so (s - max) / T is the usual stable shift.
    w = ((s - peak) * inv_temperature).exp();
  } else {
    // Blend masked cells to -inf for the max, then to exactly 0 after the exp (exp(-inf) may be
    // a clamped denormal in Eigen's vector exp, never NaN since peak is finite).
    const uint8_t* mk = mask_row + range.lo;
    constexpr float kNegInf = -std::numeric_limits<float>::infinity();
    for (int j = 0; j < len; ++j)
      w[j] = mk[j] != 0 ? kNegInf : s[j];
    peak = w.maxCoeff();
    w = ((w - peak) * inv_temperature).exp();
    for (int j = 0; j < len; ++j)
      w[j] = mk[j] != 0 ? 0.0f : w[j];
  }
  // The peak cell contributes exp(0) = 1, so sum >= 1: no division by zero.
  w *= 1.0f / w.sum();
}

void maskedSoftmax(const Eigen::Ref<const Matrix>& scores, const MaskMatrix& mask,
                   float temperature, Eigen::Ref<Matrix> weights, std::vector<int>* fully_masked) {
  const int n = static_cast<int>(scores.rows()), m = static_cast<int>(scores.cols());
  assert(weights.rows() == n && weights.cols() == m && "maskedSoftmax: weights shape");
  assert((mask.size() == 0 || (mask.rows() == n && mask.cols() == m)) && "maskedSoftmax: mask");
  const float inv_t = 1.0f / temperature;
  for (int i = 0; i < n; ++i) {
    const uint8_t* mask_row = mask.size() != 0 ? mask.row(i).data() : nullptr;
    const KeyRange range = keyRange(mask_row, m);
    if (range.empty() && fully_masked != nullptr) fully_masked->push_back(i);
    softmaxRow(scores.row(i).data(), mask_row, range, m, inv_t, weights.row(i).data());
  }
}

}  // namespace attn
