// projectTo3D: uncentred PCA of each head's [q; k] and v down to 3 axes.
#include <doctest/doctest.h>

#include "attn/attention.hpp"  // first: tensor.hpp silences a GCC 12 false positive in Eigen

#include <Eigen/SVD>
#include <cmath>
#include "compare.hpp"
#include "core/rng.hpp"

using attn_test::randomMatrix;

namespace {

// A result holding only what projectTo3D reads: q [H, N, d_k], k and v [H, M, d_k].
attn::Result headsOf(const std::vector<attn::Matrix>& q, const std::vector<attn::Matrix>& k,
                     const std::vector<attn::Matrix>& v) {
  attn::Result r;
  r.heads = static_cast<int>(q.size());
  r.n = static_cast<int>(q[0].rows());
  r.m = static_cast<int>(k[0].rows());
  r.d_k = static_cast<int>(q[0].cols());
  r.q.resize(r.heads, r.n, r.d_k);
  r.k.resize(r.heads, r.m, r.d_k);
  r.v.resize(r.heads, r.m, r.d_k);
  for (int h = 0; h < r.heads; ++h) {
    r.q.head(h) = q[static_cast<size_t>(h)];
    r.k.head(h) = k[static_cast<size_t>(h)];
    r.v.head(h) = v[static_cast<size_t>(h)];
  }
  return r;
}

attn::Result randomHeads(int heads, int n, int m, int d_k, uint64_t seed) {
  core::Rng rng(seed);
  std::vector<attn::Matrix> q, k, v;
  for (int h = 0; h < heads; ++h) {
    // Unequal column scales give a clear spectrum, as trained heads have.
    attn::Matrix scale = attn::Matrix::Zero(d_k, d_k);
    for (int c = 0; c < d_k; ++c)
      scale(c, c) = 1.0f / (1.0f + float(c));
    attn::Matrix mix = randomMatrix(rng, d_k, d_k, 1.0f);
    q.push_back(randomMatrix(rng, n, d_k, 1.0f) * scale * mix);
    k.push_back(randomMatrix(rng, m, d_k, 1.0f) * scale * mix);
    v.push_back(randomMatrix(rng, m, d_k, 1.0f) * scale * mix.transpose());
  }
  return headsOf(q, k, v);
}

void checkSign(const attn::Matrix& basis) {
  for (int a = 0; a < 3; ++a) {
    if (basis.col(a).isZero(0)) continue;
    Eigen::Index best = 0;
    basis.col(a).cwiseAbs().maxCoeff(&best);
    CHECK(basis(best, a) > 0);
  }
}

}  // namespace

TEST_CASE("pca: orthonormal axes, explained ratio in [0, 1], deterministic signs") {
  for (int d_k : {4, 8, 32, 64}) {
    attn::Result r = randomHeads(3, 20, 15, d_k, 50 + static_cast<uint64_t>(d_k));
    attn::projectTo3D(r);
    REQUIRE(r.pca.size() == 3);
    for (const attn::Projection3D& p : r.pca) {
      CHECK(p.qk_basis.rows() == d_k);
      CHECK(p.qk_basis.cols() == 3);
      CHECK((p.qk_basis.transpose() * p.qk_basis - attn::Matrix::Identity(3, 3)).norm() < 1e-5f);
      CHECK((p.v_basis.transpose() * p.v_basis - attn::Matrix::Identity(3, 3)).norm() < 1e-5f);
      CHECK(p.qk_explained >= 0.0f);
      CHECK(p.qk_explained <= 1.0f);
      CHECK(p.v_explained >= 0.0f);
      CHECK(p.v_explained <= 1.0f);
      checkSign(p.qk_basis);
      checkSign(p.v_basis);
      CHECK(p.q.rows() == 20);
      CHECK(p.k.rows() == 15);
      CHECK(p.v.rows() == 15);
    }
    // Same input, same output; negated data has the same Gram matrix, hence the same axes.
    attn::Result again = r;
    for (int h = 0; h < 3; ++h) {
      again.q.head(h) *= -1.0f;
      again.k.head(h) *= -1.0f;
    }
    attn::projectTo3D(again);
    CHECK(again.pca[0].qk_basis == r.pca[0].qk_basis);
    CHECK(again.pca[0].q == -r.pca[0].q);
  }
}

TEST_CASE("pca: axes and explained ratio agree with an SVD of the stacked q and k") {
  attn::Result r = randomHeads(2, 30, 25, 16, 60);
  attn::projectTo3D(r);
  for (int h = 0; h < 2; ++h) {
    Eigen::MatrixXd s(55, 16);
    s << r.q.head(h).cast<double>(), r.k.head(h).cast<double>();
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(s, Eigen::ComputeThinV);
    const Eigen::VectorXd sigma2 = svd.singularValues().cwiseAbs2();
    const double explained = sigma2.head(3).sum() / sigma2.sum();
    const attn::Projection3D& p = r.pca[static_cast<size_t>(h)];
    CHECK(p.qk_explained == doctest::Approx(explained).epsilon(1e-4));
    for (int a = 0; a < 3; ++a) {
      const double dot = svd.matrixV().col(a).dot(p.qk_basis.col(a).cast<double>());
      CHECK(std::abs(dot) == doctest::Approx(1.0).epsilon(1e-4));
    }
  }
}

TEST_CASE("pca: d_k <= 3 keeps everything, so q3·k3 equals q·k") {
  for (int d_k : {1, 2, 3}) {
    attn::Result r = randomHeads(2, 6, 5, d_k, 70 + static_cast<uint64_t>(d_k));
    attn::projectTo3D(r);
    for (int h = 0; h < 2; ++h) {
      const attn::Projection3D& p = r.pca[static_cast<size_t>(h)];
      CHECK(p.qk_explained == 1.0f);
      CHECK(p.v_explained == 1.0f);
      // Padding: the columns past d_k are zero.
      for (int a = d_k; a < 3; ++a)
        CHECK(p.qk_basis.col(a).isZero(0));
      const attn::Matrix dots3 = p.q * p.k.transpose();
      const attn::Matrix dots = r.q.head(h) * r.k.head(h).transpose();
      CHECK((dots3 - dots).cwiseAbs().maxCoeff() <= 1e-5f * (1.0f + dots.cwiseAbs().maxCoeff()));
      checkSign(p.qk_basis);
    }
  }
}

TEST_CASE("pca: rank-3 data is reproduced exactly from its 3D coordinates") {
  core::Rng rng(80);
  const int d_k = 24;
  // An orthonormal 3-frame inside 24 dimensions.
  const Eigen::HouseholderQR<Eigen::MatrixXf> qr(randomMatrix(rng, d_k, 3, 1.0f));
  const attn::Matrix frame = qr.householderQ() * attn::Matrix::Identity(d_k, 3);
  const attn::Matrix q = randomMatrix(rng, 9, 3, 2.0f) * frame.transpose();
  const attn::Matrix k = randomMatrix(rng, 7, 3, 1.0f) * frame.transpose();
  const attn::Matrix v = randomMatrix(rng, 7, 3, 1.0f) * frame.transpose();
  attn::Result r = headsOf({q}, {k}, {v});
  attn::projectTo3D(r);
  const attn::Projection3D& p = r.pca[0];
  CHECK(p.qk_explained == doctest::Approx(1.0).epsilon(1e-5));
  CHECK(p.v_explained == doctest::Approx(1.0).epsilon(1e-5));
  CHECK((p.q * p.qk_basis.transpose() - q).cwiseAbs().maxCoeff() < 1e-4f);
  CHECK((p.k * p.qk_basis.transpose() - k).cwiseAbs().maxCoeff() < 1e-4f);
  CHECK((p.v * p.v_basis.transpose() - v).cwiseAbs().maxCoeff() < 1e-4f);
  CHECK((p.q * p.k.transpose() - q * k.transpose()).cwiseAbs().maxCoeff() < 1e-4f);
}

TEST_CASE("pca: degenerate inputs stay finite") {
  // All zeros, and rank 1 (λ2 = λ3 = … = 0, a repeated eigenvalue).
  attn::Result zero =
      headsOf({attn::Matrix::Zero(4, 5)}, {attn::Matrix::Zero(4, 5)}, {attn::Matrix::Zero(4, 5)});
  attn::projectTo3D(zero);
  CHECK(zero.pca[0].qk_basis.allFinite());
  CHECK(zero.pca[0].q.isZero(0));
  CHECK(zero.pca[0].qk_explained == 1.0f);

  attn::Matrix ones = attn::Matrix::Ones(4, 6);
  attn::Result rank1 = headsOf({ones}, {ones}, {2.0f * ones});
  attn::projectTo3D(rank1);
  const attn::Projection3D& p = rank1.pca[0];
  CHECK(p.qk_basis.allFinite());
  CHECK((p.qk_basis.transpose() * p.qk_basis - attn::Matrix::Identity(3, 3)).norm() < 1e-5f);
  CHECK(p.qk_explained == doctest::Approx(1.0).epsilon(1e-5));
  CHECK((p.q * p.qk_basis.transpose() - ones).cwiseAbs().maxCoeff() < 1e-5f);
}
