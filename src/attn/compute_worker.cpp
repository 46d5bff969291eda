#include "attn/compute_worker.hpp"

#include <chrono>

#include "core/error.hpp"

namespace attn {
namespace {

Computed compute(const InputMaker& makeInputs, Params&& params, uint64_t generation) {
  Computed done;
  done.generation = generation;
  done.params = std::move(params);
  const auto start = std::chrono::steady_clock::now();
  try {
    done.result = std::make_shared<const Result>(forward(makeInputs(done.params)));
  } catch (const core::Error& e) {
    done.error = e.what();
  } catch (const std::bad_alloc&) {
    done.error = "out of memory for these sizes";
  }
  done.kernel_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return done;
}

}  // namespace

ComputeWorker::ComputeWorker(InputMaker makeInputs)
    : m_worker([makeInputs = std::move(makeInputs)](Params&& params, uint64_t generation) {
        return compute(makeInputs, std::move(params), generation);
      }) {}

}  // namespace attn
