#include "record/frame_queue.hpp"

#include <cassert>

namespace record {

FrameQueue::FrameQueue(int workers, int capacity, Job job) : m_job(std::move(job)) {
  assert(workers >= 1 && capacity >= 1);
  // Queued frames plus one being written per worker; the producer holds one more of its own.
  m_free.resize(static_cast<size_t>(workers + capacity));
  m_threads.reserve(static_cast<size_t>(workers));
  for (int w = 0; w < workers; ++w)
    m_threads.emplace_back([this, w] { work(w); });
}

FrameQueue::~FrameQueue() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
    m_queued.clear();
  }
  m_workReady.notify_all();
  for (auto& thread : m_threads)
    if (thread.joinable()) thread.join();
}

void FrameQueue::push(core::Image& frame) {
  std::unique_lock lock(m_mutex);
  m_bufferFree.wait(lock, [&] { return !m_free.empty() || m_error || m_stopping; });
  if (m_error) std::rethrow_exception(m_error);
  assert(!m_stopping && "push() after drain()");
  core::Image spare = std::move(m_free.back());
  m_free.pop_back();
  m_queued.push_back({m_nextIndex++, std::move(frame)});
  frame = std::move(spare);
  lock.unlock();
  m_workReady.notify_one();
}

void FrameQueue::drain() {
  {
    std::unique_lock lock(m_mutex);
    m_bufferFree.wait(lock, [&] { return (m_queued.empty() && m_running == 0) || m_error; });
    m_stopping = true;
    m_queued.clear();
  }
  m_workReady.notify_all();
  for (auto& thread : m_threads)
    if (thread.joinable()) thread.join();
  std::lock_guard lock(m_mutex);
  if (m_error) std::rethrow_exception(m_error);
}

void FrameQueue::work(int worker) {
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_workReady.wait(lock, [&] { return !m_queued.empty() || m_stopping; });
    if (m_queued.empty()) return;  // stopping
    Item item = std::move(m_queued.front());
    m_queued.pop_front();
    ++m_running;
    lock.unlock();
    bool ok = true;
    try {
      m_job(item.frame, item.index, worker);
    } catch (...) {
      ok = false;
      lock.lock();
      if (!m_error) m_error = std::current_exception();
      // Nothing after a failure is written: a gap would make a short sequence look complete.
      for (Item& dropped : m_queued)
        m_free.push_back(std::move(dropped.frame));
      m_queued.clear();
      lock.unlock();
    }
    lock.lock();
    --m_running;
    if (ok) ++m_completed;
    m_free.push_back(std::move(item.frame));
    m_bufferFree.notify_all();
  }
}

}  // namespace record
