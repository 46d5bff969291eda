// Dense float storage shared by the kernel, the reference and the scene builders.
#pragma once

// GCC 12's AVX-512 intrinsics headers (-march=native on AVX-512 hosts) raise
// -Wmaybe-uninitialized inside Eigen's reductions (_mm256_undefined_pd, GCC bug 105593, fixed in
// GCC 13). The warning fires where Eigen code is instantiated, i.e. in every file that includes
// this header, so it is silenced here, for GCC < 13 only.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <Eigen/Core>
#include <cassert>
#include <cstdint>
#include <span>
#include <vector>

namespace attn {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::VectorXf;
using MaskMatrix = Eigen::Matrix<uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// H matrices of equal shape stored back to back: [heads, rows, cols], row-major per head — the
// layout of a PyTorch [H, N, M] tensor, so files read and write it without reordering.
class HeadStack {
 public:
  HeadStack() = default;
  HeadStack(int heads, int rows, int cols) { resize(heads, rows, cols); }

  // Keeps the allocation when the size does not grow (the kernel reuses its buffers).
  void resize(int heads, int rows, int cols) {
    m_heads = heads;
    m_rows = rows;
    m_cols = cols;
    m_data.resize(static_cast<size_t>(heads) * rows * cols);
  }

  int heads() const { return m_heads; }
  int rows() const { return m_rows; }
  int cols() const { return m_cols; }
  bool empty() const { return m_data.empty(); }

  Eigen::Map<Matrix> head(int h) {
    assert(h >= 0 && h < m_heads && "HeadStack::head: head index out of range");
    return {m_data.data() + offset(h), m_rows, m_cols};
  }
  Eigen::Map<const Matrix> head(int h) const {
    assert(h >= 0 && h < m_heads && "HeadStack::head: head index out of range");
    return {m_data.data() + offset(h), m_rows, m_cols};
  }
  float& operator()(int h, int r, int c) {
    return m_data[offset(h) + static_cast<size_t>(r) * m_cols + c];
  }
  float operator()(int h, int r, int c) const {
    return m_data[offset(h) + static_cast<size_t>(r) * m_cols + c];
  }

  std::span<float> data() { return m_data; }
  std::span<const float> data() const { return m_data; }

 private:
  size_t offset(int h) const { return static_cast<size_t>(h) * m_rows * m_cols; }

  int m_heads = 0, m_rows = 0, m_cols = 0;
  std::vector<float> m_data;
};

}  // namespace attn
