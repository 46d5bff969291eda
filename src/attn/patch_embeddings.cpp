// [SECTION] Features from pixels
// [SECTION] Checks
// [SECTION] Inputs: embeddings and projections
#include "attn/patch_embeddings.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace attn {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kDk = kPatchFeatures + 2;  // per head: g, 1, ‖g‖²

// Per-head feature weights: colour (L, a, b), texture (std, ∂x, ∂y), position (before the user's
// position weight). Chosen by eye on the shipped assets: one colour step between regions of a
// picture (sky to grass, a red disc to the background) costs 4-10 logits in the colour heads.
struct HeadWeights {
  std::array<float, 3> colour;
  float texture;
  float position;
};
constexpr std::array<HeadWeights, kPatchHeads> kHeads = {{
    {{5.0f, 5.0f, 5.0f}, 1.0f, 0.5f},  // colour
    {{3.0f, 0.5f, 0.5f}, 4.0f, 0.5f},  // brightness, texture
    {{5.0f, 5.0f, 5.0f}, 1.0f, 1.0f},  // colour nearby
    {{1.0f, 1.0f, 1.0f}, 0.5f, 3.0f},  // position
}};
constexpr std::array<const char*, kPatchHeads> kHeadNames = {"colour", "brightness, texture",
                                                             "colour nearby", "position"};

}  // namespace

const char* patchHeadName(int head) {
  return head >= 0 && head < kPatchHeads ? kHeadNames[static_cast<size_t>(head)] : "head";
}

// [SECTION] Features from pixels

PatchFeatures patchFeatures(const core::Image& image, const PatchGrid& grid) {
  const int w = grid.width(), h = grid.height(), count = grid.patchCount();
  struct Sums {
    double r = 0, g = 0, b = 0, l = 0, l2 = 0, dx = 0, dy = 0;
    long pixels = 0, pairs_x = 0, pairs_y = 0;
  };
  std::vector<Sums> sums(static_cast<size_t>(count));
  std::vector<int> column(static_cast<size_t>(w));
  for (int x = 0; x < w; ++x)
    column[static_cast<size_t>(x)] = grid.columnOf(x);
  // Brightness of the row above, to difference vertically within a patch.
  std::vector<double> above(static_cast<size_t>(w), 0.0);
  for (int y = 0; y < h; ++y) {
    const int row = grid.rowOf(y);
    const bool same_row_above = y > 0 && grid.rowOf(y - 1) == row;
    double left = 0.0;
    for (int x = 0; x < w; ++x) {
      const int c = column[static_cast<size_t>(x)];
      Sums& s = sums[static_cast<size_t>(grid.patchOf(row, c))];
      const uint8_t* p = image.pixel(x, y);
      const double r = p[0] / 255.0, g = p[1] / 255.0, b = p[2] / 255.0;
      const double l = (r + g + b) / 3.0;
      s.r += r;
      s.g += g;
      s.b += b;
      s.l += l;
      s.l2 += l * l;
      ++s.pixels;
      if (x > 0 && column[static_cast<size_t>(x - 1)] == c) {
        s.dx += std::abs(l - left);
        ++s.pairs_x;
      }
      if (same_row_above) {
        s.dy += std::abs(l - above[static_cast<size_t>(x)]);
        ++s.pairs_y;
      }
      left = l;
      above[static_cast<size_t>(x)] = l;
    }
  }

  PatchFeatures f;
  f.content.resize(count, kContentFeatures);
  f.position.resize(count, kPositionFeatures);
  const int P = grid.patches();
  for (int k = 0; k < count; ++k) {
    const Sums& s = sums[static_cast<size_t>(k)];
    const double n = static_cast<double>(s.pixels);
    const double r = s.r / n, g = s.g / n, b = s.b / n, l = s.l / n;
    const double var = std::max(s.l2 / n - l * l, 0.0);
    const double values[kContentFeatures] = {
        l,
        r - g,
        0.5 * (r + g) - b,
        2.0 * std::sqrt(var),
        s.pairs_x ? 2.0 * s.dx / static_cast<double>(s.pairs_x) : 0.0,
        s.pairs_y ? 2.0 * s.dy / static_cast<double>(s.pairs_y) : 0.0};
    for (int c = 0; c < kContentFeatures; ++c)
      f.content(k, c) = static_cast<float>(values[c]);
    const double u = (grid.columnOfPatch(k) + 0.5) / P, v = (grid.rowOfPatch(k) + 0.5) / P;
    f.position(k, 0) = static_cast<float>(std::sin(kPi * u));
    f.position(k, 1) = static_cast<float>(std::cos(kPi * u));
    f.position(k, 2) = static_cast<float>(std::sin(kPi * v));
    f.position(k, 3) = static_cast<float>(std::cos(kPi * v));
  }
  return f;
}

// [SECTION] Checks

void checkPatchParams(const PatchParams& p, float temperature, int width, int height) {
  using core::UsageError;
  if (p.patches < PatchParams::kMinPatches || p.patches > PatchParams::kMaxPatches) {
    throw UsageError("--patches must be " + std::to_string(PatchParams::kMinPatches) + " to " +
                     std::to_string(PatchParams::kMaxPatches) + " patches per side (got " +
                     std::to_string(p.patches) + ")");
  }
  if (p.patches > width || p.patches > height) {
    throw UsageError("--patches " + std::to_string(p.patches) + " needs an image of at least " +
                     std::to_string(p.patches) + " pixels per side (this one is " +
                     std::to_string(width) + "x" + std::to_string(height) + ")");
  }
  if (!std::isfinite(p.position) || p.position < 0.0f) {
    throw UsageError("the position weight must be a finite number >= 0 (got " +
                     std::to_string(p.position) + ")");
  }
  if (!std::isfinite(temperature) || temperature <= 0.0f) {
    throw UsageError("--temperature must be a finite number > 0 (got " +
                     std::to_string(temperature) + ")");
  }
}

// [SECTION] Inputs: embeddings and projections

Inputs patchInputs(const core::Image& image, const PatchParams& params, float temperature) {
  checkPatchParams(params, temperature, image.width, image.height);
  const PatchGrid grid(image.width, image.height, params.patches, params.cls);
  const PatchFeatures f = patchFeatures(image, grid);
  const int patches = grid.patchCount(), tokens = grid.tokenCount(), first = params.cls ? 1 : 0;

  // Features of every token: the CLS row is the mean content and position 0.
  Matrix features = Matrix::Zero(tokens, kPatchFeatures);
  features.block(first, 0, patches, kContentFeatures) = f.content;
  features.block(first, kContentFeatures, patches, kPositionFeatures) = f.position;
  if (params.cls) features.row(0).head(kContentFeatures) = f.content.colwise().mean();

  const int d = kPatchHeads * kDk;
  Inputs in;
  in.heads = kPatchHeads;
  in.temperature = temperature;
  in.tokens = grid.tokenNames();
  in.x = Matrix::Zero(tokens, d);
  in.proj.w_q = Matrix::Zero(d, d);
  in.proj.w_k = Matrix::Zero(d, d);
  in.proj.w_v = Matrix::Identity(d, d);
  in.proj.w_o = Matrix::Identity(d, d);
  for (Vector* b : {&in.proj.b_q, &in.proj.b_k, &in.proj.b_v, &in.proj.b_o})
    b->setZero(d);

  // d_k^¼ on both sides cancels the kernel's 1/√d_k.
  const auto s = static_cast<float>(std::pow(static_cast<double>(kDk), 0.25));
  for (int h = 0; h < kPatchHeads; ++h) {
    const HeadWeights& hw = kHeads[static_cast<size_t>(h)];
    Vector a(kPatchFeatures);
    a << hw.colour[0], hw.colour[1], hw.colour[2], hw.texture, hw.texture, hw.texture,
        Vector::Constant(kPositionFeatures, hw.position * params.position);
    const int c0 = h * kDk;
    for (int t = 0; t < tokens; ++t) {
      const Vector g = features.row(t).transpose().cwiseProduct(a);
      in.x.row(t).segment(c0, kPatchFeatures) = g.transpose();
      in.x(t, c0 + kPatchFeatures) = 1.0f;
      in.x(t, c0 + kPatchFeatures + 1) = g.squaredNorm();
    }
    for (int k = 0; k < kPatchFeatures; ++k) {
      in.proj.w_q(c0 + k, c0 + k) = s;
      in.proj.w_k(c0 + k, c0 + k) = s;
    }
    // q_i[1-slot] = s·1 meets k_j[same slot] = -½·s·‖g_j‖².
    in.proj.w_q(c0 + kPatchFeatures, c0 + kPatchFeatures) = s;
    in.proj.w_k(c0 + kPatchFeatures, c0 + kPatchFeatures + 1) = -0.5f * s;
  }
  return in;
}

}  // namespace attn
