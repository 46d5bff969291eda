// A recording session: a fixed time step over a range of the animation, frame i showing
// t = start + i / fps (never the wall clock, so no frame is dropped or repeated however slow the
// machine is, and two recordings are identical), frames handed to a sink, progress, cancel.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "record/frame_sink.hpp"
#include "record/settings.hpp"

namespace record {

struct Plan {
  int fps = 30;
  double start = 0.0;  // seconds of animation time
  int frames = 0;

  // Computed from the index, not accumulated, so frame i's time is exact whatever came before.
  double timeAt(int frame) const { return start + static_cast<double>(frame) / fps; }
  double end() const { return timeAt(frames); }  // one step past the last frame
};

// Frames from the range at `fps`: [start, end) or [start, start + duration), rounded to whole
// frames, or `frames` from start; the whole animation (`animationDuration`) by default. Throws
// core::UsageError for contradictory or empty ranges.
Plan makePlan(const Range& range, int fps, double animationDuration);

inline constexpr int kMaxFrames = 1'000'000;  // 9 hours at 30 fps

struct Progress {
  int done = 0, total = 0;  // frames handed to the sink
  double seconds = 0.0;     // wall time since the start (for the rate only)
  double fps() const { return seconds > 0.0 ? done / seconds : 0.0; }
  double secondsLeft() const { return done > 0 ? (total - done) * seconds / done : 0.0; }
};

// "[#########...........]  120/300 frames  24.5 fps  0:07 left" (bar `width` characters).
std::string progressLine(const Progress& progress, int width = 24);

class Recording {
 public:
  Recording(const Plan& plan, std::unique_ptr<FrameSink> sink);
  ~Recording();

  const Plan& plan() const { return m_plan; }
  FrameSink& sink() { return *m_sink; }
  // Frames handed to the sink; the next push() is this frame.
  int pushed() const { return m_pushed; }
  bool complete() const { return m_pushed == m_plan.frames; }

  // Hands the next frame to the sink (see FrameSink::push: `frame` comes back as a free buffer).
  void push(core::Image& frame);

  // Asks the producer to stop after the frames already rendered. Safe from any thread.
  void cancel() { m_cancelled = true; }
  bool cancelled() const { return m_cancelled; }

  // Completes the output with the frames pushed so far (all of them, or fewer after cancel()).
  // With no frame at all nothing is written (a video of zero frames is no video). Throws like
  // FrameSink::finish().
  void finish();

  Progress progress() const;
  // "recorded 300 frames (1920x1080 at 30 fps, 10.00 s) to MP4 (H.264) out.mp4 in 12.3 s
  // (24.4 frames/s)", or "stopped after 120 of 300 frames (…), all written to …".
  std::string summary(int width, int height) const;

 private:
  using Clock = std::chrono::steady_clock;
  Plan m_plan;
  std::unique_ptr<FrameSink> m_sink;
  int m_pushed = 0;
  std::atomic<bool> m_cancelled{false};
  Clock::time_point m_started;
  double m_finishedSeconds = -1.0;
};

}  // namespace record
