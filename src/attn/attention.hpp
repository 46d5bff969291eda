// Multi-head scaled dot-product attention, following PyTorch nn.MultiheadAttention:
//
//   q = x·W_Qᵀ + b_Q,  k = x_kv·W_Kᵀ + b_K,  v = x_kv·W_Vᵀ + b_V      split into H heads of d_k =
//   D/H scores_h  = q_h·k_hᵀ / √d_k                                         [H, N, M] (before the
//   mask) weights_h = softmax(masked(scores_h) / temperature) row-wise        [H, N, M] head_out_h
//   = weights_h · v_h                                        [H, N, d_k] out =
//   concat(head_out)·W_Oᵀ + b_O                                   [N, D]
//
// N queries (rows) from x, M keys (columns) from x_kv (= x for self-attention). Masked cells are
// exactly 0 after the softmax; a row with every key masked is all zeros and listed, never NaN.
#pragma once

#include <string>
#include <vector>

#include "attn/tensor.hpp"

namespace attn {

enum class MaskKind {
  None,
  Causal,  // query i sees keys j <= i (torch.tril over [N, M])
  Local,   // query i sees keys with |i - j| <= window
};

struct MaskSpec {
  MaskKind kind = MaskKind::None;
  int window = 0;  // Local only
};

// Linear layers y = x·Wᵀ + b, as PyTorch stores them.
struct Projections {
  Matrix w_q, w_k, w_v, w_o;  // [D, D]
  Vector b_q, b_k, b_v, b_o;  // [D]
};

struct Inputs {
  Matrix x;     // [N, D] queries come from here
  Matrix x_kv;  // [M, D] keys and values; empty means self-attention (x_kv = x)
  Projections proj;
  int heads = 1;
  MaskSpec mask;
  MaskMatrix explicit_mask;                // [N, M], 1 = masked; empty = none
  std::vector<uint8_t> key_padding;        // [M], 1 = padding (masked); empty = none
  float temperature = 1.0f;                // softmax(scores / temperature)
  std::vector<std::string> tokens;         // [N] labels of the queries
  std::vector<std::string> source_tokens;  // [M] labels of the keys (cross-attention)

  bool isCross() const { return x_kv.size() != 0; }
  const Matrix& keySource() const { return isCross() ? x_kv : x; }
};

// One head's q, k and v projected to 3D for drawing. Q and K share one basis so that q3·k3
// approximates q·k; V has its own. The bases are uncentred PCA (top right-singular vectors), so
// arrows keep the origin, with each axis's sign fixed so its largest-magnitude loading is positive.
struct Projection3D {
  Matrix q, k, v;          // [N, 3], [M, 3], [M, 3]
  Matrix qk_basis;         // [d_k, 3]
  Matrix v_basis;          // [d_k, 3]
  float qk_explained = 0;  // share of ‖[q; k]‖² kept by the three axes, in [0, 1]
  float v_explained = 0;
};

struct Result {
  int n = 0, m = 0, d_model = 0, heads = 0, d_k = 0;
  float temperature = 1.0f;
  HeadStack q;                         // [H, N, d_k]
  HeadStack k;                         // [H, M, d_k]
  HeadStack v;                         // [H, M, d_k]
  HeadStack scores;                    // [H, N, M] q·kᵀ/√d_k, before the mask
  HeadStack weights;                   // [H, N, M]
  HeadStack head_out;                  // [H, N, d_k]
  Matrix concat;                       // [N, D]
  Matrix out;                          // [N, D]
  MaskMatrix mask;                     // [N, M] every mask combined, 1 = masked
  std::vector<int> fully_masked_rows;  // queries whose every key is masked (weights row = 0)
  std::vector<Projection3D> pca;       // [H]
  std::vector<std::string> tokens, source_tokens;  // source_tokens = tokens for self-attention
  // Results read from a model's file (attn/model_attention.hpp) say where they came from and what
  // they lack; forward() leaves both empty.
  std::vector<std::string> head_names;  // [H] the scene's field titles ("L3 H5"); empty: "head h"
  std::string vectors_note;             // why q/k/v (and their arrows) are missing; empty: present
};

// Throws core::UsageError (impossible sizes, D % H != 0, …) or core::DataError (NaN/Inf in an
// array, naming it; shapes that disagree, naming expected and got).
void validate(const Inputs& in);

// The fast kernel. The overload taking `out` reuses its buffers (the app recomputes on every
// slider move). Both validate first.
Result forward(const Inputs& in);
void forward(const Inputs& in, Result& out);

// Threads forward() may use, the caller's included (0, the default, = hardware concurrency;
// 1 = the calling thread only). Results are bit-identical for every setting: the work is split
// by shape, never by thread count.
void setKernelThreads(int threads);
int kernelThreads();

// Naive loops, never optimised: the test oracle. Same contract as forward().
Result reference(const Inputs& in);

// Combined [N, M] mask (1 = masked) from the spec, the explicit mask and the key padding.
MaskMatrix buildMask(const Inputs& in, int n, int m);

// 3D projections for every head of a result (fills result.pca).
void projectTo3D(Result& result);

}  // namespace attn
