// The bounded hand-over between the render thread and the threads that encode and write frames:
// a fixed set of frame buffers circulates (filled by the producer, queued, written by a worker,
// free again), so memory stays bounded and no buffer is ever allocated twice; when every buffer
// is busy the producer waits (back-pressure). The first error a worker hits stops the queue and
// is rethrown to the producer.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/image.hpp"

namespace record {

class FrameQueue {
 public:
  // Writes frame `index` on worker thread `worker` (0 .. workers-1); throws to fail the queue.
  using Job = std::function<void(const core::Image& frame, int index, int worker)>;

  // `capacity`: frames that may wait for a worker (besides one being written per worker).
  FrameQueue(int workers, int capacity, Job job);
  // Stops without waiting for queued frames (they are dropped); running jobs finish first.
  ~FrameQueue();
  FrameQueue(const FrameQueue&) = delete;
  FrameQueue& operator=(const FrameQueue&) = delete;

  // Queues `frame` as the next index and swaps a free buffer into `frame` (empty the first few
  // times: the producer sizes it). Blocks while none is free. Rethrows the first job error.
  void push(core::Image& frame);
  // Waits until every queued frame is written, then stops the workers. Rethrows the first job
  // error. Idempotent.
  void drain();

  int completed() const { return m_completed.load(); }  // jobs that returned normally
  int pushed() const { return m_nextIndex; }

 private:
  struct Item {
    int index = 0;
    core::Image frame;
  };
  void work(int worker);

  Job m_job;
  mutable std::mutex m_mutex;
  std::condition_variable m_workReady, m_bufferFree;
  std::deque<Item> m_queued;
  std::vector<core::Image> m_free;
  int m_nextIndex = 0;
  int m_running = 0;
  bool m_stopping = false;
  std::exception_ptr m_error;
  std::atomic<int> m_completed{0};
  std::vector<std::thread> m_threads;
};

}  // namespace record
