// Uncentred PCA of each head's q/k and v vectors down to 3D for drawing.
//
// The basis of a stack S = [q; k] ((N+M) × d_k) is its top-3 right singular vectors, i.e. the top-3
// eigenvectors of the d_k × d_k Gram matrix G = SᵀS = qᵀq + kᵀk. Working on G costs
// O((N+M)·d_k²) for one GEMM plus O(d_k³), where an SVD of S (JacobiSVD) grows with (N+M)·d_k².
// The Gram is formed in float and solved in double; the squared condition number this implies
// only blurs the weakest axes, which we drop anyway.
//
// We need 3 eigenpairs, not d_k: Eigen's Tridiagonalization (Householder, G = Q·T·Qᵀ), the top
// three eigenvalues of T by Sturm-count bisection (O(d_k) per step, to 1e-6·‖G‖), their vectors by
// inverse iteration on T, mapped back with Q, and λ from the Rayleigh quotient. A full
// SelfAdjointEigenSolver (QR sweeps accumulating all d_k eigenvectors, O(d_k³)) took ~6× longer,
// and even its eigenvalues-only mode was slower than this bisection.
// explained = (λ1 + λ2 + λ3) / trace(G).
#include "attn/pca.hpp"  // first: tensor.hpp silences a GCC 12 false positive in Eigen

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace attn {

namespace {

// Sturm counts: counts[e] = number of eigenvalues of the symmetric tridiagonal T (diag, off2 =
// squared off-diagonal) below x[e], i.e. the negative pivots of the LDLᵀ factorisation of
// T - x[e]·I. The three recurrences are chains of divisions; run side by side they overlap in the
// pipeline and cost about as much as one.
void eigenvaluesBelow(const Eigen::VectorXd& diag, const Eigen::VectorXd& off2, const double* x,
                      double tiny, int* counts) {
  double q[3], c[3];
  for (int e = 0; e < 3; ++e) {
    q[e] = 1;
    c[e] = 0;
  }
  for (Eigen::Index i = 0; i < diag.size(); ++i) {
    const double a = diag(i), b2 = i > 0 ? off2(i - 1) : 0.0;
    for (int e = 0; e < 3; ++e) {
      const double v = a - x[e] - b2 / q[e];
      q[e] = std::abs(v) < tiny ? -tiny : v;  // a zero pivot counts as negative (LAPACK's dstebz)
      c[e] += q[e] < 0 ? 1.0 : 0.0;
    }
  }
  for (int e = 0; e < 3; ++e)
    counts[e] = static_cast<int>(c[e]);
}

// The top `count` (<= 3) eigenvalues of T, all bracketed in [lo, hi], by simultaneous bisection to
// `tol`. Inverse iteration needs only a close shift; the Rayleigh quotient then gives λ exactly.
void topEigenvalues(const Eigen::VectorXd& diag, const Eigen::VectorXd& off2, int count, double lo,
                    double hi, double tol, double tiny, double* lambda) {
  const int n = static_cast<int>(diag.size());
  double low[3] = {lo, lo, lo}, high[3] = {hi, hi, hi}, mid[3];
  int below[3];
  while (high[0] - low[0] > tol) {  // every bracket halves each pass: all share one width
    for (int e = 0; e < 3; ++e)
      mid[e] = 0.5 * (low[e] + high[e]);
    eigenvaluesBelow(diag, off2, mid, tiny, below);
    for (int e = 0; e < count; ++e) {
      // The (e+1)-th largest is the (n-e)-th smallest: more than n-1-e values below mid means
      // it is below mid too.
      if (below[e] > n - 1 - e)
        high[e] = mid[e];
      else
        low[e] = mid[e];
    }
  }
  for (int e = 0; e < count; ++e)
    lambda[e] = 0.5 * (low[e] + high[e]);
}

// (T - shift·I) = P·L·U by Gaussian elimination with partial pivoting on the tridiagonal band
// (zero pivots nudged to `tiny`: inverse iteration wants the near-singular solve), factored once
// and solved for several right-hand sides.
class ShiftedTridiagonalLU {
 public:
  ShiftedTridiagonalLU(const Eigen::VectorXd& diag, const Eigen::VectorXd& off, double shift,
                       double tiny) {
    const Eigen::Index n = diag.size();
    m_d = diag.array() - shift;  // pivot row's diagonal
    m_du = off;                  // first superdiagonal
    m_du2 = Eigen::VectorXd::Zero(std::max<Eigen::Index>(n - 2, 0));
    m_l.resize(std::max<Eigen::Index>(n - 1, 0));
    m_swapped.assign(static_cast<size_t>(std::max<Eigen::Index>(n - 1, 0)), 0);
    for (Eigen::Index i = 0; i + 1 < n; ++i) {
      const double below = off(i);  // T(i+1, i)
      if (std::abs(m_d(i)) >= std::abs(below)) {
        if (std::abs(m_d(i)) < tiny) m_d(i) = tiny;
        m_l(i) = below / m_d(i);
        m_d(i + 1) -= m_l(i) * m_du(i);
      } else {  // swap rows i and i+1
        m_swapped[static_cast<size_t>(i)] = 1;
        const double factor = m_d(i) / below;
        m_d(i) = below;
        m_l(i) = factor;
        const double upper = m_du(i);
        m_du(i) = m_d(i + 1);
        m_d(i + 1) = upper - factor * m_d(i + 1);
        if (i + 2 < n) {
          m_du2(i) = m_du(i + 1);
          m_du(i + 1) = -factor * m_du(i + 1);
        }
      }
    }
    if (std::abs(m_d(n - 1)) < tiny) m_d(n - 1) = tiny;
  }

  // b <- (T - shift·I)⁻¹·b
  void solve(Eigen::VectorXd& b) const {
    const Eigen::Index n = m_d.size();
    for (Eigen::Index i = 0; i + 1 < n; ++i) {
      if (m_swapped[static_cast<size_t>(i)]) std::swap(b(i), b(i + 1));
      b(i + 1) -= m_l(i) * b(i);
    }
    for (Eigen::Index i = n - 1; i >= 0; --i) {
      double r = b(i);
      if (i + 1 < n) r -= m_du(i) * b(i + 1);
      if (i + 2 < n) r -= m_du2(i) * b(i + 2);
      b(i) = r / m_d(i);
    }
  }

 private:
  Eigen::VectorXd m_d, m_du, m_du2, m_l;
  std::vector<uint8_t> m_swapped;
};

struct Basis {
  Matrix axes;  // [d_k, 3]
  float explained = 1;
};

// Top-3 eigenvectors of gram ([d_k, d_k], symmetric PSD), padded with zero columns when d_k < 3.
void topThree(const Eigen::MatrixXd& gram, Matrix& axes, float& explained) {
  const Eigen::Index d_k = gram.rows();
  const int count = static_cast<int>(std::min<Eigen::Index>(3, d_k));
  axes.setZero(d_k, 3);
  const double total = gram.trace();
  const double norm = gram.cwiseAbs().rowwise().sum().maxCoeff();  // >= every |λ|
  if (total <= 0 || norm <= 0) {  // all vectors zero: any axes do; take the unit vectors
    for (int a = 0; a < count; ++a)
      axes(a, a) = 1;
    explained = 1;
    return;
  }
  const double tiny = norm * std::numeric_limits<double>::epsilon();

  Eigen::Tridiagonalization<Eigen::MatrixXd> tri(gram);
  const Eigen::VectorXd diag = tri.diagonal();
  const Eigen::VectorXd off = tri.subDiagonal();
  const Eigen::VectorXd off2 = off.cwiseAbs2();
  Eigen::MatrixXd y(d_k, count);  // eigenvectors of T
  double kept = 0;
  // G is PSD: its eigenvalues lie in [0, norm] up to rounding. 1e-6·norm is close enough a
  // shift: each inverse-iteration step shrinks the other eigenvectors' share by ~1e-6·norm / gap.
  double shifts[3] = {};
  topEigenvalues(diag, off2, count, -4 * tiny, norm + 4 * tiny, 1e-6 * norm, tiny, shifts);
  for (int a = 0; a < count; ++a) {
    const ShiftedTridiagonalLU lu(diag, off, shifts[a], tiny);
    // Inverse iteration from a fixed start; orthogonalising against the axes found before keeps
    // repeated or clustered eigenvalues apart.
    Eigen::VectorXd x(d_k);
    for (Eigen::Index i = 0; i < d_k; ++i)
      x(i) = 1.0 + 0.1 * double((i * (a + 2)) % 7);
    for (int iter = 0; iter < 3; ++iter) {
      lu.solve(x);
      for (int b = 0; b < a; ++b)
        x -= y.col(b).dot(x) * y.col(b);
      const double len = x.norm();
      if (!(len > 0) || !std::isfinite(len)) {  // start vector in the span of earlier axes
        x.setZero();
        x(a) = 1;
        for (int b = 0; b < a; ++b)
          x -= y.col(b).dot(x) * y.col(b);
      }
      x.normalize();
    }
    y.col(a) = x;
    // Rayleigh quotient xᵀ·T·x: λ to full precision from the converged vector.
    double lambda = diag.dot(x.cwiseAbs2());
    if (d_k > 1) lambda += 2 * off.dot(x.head(d_k - 1).cwiseProduct(x.tail(d_k - 1)));
    kept += std::max(lambda, 0.0);
  }
  // Back to the d_k-dimensional space, one column at a time: for 3 columns Eigen's blocked
  // Householder product spends more on its triangular factor than on the product.
  Eigen::MatrixXd z(d_k, count);
  for (int a = 0; a < count; ++a)
    z.col(a) = tri.matrixQ() * y.col(a);

  for (int a = 0; a < count; ++a) {
    // Deterministic sign: the largest-magnitude loading is positive (first one wins ties).
    Eigen::Index best = 0;
    for (Eigen::Index i = 1; i < d_k; ++i)
      if (std::abs(z(i, a)) > std::abs(z(best, a))) best = i;
    if (z(best, a) < 0) z.col(a) = -z.col(a);
    axes.col(a) = z.col(a).cast<float>();
  }
  // With d_k <= 3 the axes span the whole space: nothing is lost by definition.
  explained = d_k <= 3 ? 1.0f : static_cast<float>(std::clamp(kept / total, 0.0, 1.0));
}

// The full double matrix from the lower triangle of a float one.
Eigen::MatrixXd symmetricFromLower(const Matrix& lower) {
  Eigen::MatrixXd full = lower.cast<double>();
  full.triangularView<Eigen::StrictlyUpper>() = full.transpose();
  return full;
}

}  // namespace

// pca[h]: q [N, 3], k [M, 3], v [M, 3], bases [d_k, 3]
void projectHeadTo3D(Result& result, int h) {
  const int d_k = result.d_k;
  Projection3D& p = result.pca[static_cast<size_t>(h)];
  const auto q = result.q.head(h);  // [N, d_k]
  const auto k = result.k.head(h);  // [M, d_k]
  const auto v = result.v.head(h);  // [M, d_k]

  // [q; k]ᵀ[q; k] = qᵀq + kᵀk without stacking, as symmetric rank updates (half a GEMM each).
  // Plain GEMMs: for a d_k-wide Gram Eigen's rank-update path is several times slower than the
  // general product, which computes the (tiny) upper half twice but vectorises well.
  Matrix gram(d_k, d_k);
  gram.noalias() = q.transpose() * q;
  gram.noalias() += k.transpose() * k;
  topThree(symmetricFromLower(gram), p.qk_basis, p.qk_explained);
  gram.noalias() = v.transpose() * v;
  topThree(symmetricFromLower(gram), p.v_basis, p.v_explained);

  p.q.noalias() = q * p.qk_basis;
  p.k.noalias() = k * p.qk_basis;
  p.v.noalias() = v * p.v_basis;
}

void projectTo3D(Result& result) {
  result.pca.resize(static_cast<size_t>(result.heads));
  for (int h = 0; h < result.heads; ++h)
    projectHeadTo3D(result, h);
}

}  // namespace attn
