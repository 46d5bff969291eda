// Uncentred PCA of each head's q/k and v vectors down to 3D for drawing.
//
// The basis of a stack S = [q; k] ((N+M) × d_k) is its top-3 right singular vectors, i.e. the top-3
// eigenvectors of the d_k × d_k Gram matrix G = SᵀS = qᵀq + kᵀk. Working on G costs
// O((N+M)·d_k²) for one GEMM plus O(d_k³), where an SVD of S (JacobiSVD) grows with (N+M)·d_k².
// The Gram is formed in float and solved in double; the squared condition number this implies
// only blurs the weakest axes, which we drop anyway.
//
// We need 3 eigenpairs, not d_k: Eigen's Tridiagonalization (Householder, G = Q·T·Qᵀ), the top
// three eigenvalues of T by Sturm-count bisection (O(d_k) per step, to 1e-7·‖G‖), their vectors by
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

// Number of eigenvalues of the symmetric tridiagonal T (diag, off2 = squared off-diagonal) that
// are below x: the Sturm count, i.e. the negative pivots of the LDLᵀ factorisation of T - x·I.
int eigenvaluesBelow(const Eigen::VectorXd& diag, const Eigen::VectorXd& off2, double x,
                     double tiny) {
  int count = 0;
  double q = diag(0) - x;
  for (Eigen::Index i = 0;;) {
    if (std::abs(q) < tiny) q = -tiny;  // a zero pivot counts as negative (LAPACK's dstebz)
    count += q < 0;
    if (++i == diag.size()) break;
    q = diag(i) - x - off2(i - 1) / q;
  }
  return count;
}

// The (index+1)-th smallest eigenvalue of T, bracketed in [lo, hi], by bisection to `tol`. Inverse
// iteration needs only a close shift and the Rayleigh quotient then gives λ to full precision.
double bisectEigenvalue(const Eigen::VectorXd& diag, const Eigen::VectorXd& off2, int index,
                        double lo, double hi, double tol, double tiny) {
  while (hi - lo > tol) {
    const double mid = 0.5 * (lo + hi);
    if (eigenvaluesBelow(diag, off2, mid, tiny) > index)
      hi = mid;
    else
      lo = mid;
  }
  return 0.5 * (lo + hi);
}

// Solves (T - shift·I)·x = b in place by Gaussian elimination with partial pivoting on the
// tridiagonal band (zero pivots nudged to `tiny`: inverse iteration wants the near-singular solve).
void solveShiftedTridiagonal(const Eigen::VectorXd& diag, const Eigen::VectorXd& off, double shift,
                             double tiny, Eigen::VectorXd& b) {
  const Eigen::Index n = diag.size();
  Eigen::VectorXd d = diag.array() - shift;  // pivot row's diagonal
  Eigen::VectorXd du = off;                  // first superdiagonal
  Eigen::VectorXd du2 = Eigen::VectorXd::Zero(std::max<Eigen::Index>(n - 2, 0));
  Eigen::VectorXd l(std::max<Eigen::Index>(n - 1, 0));
  std::vector<bool> swapped(static_cast<size_t>(std::max<Eigen::Index>(n - 1, 0)));
  for (Eigen::Index i = 0; i + 1 < n; ++i) {
    const double below = off(i);  // T(i+1, i)
    if (std::abs(d(i)) >= std::abs(below)) {
      if (std::abs(d(i)) < tiny) d(i) = tiny;
      l(i) = below / d(i);
      d(i + 1) -= l(i) * du(i);
    } else {  // swap rows i and i+1
      swapped[static_cast<size_t>(i)] = true;
      const double factor = d(i) / below;
      d(i) = below;
      l(i) = factor;
      const double upper = du(i);
      du(i) = d(i + 1);
      d(i + 1) = upper - factor * d(i + 1);
      if (i + 2 < n) {
        du2(i) = du(i + 1);
        du(i + 1) = -factor * du(i + 1);
      }
    }
  }
  if (std::abs(d(n - 1)) < tiny) d(n - 1) = tiny;
  for (Eigen::Index i = 0; i + 1 < n; ++i) {
    if (swapped[static_cast<size_t>(i)]) std::swap(b(i), b(i + 1));
    b(i + 1) -= l(i) * b(i);
  }
  for (Eigen::Index i = n - 1; i >= 0; --i) {
    double r = b(i);
    if (i + 1 < n) r -= du(i) * b(i + 1);
    if (i + 2 < n) r -= du2(i) * b(i + 2);
    b(i) = r / d(i);
  }
}

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
  double upper = norm;  // λ1 >= λ2 >= λ3: each one bounds the next from above
  for (int a = 0; a < count; ++a) {
    // G is PSD: its eigenvalues lie in [0, norm] up to rounding.
    const double shift = bisectEigenvalue(diag, off2, static_cast<int>(d_k) - 1 - a, -4 * tiny,
                                          upper + 4 * tiny, 1e-7 * norm, tiny);
    // Inverse iteration from a fixed start; orthogonalising against the axes found before keeps
    // repeated or clustered eigenvalues apart.
    Eigen::VectorXd x(d_k);
    for (Eigen::Index i = 0; i < d_k; ++i)
      x(i) = 1.0 + 0.1 * std::sin(1.0 + double(i) * (a + 2));
    for (int iter = 0; iter < 3; ++iter) {
      solveShiftedTridiagonal(diag, off, shift, tiny, x);
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
    upper = std::min(upper, shift + 1e-7 * norm);
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
  Matrix gram = Matrix::Zero(d_k, d_k);
  gram.selfadjointView<Eigen::Lower>().rankUpdate(q.transpose());
  gram.selfadjointView<Eigen::Lower>().rankUpdate(k.transpose());
  topThree(symmetricFromLower(gram), p.qk_basis, p.qk_explained);
  gram.setZero();
  gram.selfadjointView<Eigen::Lower>().rankUpdate(v.transpose());
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
