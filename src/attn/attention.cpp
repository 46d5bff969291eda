// validate() and the fast forward() kernel.
//
// [SECTION] Validation
// [SECTION] Task pool (deterministic parallel-for over a fixed task list)
// [SECTION] Forward pass
//
// The forward pass is four phases, each a list of independent tasks whose split depends only on
// the problem's shape, never on the thread count, so every number is bit-identical whatever
// setKernelThreads() says:
//   1. projections   rows blocks of x / x_kv:  Q|K|V = x·Wᵀ + b (one GEMM each into a scratch
//                    [rows, D]) scattered into the [H, rows, d_k] head layout
//   2. attention     (head, query block):  scores = (q·kᵀ)/√d_k (GEMM into the scores buffer),
//                    row-wise masked softmax while the block is in cache, head_out = weights·v
//   3. output        row blocks:  concat = gather(head_out), out = concat·W_Oᵀ + b_O
//   4. PCA           per head (projectTo3D), scheduled with phase 2
// Every buffer lives in Result and is reused by forward(in, out): no allocation, and no page
// faults, on repeated calls of the same size.
#include "attn/attention.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "attn/mask.hpp"
#include "attn/pca.hpp"
#include "attn/result_shape.hpp"
#include "attn/softmax.hpp"
#include "core/error.hpp"

namespace attn {

// [SECTION] Validation

namespace {

std::string shapeText(Eigen::Index rows, Eigen::Index cols) {
  return "[" + std::to_string(rows) + ", " + std::to_string(cols) + "]";
}

template <typename Mat>
void requireShape(const char* name, const Mat& a, Eigen::Index rows, Eigen::Index cols) {
  if (a.rows() != rows || a.cols() != cols)
    throw core::DataError(std::string(name) + ": expected shape " + shapeText(rows, cols) +
                          ", got " + shapeText(a.rows(), a.cols()));
}

void requireLength(const char* name, Eigen::Index got, Eigen::Index expected) {
  if (got != expected)
    throw core::DataError(std::string(name) + ": expected shape [" + std::to_string(expected) +
                          "], got [" + std::to_string(got) + "]");
}

// Names the array and the first non-finite element's index (row-major order).
void requireFinite(const char* name, const Matrix& a) {
  // x·0 is 0 for finite x and NaN otherwise: one vectorised sum decides, and the loop below only
  // runs to name the culprit.
  if ((a.array() * 0.0f).sum() == 0.0f) return;
  for (Eigen::Index r = 0; r < a.rows(); ++r)
    for (Eigen::Index c = 0; c < a.cols(); ++c)
      if (!std::isfinite(a(r, c)))
        throw core::DataError(std::string(name) + ": non-finite value " + std::to_string(a(r, c)) +
                              " at [" + std::to_string(r) + ", " + std::to_string(c) + "]");
}

void requireFinite(const char* name, const Vector& a) {
  if ((a.array() * 0.0f).sum() == 0.0f) return;
  for (Eigen::Index i = 0; i < a.size(); ++i)
    if (!std::isfinite(a(i)))
      throw core::DataError(std::string(name) + ": non-finite value " + std::to_string(a(i)) +
                            " at [" + std::to_string(i) + "]");
}

}  // namespace

void validate(const Inputs& in) {
  // Sizes a user chose (usage errors) first, then arrays that disagree with them (data errors).
  if (in.heads <= 0) throw core::UsageError("heads must be >= 1, got " + std::to_string(in.heads));
  const Eigen::Index n = in.x.rows(), d = in.x.cols();
  if (n <= 0 || d <= 0)
    throw core::UsageError("x must hold at least one token of at least one dimension, got shape " +
                           shapeText(n, d));
  if (d % in.heads != 0)
    throw core::UsageError("d_model " + std::to_string(d) + " is not divisible by heads " +
                           std::to_string(in.heads));
  if (!std::isfinite(in.temperature) || in.temperature <= 0)
    throw core::UsageError("temperature must be a finite number > 0, got " +
                           std::to_string(in.temperature));
  if (!std::isfinite(1.0f / in.temperature))
    throw core::UsageError("temperature " + std::to_string(in.temperature) +
                           " is too small (its reciprocal overflows float)");
  if (in.mask.kind == MaskKind::Local && in.mask.window < 0)
    throw core::UsageError("local mask window must be >= 0, got " + std::to_string(in.mask.window));
  if (in.isCross() && (in.x_kv.rows() <= 0 || in.x_kv.cols() != d))
    throw core::DataError("x_kv: expected shape [M, " + std::to_string(d) + "] with M >= 1, got " +
                          shapeText(in.x_kv.rows(), in.x_kv.cols()));
  const Eigen::Index m = in.keySource().rows();

  requireShape("w_q", in.proj.w_q, d, d);
  requireShape("w_k", in.proj.w_k, d, d);
  requireShape("w_v", in.proj.w_v, d, d);
  requireShape("w_o", in.proj.w_o, d, d);
  requireLength("b_q", in.proj.b_q.size(), d);
  requireLength("b_k", in.proj.b_k.size(), d);
  requireLength("b_v", in.proj.b_v.size(), d);
  requireLength("b_o", in.proj.b_o.size(), d);
  if (in.explicit_mask.size() != 0) requireShape("explicit_mask", in.explicit_mask, n, m);
  if (!in.key_padding.empty())
    requireLength("key_padding", static_cast<Eigen::Index>(in.key_padding.size()), m);
  if (!in.tokens.empty()) requireLength("tokens", static_cast<Eigen::Index>(in.tokens.size()), n);
  if (!in.source_tokens.empty())
    requireLength("source_tokens", static_cast<Eigen::Index>(in.source_tokens.size()), m);

  requireFinite("x", in.x);
  if (in.isCross()) requireFinite("x_kv", in.x_kv);
  requireFinite("w_q", in.proj.w_q);
  requireFinite("w_k", in.proj.w_k);
  requireFinite("w_v", in.proj.w_v);
  requireFinite("w_o", in.proj.w_o);
  requireFinite("b_q", in.proj.b_q);
  requireFinite("b_k", in.proj.b_k);
  requireFinite("b_v", in.proj.b_v);
  requireFinite("b_o", in.proj.b_o);
}

// [SECTION] Task pool

namespace {

// Runs body(0 … count-1) on the calling thread plus `workers` persistent threads. Which thread runs
// which task varies; tasks must write disjoint memory. One job at a time.
class TaskPool {
 public:
  explicit TaskPool(int workers) {
    for (int t = 0; t < workers; ++t)
      m_threads.emplace_back([this] { workerLoop(); });
  }
  ~TaskPool() {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_wake.notify_all();
    for (std::thread& t : m_threads)
      t.join();
  }
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  int workers() const { return static_cast<int>(m_threads.size()); }

  void run(int count, const std::function<void(int)>& body) {
    {
      std::lock_guard lock(m_mutex);
      m_body = &body;
      m_count = count;
      m_next.store(0);
      m_pending = workers();
      m_error = nullptr;
      ++m_generation;
    }
    m_wake.notify_all();
    drain();
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [this] { return m_pending == 0; });
    m_body = nullptr;
    if (m_error) std::rethrow_exception(std::exchange(m_error, nullptr));
  }

 private:
  void workerLoop() {
    uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [&] { return m_stop || m_generation != seen; });
        if (m_stop) return;
        seen = m_generation;
      }
      drain();
      std::lock_guard lock(m_mutex);
      if (--m_pending == 0) m_done.notify_one();
    }
  }

  void drain() {
    for (int i = m_next.fetch_add(1); i < m_count; i = m_next.fetch_add(1)) {
      try {
        (*m_body)(i);
      } catch (...) {
        std::lock_guard lock(m_mutex);
        if (!m_error) m_error = std::current_exception();
      }
    }
  }

  std::vector<std::thread> m_threads;
  std::mutex m_mutex;
  std::condition_variable m_wake, m_done;
  const std::function<void(int)>* m_body = nullptr;
  int m_count = 0;
  std::atomic<int> m_next{0};
  int m_pending = 0;
  uint64_t m_generation = 0;
  bool m_stop = false;
  std::exception_ptr m_error;
};

std::atomic<int> g_threads{0};  // 0 = hardware concurrency
std::mutex g_poolMutex;         // guards g_pool and serialises jobs
std::unique_ptr<TaskPool> g_pool;

int resolvedThreads() {
  const int t = g_threads.load();
  if (t > 0) return t;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// Below this much work per job, waking threads costs more than it saves.
constexpr double kParallelFlops = 4e6;

// Runs body over [0, count). Serial when one thread is asked for, the job is small, or another
// forward() holds the pool (concurrent callers then simply run on their own thread).
void parallelFor(int count, double flops, const std::function<void(int)>& body) {
  // The pool's size follows the setting, not the job, so that small jobs do not re-create it.
  const int threads = resolvedThreads();
  if (threads > 1 && count > 1 && flops >= kParallelFlops) {
    std::unique_lock lock(g_poolMutex, std::try_to_lock);
    if (lock.owns_lock()) {
      if (!g_pool || g_pool->workers() != threads - 1)
        g_pool = std::make_unique<TaskPool>(threads - 1);
      g_pool->run(count, body);
      return;
    }
  }
  for (int i = 0; i < count; ++i)
    body(i);
}

}  // namespace

void setKernelThreads(int threads) {
  g_threads.store(std::max(0, threads));
}
int kernelThreads() {
  return resolvedThreads();
}

// [SECTION] Forward pass

namespace {

// Fixed block sizes (multiples of Eigen's 48-row AVX-512 micro-kernel) keep the task split, and
// with it every rounding, independent of the thread count.
constexpr int kProjectionRows = 96;
constexpr int kOutputRows = 96;

// Query rows per attention task: the [rows, M] scores and weights blocks should stay in L2 while
// the softmax and the weights·v product read them back.
int attentionRows(int m) {
  const int rows = (96 * 2048) / std::max(m, 1);
  return std::clamp(rows / 48 * 48, 48, 384);
}

int blocks(int total, int block) {
  return (total + block - 1) / block;
}

// full: [rows, D] -> stack rows [r0, r0+rows) of every head: [H, *, d_k]
void scatterHeads(const Eigen::Ref<const Matrix>& full, int r0, HeadStack& stack) {
  const int d_k = stack.cols();
  for (int h = 0; h < stack.heads(); ++h)
    stack.head(h).middleRows(r0, full.rows()) = full.middleCols(h * d_k, d_k);
}

}  // namespace

Result forward(const Inputs& in) {
  Result r;
  forward(in, r);
  return r;
}

void forward(const Inputs& in, Result& r) {
  validate(in);
  const Matrix& x = in.x;               // [N, D]
  const Matrix& x_kv = in.keySource();  // [M, D]
  setResultShape(in, r);
  const int n = r.n, m = r.m, d = r.d_model, heads = r.heads, d_k = r.d_k;
  r.q.resize(heads, n, d_k);
  r.k.resize(heads, m, d_k);
  r.v.resize(heads, m, d_k);
  r.scores.resize(heads, n, m);
  r.weights.resize(heads, n, m);
  r.head_out.resize(heads, n, d_k);
  r.concat.resize(n, d);
  r.out.resize(n, d);

  // mask: [N, M], shared by every head; one KeyRange per query row.
  buildMaskInto(in, n, m, r.mask);
  const bool unmasked = masksNothing(in);
  std::vector<KeyRange> ranges(static_cast<size_t>(n));
  r.fully_masked_rows.clear();
  for (int i = 0; i < n; ++i) {
    ranges[static_cast<size_t>(i)] = keyRange(unmasked ? nullptr : r.mask.row(i).data(), m);
    if (ranges[static_cast<size_t>(i)].empty()) r.fully_masked_rows.push_back(i);
  }

  // 1. q: [H, N, d_k], k, v: [H, M, d_k]. r.out serves as the [rows, D] scratch (rows <= N) for
  // the queries, r.concat for keys and values: both are overwritten in phase 3.
  const double dd = double(d) * d;
  {
    const int qBlocks = blocks(n, kProjectionRows);
    const int kvBlocks = blocks(m, kProjectionRows);
    // Cross-attention: the key scratch may be taller than N rows; give it its own buffer. The
    // values get their own scratch too, so that K and V blocks are separate tasks (finer tasks
    // balance two threads better at small sizes): the weights buffer, overwritten in phase 2,
    // when it is large enough.
    Matrix kScratchStorage, vScratchStorage;
    Matrix* kScratchPtr = &r.concat;
    if (m > n) {
      kScratchStorage.resize(m, d);
      kScratchPtr = &kScratchStorage;
    }
    const size_t kvSize = static_cast<size_t>(m) * static_cast<size_t>(d);
    float* vScratchData = nullptr;
    if (r.weights.data().size() >= kvSize) {
      vScratchData = r.weights.data().data();
    } else {
      vScratchStorage.resize(m, d);
      vScratchData = vScratchStorage.data();
    }
    Eigen::Map<Matrix> vScratch(vScratchData, m, d);
    Matrix& kScratch = *kScratchPtr;
    parallelFor(qBlocks + 2 * kvBlocks, 2.0 * (n + 2.0 * m) * dd, [&](int task) {
      if (task < qBlocks) {
        const int r0 = task * kProjectionRows, rows = std::min(kProjectionRows, n - r0);
        auto q = r.out.middleRows(r0, rows);  // [rows, D]
        q.noalias() = x.middleRows(r0, rows) * in.proj.w_q.transpose();
        q.rowwise() += in.proj.b_q.transpose();
        scatterHeads(q, r0, r.q);
        return;
      }
      task -= qBlocks;
      const bool isV = task >= kvBlocks;
      if (isV) task -= kvBlocks;
      const int r0 = task * kProjectionRows, rows = std::min(kProjectionRows, m - r0);
      const auto src = x_kv.middleRows(r0, rows);
      if (!isV) {
        auto kv = kScratch.middleRows(r0, rows);  // [rows, D]
        kv.noalias() = src * in.proj.w_k.transpose();
        kv.rowwise() += in.proj.b_k.transpose();
        scatterHeads(kv, r0, r.k);
      } else {
        auto kv = vScratch.middleRows(r0, rows);  // [rows, D]
        kv.noalias() = src * in.proj.w_v.transpose();
        kv.rowwise() += in.proj.b_v.transpose();
        scatterHeads(kv, r0, r.v);
      }
    });
  }

  // 2. scores, weights: [H, N, M]; head_out: [H, N, d_k]
  {
    const int rowsPerTask = attentionRows(m);
    const int qBlocks = blocks(n, rowsPerTask);
    const float scale = 1.0f / std::sqrt(static_cast<float>(d_k));
    const float invT = 1.0f / in.temperature;
    // The per-head PCA (phase 4) needs only q, k, v: its tasks go first in the same list.
    r.pca.resize(static_cast<size_t>(heads));
    parallelFor(heads + heads * qBlocks, 4.0 * n * m * d, [&](int task) {
      if (task < heads) {
        projectHeadTo3D(r, task);
        return;
      }
      task -= heads;
      const int h = task / qBlocks;
      const int r0 = (task % qBlocks) * rowsPerTask, rows = std::min(rowsPerTask, n - r0);
      const auto q = r.q.head(h).middleRows(r0, rows);        // [rows, d_k]
      const auto k = r.k.head(h);                             // [M, d_k]
      const auto v = r.v.head(h);                             // [M, d_k]
      auto scores = r.scores.head(h).middleRows(r0, rows);    // [rows, M]
      auto weights = r.weights.head(h).middleRows(r0, rows);  // [rows, M]
      scores.noalias() = (scale * q) * k.transpose();
      // Softmax while the block is hot; note the columns any row of the block may see.
      int lo = m, hi = -1;
      for (int i = 0; i < rows; ++i) {
        const KeyRange range = ranges[static_cast<size_t>(r0 + i)];
        const uint8_t* maskRow = unmasked ? nullptr : r.mask.row(r0 + i).data();
        softmaxRow(scores.row(i).data(), maskRow, range, m, invT, weights.row(i).data());
        if (!range.empty()) {
          lo = std::min(lo, range.lo);
          hi = std::max(hi, range.hi);
        }
      }
      // head_out = weights·v over the keys the block can see (a causal block skips the
      // all-zero upper columns; adding their exact zeros would change nothing).
      auto headOut = r.head_out.head(h).middleRows(r0, rows);  // [rows, d_k]
      if (hi < lo) {
        headOut.setZero();
      } else {
        const int cols = hi - lo + 1;
        headOut.noalias() = weights.middleCols(lo, cols) * v.middleRows(lo, cols);
      }
    });
  }

  // 3. concat, out: [N, D]
  {
    const int oBlocks = blocks(n, kOutputRows);
    parallelFor(oBlocks, 2.0 * n * dd, [&](int task) {
      const int r0 = task * kOutputRows, rows = std::min(kOutputRows, n - r0);
      auto concat = r.concat.middleRows(r0, rows);
      for (int h = 0; h < heads; ++h)
        concat.middleCols(h * d_k, d_k) = r.head_out.head(h).middleRows(r0, rows);
      auto out = r.out.middleRows(r0, rows);
      out.noalias() = concat * in.proj.w_o.transpose();
      out.rowwise() += in.proj.b_o.transpose();
    });
  }
}

}  // namespace attn
