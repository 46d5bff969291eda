// The frame queue: every frame reaches a worker once, one worker sees them in order, the buffers
// are recycled and bounded (back-pressure), and the first error stops the queue and reaches the
// producer.
#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "core/error.hpp"
#include "record/frame_queue.hpp"
#include "record_fixture.hpp"

TEST_CASE("frame queue: one worker writes every frame once, in order") {
  std::vector<int> seen;
  std::vector<int> firstPixel;
  record::FrameQueue queue(1, 2, [&](const core::Image& frame, int index, int worker) {
    CHECK(worker == 0);
    seen.push_back(index);
    firstPixel.push_back(frame.rgba[2]);
  });
  core::Image frame;
  for (int i = 0; i < 50; ++i) {
    frame = record_test::testFrame(8, 4, i);
    queue.push(frame);
  }
  queue.drain();
  REQUIRE(seen.size() == 50);
  for (int i = 0; i < 50; ++i) {
    CHECK(seen[static_cast<size_t>(i)] == i);
    CHECK(firstPixel[static_cast<size_t>(i)] == record_test::testFrame(8, 4, i).rgba[2]);
  }
  CHECK(queue.completed() == 50);
  CHECK(queue.pushed() == 50);
}

TEST_CASE("frame queue: several workers write each index exactly once") {
  std::mutex mutex;
  std::multiset<int> seen;
  std::set<int> workers;
  record::FrameQueue queue(3, 2, [&](const core::Image&, int index, int worker) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    std::lock_guard lock(mutex);
    seen.insert(index);
    workers.insert(worker);
  });
  core::Image frame = record_test::testFrame(4, 4, 0);
  for (int i = 0; i < 60; ++i) {
    frame.width = 4, frame.height = 4, frame.rgba.resize(64);
    queue.push(frame);
  }
  queue.drain();
  CHECK(seen.size() == 60);
  for (int i = 0; i < 60; ++i)
    CHECK(seen.count(i) == 1);
  CHECK(workers.size() >= 2);  // the work was shared
  CHECK(queue.completed() == 60);
}

TEST_CASE("frame queue: buffers are recycled and bounded; the producer waits") {
  std::mutex mutex;
  std::set<const uint8_t*> buffers;
  std::atomic<bool> release{false};
  record::FrameQueue queue(1, 2, [&](const core::Image& frame, int, int) {
    {
      std::lock_guard lock(mutex);
      buffers.insert(frame.rgba.data());
    }
    while (!release)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  // 1 worker + 2 queued = 3 buffers in the queue: the 4th push waits for the worker.
  std::atomic<int> pushes{0};
  std::thread producer([&] {
    core::Image frame;
    for (int i = 0; i < 40; ++i) {
      // Fill in place; only a buffer never used before (empty) is allocated.
      if (frame.rgba.empty()) frame = record_test::testFrame(16, 16, 0);
      frame.rgba[0] = static_cast<uint8_t>(i);
      queue.push(frame);
      ++pushes;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(pushes == 3);
  release = true;
  producer.join();
  queue.drain();
  CHECK(pushes == 40);
  CHECK(queue.completed() == 40);
  CHECK(buffers.size() == 4);  // three queue buffers and the producer's first, reused 40 times
}

TEST_CASE("frame queue: the first error stops the queue and reaches the producer") {
  std::atomic<int> written{0};
  record::FrameQueue queue(1, 1, [&](const core::Image&, int index, int) {
    if (index == 3) throw core::DataError("disk said no at frame 3");
    ++written;
  });
  core::Image frame;
  bool thrown = false;
  for (int i = 0; i < 100 && !thrown; ++i) {
    frame = record_test::testFrame(4, 4, i);
    try {
      queue.push(frame);
    } catch (const core::DataError& e) {
      CHECK(std::string(e.what()) == "disk said no at frame 3");
      thrown = true;
    }
  }
  CHECK(thrown);
  CHECK_THROWS_WITH_AS(queue.drain(), "disk said no at frame 3", core::DataError);
  CHECK(written == 3);  // nothing after the failed frame
  CHECK(queue.completed() == 3);
}

TEST_CASE("frame queue: destroyed without drain it stops promptly") {
  std::atomic<int> written{0};
  {
    record::FrameQueue queue(1, 4, [&](const core::Image&, int, int) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      ++written;
    });
    core::Image frame;
    for (int i = 0; i < 5; ++i) {
      frame = record_test::testFrame(4, 4, i);
      queue.push(frame);
    }
  }
  CHECK(written <= 2);  // queued frames were dropped, not written
}
