// A small hand-made attn::Result for the scene tests: H = 2 heads, N = 3 queries, M = 4 keys,
// d_k = 4, with values chosen so that every cell is distinct and some scores are negative.
#pragma once

#include <string>

#include "attn/attention.hpp"

namespace scene_test {

// weights(h, i, j) = (1 + j + 4·i + 12·h) / 100 — not normalised rows, but exact and distinct.
inline float weightAt(int h, int i, int j) {
  return static_cast<float>(1 + j + 4 * i + 12 * h) / 100.0f;
}
// scores(h, i, j) = j - i + 0.5·h: negative below the diagonal.
inline float scoreAt(int h, int i, int j) {
  return static_cast<float>(j - i) + 0.5f * static_cast<float>(h);
}

// prefix + index, built with += (GCC 12 at -O3 raises a false -Wrestrict on "q" + to_string(i)).
inline std::string tokenName(const char* prefix, int index) {
  std::string s = prefix;
  s += std::to_string(index);
  return s;
}

inline attn::Result makeResult(int heads = 2, int n = 3, int m = 4) {
  attn::Result r;
  r.n = n;
  r.m = m;
  r.heads = heads;
  r.d_k = 4;
  r.d_model = heads * r.d_k;
  r.weights.resize(heads, n, m);
  r.scores.resize(heads, n, m);
  for (int h = 0; h < heads; ++h) {
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < m; ++j) {
        r.weights(h, i, j) = weightAt(h, i, j);
        r.scores(h, i, j) = scoreAt(h, i, j);
      }
    }
  }
  r.mask = attn::MaskMatrix::Zero(n, m);
  for (int i = 0; i < n; ++i)
    r.tokens.push_back(tokenName("q", i));
  for (int j = 0; j < m; ++j)
    r.source_tokens.push_back(tokenName("k", j));
  r.pca.resize(static_cast<size_t>(heads));
  for (int h = 0; h < heads; ++h) {
    attn::Projection3D& p = r.pca[static_cast<size_t>(h)];
    p.q = attn::Matrix::Zero(n, 3);
    p.k = attn::Matrix::Zero(m, 3);
    p.v = attn::Matrix::Zero(m, 3);
    for (int i = 0; i < n; ++i)
      p.q.row(i) << 1.0f + static_cast<float>(i), 0.5f, -0.25f;
    for (int j = 0; j < m; ++j) {
      p.k.row(j) << 0.0f, 1.0f + static_cast<float>(j), 0.5f;
      p.v.row(j) << static_cast<float>(j) - 1.5f, 1.0f, static_cast<float>(j % 2);
    }
    p.qk_explained = 0.9f;
    p.v_explained = 0.8f;
  }
  return r;
}

}  // namespace scene_test
