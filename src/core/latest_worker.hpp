// A background thread that runs one job at a time, "latest wins": a request submitted while
// another is pending replaces it, and only the newest finished answer is kept. The render thread
// submits and polls; it never waits (except in waitIdle, for tests and headless rendering).
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace core {

template <typename Request, typename Answer>
class LatestWorker {
 public:
  // `job` runs on the worker thread only; it must not throw (turn errors into the answer).
  using Job = std::function<Answer(Request&&, uint64_t generation)>;

  explicit LatestWorker(Job job) : m_job(std::move(job)), m_thread([this] { run(); }) {}
  ~LatestWorker() {  // finishes the running job, drops a pending one
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
      m_pending.reset();
    }
    m_wake.notify_all();
    m_thread.join();
  }
  LatestWorker(const LatestWorker&) = delete;
  LatestWorker& operator=(const LatestWorker&) = delete;

  // Queues a request; returns its generation number (1, 2, …).
  uint64_t submit(Request request) {
    uint64_t generation = 0;
    {
      std::lock_guard lock(m_mutex);
      generation = ++m_submitted;
      m_pending.emplace(generation, std::move(request));
    }
    m_wake.notify_one();
    return generation;
  }
  // The newest finished answer not yet taken, if any.
  std::optional<Answer> takeFinished() {
    std::lock_guard lock(m_mutex);
    std::optional<Answer> out;
    out.swap(m_finished);
    return out;
  }
  // True while a submitted request has not finished.
  bool busy() const {
    std::lock_guard lock(m_mutex);
    return m_completed < m_submitted;
  }
  // Blocks until every submitted request has finished.
  void waitIdle() {
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_completed >= m_submitted; });
  }

 private:
  void run() {
    for (;;) {
      std::optional<std::pair<uint64_t, Request>> request;
      {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [this] { return m_stop || m_pending.has_value(); });
        if (m_stop) return;
        request.swap(m_pending);
      }
      const uint64_t generation = request->first;
      Answer answer = m_job(std::move(request->second), generation);
      {
        std::lock_guard lock(m_mutex);
        // Everything up to this generation is settled: requests it replaced will never run.
        m_completed = std::max(m_completed, generation);
        if (!m_pending) m_completed = m_submitted;
        m_finished = std::move(answer);
      }
      m_idle.notify_all();
    }
  }

  Job m_job;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;  // worker: a request or stop
  std::condition_variable m_idle;  // waitIdle: the queue drained
  std::optional<std::pair<uint64_t, Request>> m_pending;
  std::optional<Answer> m_finished;
  uint64_t m_submitted = 0;
  uint64_t m_completed = 0;
  bool m_stop = false;
  std::thread m_thread;  // last: starts after the members above exist
};

}  // namespace core
