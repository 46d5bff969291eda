// Attention kernel throughput against a plain Eigen GEMM measured in the same run.
//
//   kernel_bench [runs]     (default 7 timed runs per figure, median reported)
//
// FLOPs counted per forward pass (self-attention, N = M):
//   projections  4 · 2·N·D²   (Q, K, V and the output projection)
//   q·kᵀ         2·N·M·D      (all heads together)
//   weights·v    2·N·M·D
// Softmax, masks and the PCA are not counted, though their time is: "forward" is the whole
// forward(in, out) call with reused buffers, PCA included; "pca" is projectTo3D alone.
// The GEMM reference is Eigen's single-threaded float product [N, D]·[D, D]ᵀ (the shape of a
// projection) and a square [S, S]·[S, S] with S = 1024; the kernel's rate is compared with the
// better of the two, once with one thread and once with the default thread count.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "attn/attention.hpp"
#include "core/rng.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// Median wall time in seconds of `runs` calls, after one untimed warm-up call.
double medianSeconds(int runs, const std::function<void()>& body) {
  body();
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    body();
    t.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

attn::Matrix randomMatrix(core::Rng& rng, int rows, int cols, float scale) {
  attn::Matrix a(rows, cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      a(r, c) = scale * rng.normal();
  return a;
}

attn::Inputs makeBenchInputs(int n, int d, int heads) {
  core::Rng rng(12345);
  const float w = 1.0f / std::sqrt(static_cast<float>(d));
  attn::Inputs in;
  in.heads = heads;
  in.x = randomMatrix(rng, n, d, 1.0f);
  for (attn::Matrix* m : {&in.proj.w_q, &in.proj.w_k, &in.proj.w_v, &in.proj.w_o})
    *m = randomMatrix(rng, d, d, w);
  for (attn::Vector* b : {&in.proj.b_q, &in.proj.b_k, &in.proj.b_v, &in.proj.b_o})
    *b = attn::Vector::Zero(d);
  return in;
}

// Single-threaded Eigen float GEMM rate (GFLOP/s) for C[rows, cols] = A[rows, inner]·B[cols,
// inner]ᵀ.
double gemmRate(int rows, int inner, int cols, int runs) {
  core::Rng rng(7);
  const attn::Matrix a = randomMatrix(rng, rows, inner, 1.0f);
  const attn::Matrix b = randomMatrix(rng, cols, inner, 1.0f);
  attn::Matrix c(rows, cols);
  const double s = medianSeconds(runs, [&] { c.noalias() = a * b.transpose(); });
  return 2.0 * rows * inner * cols / s * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
  const int threads = attn::kernelThreads();
  struct Case {
    int n, d, heads;
  };
  const Case cases[] = {{64, 64, 4}, {256, 256, 8}, {1024, 512, 8}, {2048, 768, 12}};

  const double squareRate = gemmRate(1024, 1024, 1024, runs);
  std::printf(
      "attention kernel, self-attention, no mask; median of %d runs; %d threads available\n", runs,
      threads);
  std::printf("Eigen float GEMM [1024,1024]x[1024,1024]: %.1f GFLOP/s (1 thread)\n\n", squareRate);
  const std::string multi = "fwd " + std::to_string(threads) + " thr";
  std::printf("%5s %4s %3s | %10s | %10s %8s %6s | %10s %8s %6s | %8s %5s\n", "N", "D", "H",
              "GEMM N,D,D", "fwd 1 thr", "GFLOP/s", "ratio", multi.c_str(), "GFLOP/s", "ratio",
              "pca", "pca%");
  for (const Case& c : cases) {
    const attn::Inputs in = makeBenchInputs(c.n, c.d, c.heads);
    const double n = c.n, d = c.d;
    const double flops = 4 * 2 * n * d * d + 2 * n * n * d + 2 * n * n * d;
    const double projRate = gemmRate(c.n, c.d, c.d, runs);
    const double gemm = std::max(projRate, squareRate);

    attn::Result r;
    attn::setKernelThreads(1);
    const double t1 = medianSeconds(runs, [&] { attn::forward(in, r); });
    attn::setKernelThreads(0);
    const double tn = medianSeconds(runs, [&] { attn::forward(in, r); });
    const double pca = medianSeconds(runs, [&] { attn::projectTo3D(r); });
    const double rate1 = flops / t1 * 1e-9, raten = flops / tn * 1e-9;
    std::printf(
        "%5d %4d %3d | %10.1f | %8.3fms %8.1f %5.0f%% | %8.3fms %8.1f %5.0f%% | %6.3fms %4.0f%%\n",
        c.n, c.d, c.heads, projRate, t1 * 1e3, rate1, 100 * rate1 / gemm, tn * 1e3, raten,
        100 * raten / gemm, pca * 1e3, 100 * pca / tn);
  }
  std::printf(
      "\nratio = kernel GFLOP/s / max(GEMM N·D², GEMM 1024³), both single-threaded Eigen; fwd "
      "includes softmax, masks and PCA; pca%% = projectTo3D share of the multi-threaded "
      "forward.\n");
  return 0;
}
