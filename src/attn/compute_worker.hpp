// Runs the kernel on a background thread so the render thread never waits for it. Requests are
// "latest wins": a request submitted while another is pending replaces it. Finished results are
// handed over whole (a shared_ptr swap), never half-updated.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "attn/params.hpp"
#include "core/latest_worker.hpp"

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
  // The destructor finishes the running computation and drops a pending one.

  // Queues a computation; returns its generation number.
  uint64_t submit(const Params& params) { return m_worker.submit(params); }
  // The newest finished computation not yet taken, if any. Never blocks on the kernel.
  std::optional<Computed> takeFinished() { return m_worker.takeFinished(); }
  // True while a submitted request has not finished.
  bool busy() const { return m_worker.busy(); }
  // Blocks until every submitted request has finished (tests, headless rendering).
  void waitIdle() { m_worker.waitIdle(); }

 private:
  core::LatestWorker<Params, Computed> m_worker;
};

}  // namespace attn
