#include "attn/compute_worker.hpp"

#include <chrono>

#include "core/error.hpp"

namespace attn {

ComputeWorker::ComputeWorker(InputMaker makeInputs)
    : m_makeInputs(std::move(makeInputs)), m_thread([this] { run(); }) {}

ComputeWorker::~ComputeWorker() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
    m_pending.reset();
  }
  m_wake.notify_all();
  m_thread.join();
}

uint64_t ComputeWorker::submit(const Params& params) {
  uint64_t generation = 0;
  {
    std::lock_guard lock(m_mutex);
    generation = ++m_submitted;
    m_pending.emplace(generation, params);
  }
  m_wake.notify_one();
  return generation;
}

std::optional<Computed> ComputeWorker::takeFinished() {
  std::lock_guard lock(m_mutex);
  std::optional<Computed> out;
  out.swap(m_finished);
  return out;
}

bool ComputeWorker::busy() const {
  std::lock_guard lock(m_mutex);
  return m_completed < m_submitted;
}

void ComputeWorker::waitIdle() {
  std::unique_lock lock(m_mutex);
  m_idle.wait(lock, [this] { return m_completed >= m_submitted; });
}

void ComputeWorker::run() {
  for (;;) {
    std::pair<uint64_t, Params> request;
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait(lock, [this] { return m_stop || m_pending.has_value(); });
      if (m_stop) return;
      request = std::move(*m_pending);
      m_pending.reset();
    }

    Computed done;
    done.generation = request.first;
    done.params = request.second;
    auto start = std::chrono::steady_clock::now();
    try {
      done.result = std::make_shared<const Result>(forward(m_makeInputs(done.params)));
    } catch (const core::Error& e) {
      done.error = e.what();
    } catch (const std::bad_alloc&) {
      done.error = "out of memory for these sizes";
    }
    done.kernel_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

    {
      std::lock_guard lock(m_mutex);
      // Everything up to this generation is settled: requests it replaced will never run.
      m_completed = std::max(m_completed, done.generation);
      if (!m_pending) m_completed = m_submitted;
      m_finished = std::move(done);
    }
    m_idle.notify_all();
  }
}

}  // namespace attn
