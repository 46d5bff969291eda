#include "attn/softmax.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstdint>
#include <limits>

namespace attn {

namespace {

// exp(x) for x <= 0 (every softmax argument after the max shift), written so that GCC vectorises
// the loop: Eigen 3.4 has no AVX-512 exp packet and falls back to scalar expf. Cody–Waite
// reduction x = k·ln2 + r, |r| <= ln2/2, then a degree-7 Taylor polynomial (truncation < 6e-9
// relative) and 2^k assembled in the exponent bits. Below -87 (≈ float's smallest normal) → 0.
inline float expNonPositive(float x) {
  constexpr float kLog2e = 1.44269504f;
  constexpr float kLn2Hi = 0.693359375f;  // ln 2 split so k·kLn2Hi is exact
  constexpr float kLn2Lo = -2.12194440e-4f;
  const float xc = std::max(x, -87.0f);
  const float k = std::nearbyint(xc * kLog2e);
  const float r = (xc - k * kLn2Hi) - k * kLn2Lo;
  float p = 1.0f / 5040.0f;
  p = p * r + 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const float scale = std::bit_cast<float>((static_cast<int32_t>(k) + 127) << 23);
  return x < -87.0f ? 0.0f : p * scale;
}

// w[j] = exp((w[j] - peak) · inv_t) in place, returning Σ w. In place, so that no aliasing check
// sends the loop down a scalar path; two passes, since a float sum in the same loop would stop
// the vectoriser (it may not reassociate). GCC picks 256-bit vectors by default even on AVX-512
// hosts; this ~20-instruction body is worth the full width.
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((target("prefer-vector-width=512")))
#endif
float expShiftedInPlace(float* w, float peak, float inv_t, int len) {
  for (int j = 0; j < len; ++j)
    w[j] = expNonPositive((w[j] - peak) * inv_t);
  return Eigen::Map<const Eigen::ArrayXf>(w, len).sum();
}

}  // namespace

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
  float sum = 0;
  if (range.dense) {
    // max(s / T) = max(s) / T since T > 0, so (s - max) / T is the usual stable shift.
    w = s;
    sum = expShiftedInPlace(w.data(), s.maxCoeff(), inv_temperature, len);
  } else {
    // Blend masked cells to -inf for the max; their exp is then exactly 0 (peak is finite).
    const uint8_t* mk = mask_row + range.lo;
    constexpr float kNegInf = -std::numeric_limits<float>::infinity();
    for (int j = 0; j < len; ++j)
      w[j] = mk[j] != 0 ? kNegInf : s[j];
    sum = expShiftedInPlace(w.data(), w.maxCoeff(), inv_temperature, len);
  }
  // The peak cell contributes exp(0) = 1, so sum >= 1: no division by zero.
  w *= 1.0f / sum;
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
