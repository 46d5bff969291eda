// Attention kernel throughput against a plain Eigen GEMM measured in the same run.
//
//   kernel_bench [runs]     (default 7 timed rounds per case, medians reported)
//
// FLOPs counted per forward pass (self-attention, N = M):
//   projections  4 · 2·N·D²   (Q, K, V and the output projection)
//   q·kᵀ         2·N·M·D      (all heads together)
//   weights·v    2·N·M·D
// Softmax, masks and the PCA are not counted, though their time is: "fwd" is the whole
// forward(in, out) call with reused buffers (every weight matrix materialised, PCA included);
// "pca" is projectTo3D alone, on one thread.
// The GEMM reference is Eigen's single-threaded float product C = A·Bᵀ, both [N, D]·[D, D]ᵀ (a
// projection's shape) and [1024, 1024]·[1024, 1024]ᵀ; the kernel is compared with the better of
// the two. Each round times the GEMMs and the kernel back to back, so that a machine shared with
// other work slows both alike; ratios use the medians. "cpu ratio" repeats the 1-thread ratio
// with thread CPU time instead of wall time, which time-slicing by other processes does not
// inflate; the load average is printed before and after because this machine is shared.
//
// "floor" is the time the case's FLOPs take at the cores' peak: every core issuing fused
// multiply-adds on full vector registers with no memory access at all (measured first, AVX2+FMA
// builds only). No kernel can be faster than that on this machine.
#include <time.h>
#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "attn/attention.hpp"
#include "core/rng.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds(const std::function<void()>& body) {
  const auto start = Clock::now();
  body();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU seconds the calling thread spent in body.
double cpuSeconds(const std::function<void()>& body) {
  timespec a{}, b{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
  body();
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
  return double(b.tv_sec - a.tv_sec) + 1e-9 * double(b.tv_nsec - a.tv_nsec);
}

std::string loadAverage() {
  std::FILE* f = std::fopen("/proc/loadavg", "r");
  if (f == nullptr) return "?";
  char buf[64] = {};
  const size_t got = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  std::string text(buf, got);
  return text.substr(0, text.find(' ', text.find(' ', text.find(' ') + 1) + 1));
}

double median(std::vector<double> t) {
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

// C[rows, cols] = A[rows, inner]·B[cols, inner]ᵀ, Eigen float, one thread.
struct Gemm {
  attn::Matrix a, b, c;
  double flops;
  Gemm(int rows, int inner, int cols) : flops(2.0 * rows * inner * cols) {
    core::Rng rng(7);
    a = randomMatrix(rng, rows, inner, 1.0f);
    b = randomMatrix(rng, cols, inner, 1.0f);
    c.resize(rows, cols);
  }
  void run() { c.noalias() = a * b.transpose(); }
};

}  // namespace

// GFLOP/s of one thread issuing nothing but independent 8-wide FMAs from registers; 0 without
// AVX2+FMA.
double fmaPeakGflops() {
#if defined(__AVX2__) && defined(__FMA__)
  constexpr int kChains = 12;  // independent accumulators: enough to hide the FMA latency
  constexpr long kIterations = 50'000'000;
  __m256 acc[kChains];
#pragma GCC unroll 12
  for (int i = 0; i < kChains; ++i)  // distinct, or the compiler merges equal chains
    acc[i] = _mm256_set1_ps(1.0f + 0.01f * static_cast<float>(i));
  const __m256 b = _mm256_set1_ps(0.9999999f), c = _mm256_set1_ps(1e-7f);
  const auto start = Clock::now();  // timed inline: a lambda would keep acc in memory
  for (long n = 0; n < kIterations; ++n) {
#pragma GCC unroll 12
    for (int i = 0; i < kChains; ++i)
      acc[i] = _mm256_fmadd_ps(acc[i], b, c);
  }
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  __m256 sum = acc[0];
  for (int i = 1; i < kChains; ++i)
    sum = _mm256_add_ps(sum, acc[i]);
  volatile float sink = _mm256_cvtss_f32(sum);  // keeps the loop
  (void)sink;
  return 2.0 * 8 * kChains * static_cast<double>(kIterations) / s * 1e-9;
#else
  return 0.0;
#endif
}

// The peak of `threads` cores running the FMA loop at once (best of three).
double fmaPeakGflops(int threads) {
  double best = 0.0;
  for (int round = 0; round < 3; ++round) {
    std::vector<double> rates(static_cast<size_t>(threads));
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
      workers.emplace_back([&rates, t] { rates[static_cast<size_t>(t)] = fmaPeakGflops(); });
    for (std::thread& w : workers)
      w.join();
    double total = 0.0;
    for (const double r : rates)
      total += r;
    best = std::max(best, total);
  }
  return best;
}

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
  const int threads = attn::kernelThreads();
  struct Case {
    int n, d, heads;
  };
  const Case cases[] = {{64, 64, 4}, {256, 256, 8}, {1024, 512, 8}, {2048, 768, 12}};

  std::printf("attention kernel: self-attention, no mask, forward(in, out) reusing buffers\n");
  std::printf("median of %d rounds; kernel threads: 1 and %d (hardware); load average %s\n", runs,
              threads, loadAverage().c_str());
  const double peak1 = fmaPeakGflops(1), peakAll = fmaPeakGflops(threads);
  if (peakAll > 0.0) {
    std::printf("FMA peak: %.1f GFLOP/s on 1 core, %.1f on %d\n\n", peak1, peakAll, threads);
  } else {
    std::printf("FMA peak: not measured (built without AVX2+FMA)\n\n");
  }
  std::printf("%5s %4s %3s | %8s %8s | %10s %7s %6s %6s | %10s %7s %6s %8s | %8s %5s\n", "N", "D",
              "H", "GEMM NDD", "GEMM 1k", "fwd 1 thr", "GFLOP/s", "ratio", "cpu",
              ("fwd " + std::to_string(threads) + " thr").c_str(), "GFLOP/s", "ratio", "floor",
              "pca", "pca%");
  for (const Case& c : cases) {
    const attn::Inputs in = makeBenchInputs(c.n, c.d, c.heads);
    const double n = c.n, d = c.d;
    const double flops = 4 * 2 * n * d * d + 2 * n * n * d + 2 * n * n * d;
    Gemm projection(c.n, c.d, c.d), square(1024, 1024, 1024);
    attn::Result r;
    // Warm-up: first touches of every buffer (page faults are slow here) and the thread pool.
    projection.run();
    square.run();
    attn::setKernelThreads(0);
    attn::forward(in, r);

    std::vector<double> tProj, tSquare, t1, tn, tPca, cProj, cSquare, c1;
    for (int i = 0; i < runs; ++i) {
      tProj.push_back(seconds([&] { cProj.push_back(cpuSeconds([&] { projection.run(); })); }));
      tSquare.push_back(seconds([&] { cSquare.push_back(cpuSeconds([&] { square.run(); })); }));
      attn::setKernelThreads(1);
      t1.push_back(seconds([&] { c1.push_back(cpuSeconds([&] { attn::forward(in, r); })); }));
      tPca.push_back(seconds([&] { attn::projectTo3D(r); }));
      attn::setKernelThreads(0);
      tn.push_back(seconds([&] { attn::forward(in, r); }));
    }
    const double projRate = projection.flops / median(tProj) * 1e-9;
    const double squareRate = square.flops / median(tSquare) * 1e-9;
    const double gemm = std::max(projRate, squareRate);
    const double rate1 = flops / median(t1) * 1e-9, raten = flops / median(tn) * 1e-9;
    const double cpuGemm =
        std::max(projection.flops / median(cProj), square.flops / median(cSquare));
    const double cpuRatio = flops / median(c1) / cpuGemm;
    std::printf(
        "%5d %4d %3d | %8.1f %8.1f | %8.3fms %7.1f %5.0f%% %5.0f%% | %8.3fms %7.1f %5.0f%% "
        "%6.3fms | %6.3fms %4.0f%%\n",
        c.n, c.d, c.heads, projRate, squareRate, median(t1) * 1e3, rate1, 100 * rate1 / gemm,
        100 * cpuRatio, median(tn) * 1e3, raten, 100 * raten / gemm,
        peakAll > 0.0 ? flops / peakAll * 1e-6 : 0.0, median(tPca) * 1e3,
        100 * median(tPca) / median(t1));
  }
  std::printf(
      "\nGEMM columns: single-threaded Eigen GFLOP/s for [N,D]x[D,D] and [1024,1024]^2.\n"
      "ratio = kernel GFLOP/s / the better GEMM (wall time); cpu = the same for 1 thread in "
      "thread\n"
      "CPU time. floor = the FLOPs at the FMA peak of all cores. pca%% = projectTo3D time /\n"
      "1-thread forward. Load average at the end: %s\n",
      loadAverage().c_str());
  return 0;
}
