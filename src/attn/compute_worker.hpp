// Runs the kernel on a background thread so the render thread never waits for it. Requests are
// "latest wins": a request submitted while another is pending replaces it. Finished results are
// handed over whole (a shared_ptr swap), never half-updated.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "attn/params.hpp"

namespace attn {

struct Computed {
  uint64_t generation = 0;  // the submit() that produced it (1, 2, …)
  Params params;
  std::shared_ptr<const Result> result;  // null when the parameters were refused
  std::string error;                     // why they were refused (a core::Error message)
  double kernel_ms = 0;                  // forward() wall time
};

// Turns the parameters into kernel inputs: makeInputs, or a user's file with the parameters
// applied.
using InputMaker = std::function<Inputs(const Params&)>;

class ComputeWorker {
 public:
  explicit ComputeWorker(InputMaker makeInputs = attn::makeInputs);
  ~ComputeWorker();  // finishes the running computation, drops pending ones
  ComputeWorker(const ComputeWorker&) = delete;
  ComputeWorker& operator=(const ComputeWorker&) = delete;

  // Queues a computation; returns its generation number.
  uint64_t submit(const Params& params);
  // The newest finished computation not yet taken, if any. Never blocks on the kernel.
  std::optional<Computed> takeFinished();
  // True while a submitted request has not finished.
  bool busy() const;
  // Blocks until every submitted request has finished (tests, headless rendering).
  void waitIdle();

 private:
  void run();

  InputMaker m_makeInputs;  // called on the worker thread only
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;  // worker: a request or stop
  std::condition_variable m_idle;  // waitIdle: the queue drained
  std::optional<std::pair<uint64_t, Params>> m_pending;
  std::optional<Computed> m_finished;
  uint64_t m_submitted = 0;
  uint64_t m_completed = 0;
  bool m_stop = false;
  std::thread m_thread;  // last: starts after the members above exist
};

}  // namespace attn
