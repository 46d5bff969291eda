// A small hand-made model file's attention for the overview and rollout tests: L = 2 layers,
// H = 3 heads, N = 3 queries, M = 4 keys (or N = M for self-attention), every weight distinct, one
// cell 0 in every head of layer 1 (drawn as masked).
#pragma once

#include <string>

#include "attn/model_attention.hpp"

namespace scene_test {

// w(l, h, i, j) = (1 + j + 4·i + 12·h + 36·l) / 100, except (l = 1, i = 0, j = 1) = 0.
inline float modelWeight(int l, int h, int i, int j) {
  if (l == 1 && i == 0 && j == 1) return 0.0f;
  return static_cast<float>(1 + j + 4 * i + 12 * h + 36 * l) / 100.0f;
}

inline attn::ModelAttention makeModel(int layers = 2, int heads = 3, int n = 3, int m = 4) {
  attn::ModelAttention a;
  a.layers = layers;
  a.heads = heads;
  a.n = n;
  a.m = m;
  for (int l = 0; l < layers; ++l)
    for (int h = 0; h < heads; ++h)
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < m; ++j)
          a.weights.push_back(modelWeight(l, h, i, j));
  for (int i = 0; i < n; ++i) {
    std::string token = "t";  // += : GCC 12 raises a false -Wrestrict on "t" + to_string(i)
    token += std::to_string(i);
    a.tokens.push_back(token);
  }
  a.source_file = "model.npz";
  return a;
}

}  // namespace scene_test
