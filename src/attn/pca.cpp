// Uncentred PCA of each head's q/k and v vectors down to 3D for drawing.
//
// The basis of a stack S = [q; k] ((N+M) × d_k) is its top-3 right singular vectors, i.e. the top-3
// eigenvectors of the d_k × d_k Gram matrix SᵀS. We solve the Gram matrix with
// SelfAdjointEigenSolver rather than running an SVD on S: it costs O((N+M)·d_k²) for the Gram
// product plus O(d_k³), independent of N, where JacobiSVD of S would grow with N·d_k². The Gram is
// formed in float (a GEMM) and solved in double; the squared condition number this implies only
// blurs the weakest axes, which we drop anyway.
#include "attn/attention.hpp"  // first: tensor.hpp silences a GCC 12 false positive in Eigen

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

namespace attn {

namespace {

struct Basis {
  Matrix axes;  // [d_k, 3]
  float explained = 1;
};

// Top-3 eigenvectors of gram ([d_k, d_k], symmetric), columns padded with zeros when d_k < 3.
Basis topThree(const Eigen::MatrixXd& gram) {
  const Eigen::Index d_k = gram.rows();
  Basis basis;
  basis.axes = Matrix::Zero(d_k, 3);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(gram);
  // Eigenvalues come in ascending order; clamp tiny negative rounding to 0.
  const Eigen::VectorXd lambda = solver.eigenvalues().cwiseMax(0.0);
  const double total = lambda.sum();
  double kept = 0;
  const Eigen::Index axes = std::min<Eigen::Index>(3, d_k);
  for (Eigen::Index a = 0; a < axes; ++a) {
    const Eigen::Index src = d_k - 1 - a;
    Eigen::VectorXd axis = solver.eigenvectors().col(src);
    // Deterministic sign: the largest-magnitude loading is positive (first one wins ties).
    Eigen::Index best = 0;
    for (Eigen::Index i = 1; i < d_k; ++i)
      if (std::abs(axis(i)) > std::abs(axis(best))) best = i;
    if (axis(best) < 0) axis = -axis;
    basis.axes.col(a) = axis.cast<float>();
    kept += lambda(src);
  }
  // With d_k <= 3 the axes span the whole space: nothing is lost by definition.
  basis.explained =
      d_k <= 3 || total <= 0 ? 1.0f : static_cast<float>(std::clamp(kept / total, 0.0, 1.0));
  return basis;
}

}  // namespace

// result.pca: [H] of {q [N, 3], k [M, 3], v [M, 3], bases [d_k, 3]}
void projectTo3D(Result& result) {
  const int heads = result.heads;
  const int d_k = result.d_k;
  result.pca.resize(static_cast<size_t>(heads));
  Matrix gram(d_k, d_k);  // reused across heads
  for (int h = 0; h < heads; ++h) {
    Projection3D& p = result.pca[static_cast<size_t>(h)];
    const auto q = result.q.head(h);  // [N, d_k]
    const auto k = result.k.head(h);  // [M, d_k]
    const auto v = result.v.head(h);  // [M, d_k]

    // [q; k]ᵀ[q; k] = qᵀq + kᵀk without stacking.
    gram.noalias() = q.transpose() * q;
    gram.noalias() += k.transpose() * k;
    Basis qk = topThree(gram.cast<double>());
    gram.noalias() = v.transpose() * v;
    Basis vb = topThree(gram.cast<double>());

    p.qk_basis = std::move(qk.axes);
    p.v_basis = std::move(vb.axes);
    p.qk_explained = qk.explained;
    p.v_explained = vb.explained;
    p.q.noalias() = q * p.qk_basis;
    p.k.noalias() = k * p.qk_basis;
    p.v.noalias() = v * p.v_basis;
  }
}

}  // namespace attn
