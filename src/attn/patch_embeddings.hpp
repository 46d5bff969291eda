// Synthetic Vision Transformer attention without a model file: patch tokens embedded from their
// pixels, and projections chosen so that each head's attention is a similarity kernel over those
// embeddings — similar regions visibly attend to each other. The kernel (attn::forward) computes
// it.
//
// Features of a patch (over its pixels, L = (R + G + B) / 3 in [0, 1]):
//   content  [6]: colour L, a = R - G, b = (R + G)/2 - B; texture: 2·std(L), 2·mean |∂L/∂x|,
//                 2·mean |∂L/∂y| (differences of neighbouring pixels inside the patch)
//   position [4]: sin πu, cos πu, sin πv, cos πv with (u, v) the patch centre in [0, 1]² — a
//                 sinusoidal 2D position whose distances grow with the distance between patches
// CLS: the mean content of all patches and position 0 (every patch is equally far from it).
//
// Head h weighs the features by a_h (colour, texture, position; the position weights times
// PatchParams::position) into g = a_h ⊙ f and gets
//     logit(i, j) = -½‖g_i - g_j‖² / temperature  (+ a term constant along the row)
// i.e. a Gaussian kernel on weighted feature distance. It is built from ordinary inputs: the
// embedding holds, per head, [g, 1, ‖g‖²], and W_Q, W_K are scaled identities on g plus one entry
// each that makes q_i·k_j = g_i·g_j - ½‖g_j‖² (scaled by d_k^¼ so the kernel's 1/√d_k cancels).
// W_V and W_O are identities. Heads: 0 colour, 1 brightness and texture, 2 colour nearby,
// 3 position (a local window; at position weight 0 it is a weak colour head).
#pragma once

#include "attn/attention.hpp"
#include "attn/patch_grid.hpp"
#include "core/image.hpp"

namespace attn {

// How an image becomes patch tokens (edited by the ViT panel and the command line).
struct PatchParams {
  static constexpr int kMinPatches = 4, kMaxPatches = 32;
  int patches = 16;       // P per side, kMinPatches..kMaxPatches
  bool cls = true;        // token 0 = CLS
  float position = 1.0f;  // weight of the position features (0: colour and texture only)
};

inline constexpr int kPatchHeads = 4;
inline constexpr int kContentFeatures = 6, kPositionFeatures = 4;
inline constexpr int kPatchFeatures = kContentFeatures + kPositionFeatures;

// "colour", "brightness, texture", "colour nearby", "position".
const char* patchHeadName(int head);

// Per patch, row-major: content [P², kContentFeatures] and position [P², kPositionFeatures].
struct PatchFeatures {
  Matrix content, position;
};
PatchFeatures patchFeatures(const core::Image& image, const PatchGrid& grid);

// Throws core::UsageError naming the option for a patch count outside the range or larger than
// the image, a negative or non-finite position weight, or a temperature that is not > 0.
void checkPatchParams(const PatchParams& params, float temperature, int width, int height);

// Kernel inputs for the image: tokens = grid.tokenNames(), kPatchHeads heads.
Inputs patchInputs(const core::Image& image, const PatchParams& params, float temperature);

}  // namespace attn
