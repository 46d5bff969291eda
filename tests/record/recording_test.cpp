// The recording session: frame i at t = start + i / fps, ranges and their errors, progress text,
// cancel, and the summary.
#include <doctest/doctest.h>

#include <memory>

#include "core/error.hpp"
#include "record/recording.hpp"
#include "record_fixture.hpp"

namespace {

// Counts what it is given.
class CountingSink final : public record::FrameSink {
 public:
  int pushed = 0, finished = 0;
  void push(core::Image&) override { ++pushed; }
  void finish() override { ++finished; }
  int framesWritten() const override { return pushed; }
  std::string describe() const override { return "counting sink"; }
};

}  // namespace

TEST_CASE("plan: the whole animation by default, frame i at start + i / fps") {
  const record::Plan plan = record::makePlan({}, 30, 10.0);
  CHECK(plan.frames == 300);
  CHECK(plan.start == 0.0);
  CHECK(plan.timeAt(0) == 0.0);
  CHECK(plan.timeAt(299) == 299.0 / 30.0);
  CHECK(plan.end() == 10.0);
  // Computed, not accumulated: exact after many frames.
  const record::Plan long_plan = record::makePlan({.duration = 3600.0}, 30, 10.0);
  CHECK(long_plan.timeAt(107999) == 107999.0 / 30.0);
}

TEST_CASE("plan: start and end, duration, frames") {
  CHECK(record::makePlan({.start = 2.0, .end = 4.0}, 25, 10.0).frames == 50);
  CHECK(record::makePlan({.start = 2.0, .end = 4.0}, 25, 10.0).timeAt(1) == 2.04);
  CHECK(record::makePlan({.start = 1.0}, 10, 10.0).frames == 90);  // to the animation's end
  CHECK(record::makePlan({.duration = 2.5}, 30, 10.0).frames == 75);
  CHECK(record::makePlan({.start = 3.0, .frames = 7}, 30, 10.0).frames == 7);
  CHECK(record::makePlan({.frames = 500}, 30, 10.0).frames == 500);  // past the end: holds
  CHECK(record::makePlan({.duration = 0.1}, 24, 10.0).frames == 2);  // rounded to whole frames
}

TEST_CASE("plan: contradictory or empty ranges are usage errors") {
  CHECK_THROWS_WITH_AS(record::makePlan({.duration = 2.0, .frames = 3}, 30, 10.0),
                       doctest::Contains("alternatives"), core::UsageError);
  CHECK_THROWS_AS(record::makePlan({.end = 2.0, .duration = 2.0}, 30, 10.0), core::UsageError);
  CHECK_THROWS_WITH_AS(record::makePlan({.start = 5.0, .end = 3.0}, 30, 10.0),
                       doctest::Contains("empty"), core::UsageError);
  CHECK_THROWS_WITH_AS(record::makePlan({.start = 12.0}, 30, 10.0),
                       doctest::Contains("end of the animation"), core::UsageError);
  CHECK_THROWS_WITH_AS(record::makePlan({.duration = 0.01}, 30, 10.0),
                       doctest::Contains("shorter than one frame"), core::UsageError);
  CHECK_THROWS_AS(record::makePlan({.start = -1.0}, 30, 10.0), core::UsageError);
  CHECK_THROWS_AS(record::makePlan({.frames = 0}, 30, 10.0), core::UsageError);
  CHECK_THROWS_AS(record::makePlan({}, 0, 10.0), core::UsageError);
  CHECK_THROWS_WITH_AS(record::makePlan({.duration = 1e9}, 30, 10.0), doctest::Contains("limited"),
                       core::UsageError);
}

TEST_CASE("progress: a bar, frames done of total, the rate and the time left") {
  const record::Progress p{.done = 30, .total = 120, .seconds = 2.0};
  CHECK(p.fps() == 15.0);
  CHECK(p.secondsLeft() == 6.0);
  CHECK(record::progressLine(p, 8) == "[##......]  30/120 frames   15.0 fps  0:06 left");
  CHECK(record::progressLine({.done = 120, .total = 120, .seconds = 8.0}, 4) ==
        "[####] 120/120 frames   15.0 fps");
  CHECK(record::progressLine({.done = 0, .total = 5, .seconds = 0.0}, 2) ==
        "[..] 0/5 frames    0.0 fps");
}

TEST_CASE("recording: every planned frame, then finish; the summary says where") {
  auto sink = std::make_unique<CountingSink>();
  CountingSink* counting = sink.get();
  record::Recording recording(record::makePlan({.frames = 4}, 30, 10.0), std::move(sink));
  core::Image frame;
  while (!recording.complete()) {
    CHECK(recording.plan().timeAt(recording.pushed()) == recording.pushed() / 30.0);
    recording.push(frame);
  }
  recording.finish();
  CHECK(counting->pushed == 4);
  CHECK(counting->finished == 1);
  CHECK(
      recording.summary(64, 32).starts_with("recorded 4 frames (64x32 at 30 fps, 0.13 s) to "
                                            "counting sink in "));
}

TEST_CASE("recording: cancel keeps what was pushed; nothing pushed writes nothing") {
  auto sink = std::make_unique<CountingSink>();
  CountingSink* counting = sink.get();
  record::Recording recording(record::makePlan({.frames = 10}, 30, 10.0), std::move(sink));
  core::Image frame;
  recording.push(frame);
  recording.push(frame);
  recording.cancel();
  CHECK(recording.cancelled());
  recording.finish();
  CHECK(counting->finished == 1);
  CHECK(recording.summary(8, 8).starts_with("stopped after 2 of 10 frames"));

  auto empty = std::make_unique<CountingSink>();
  CountingSink* untouched = empty.get();
  record::Recording nothing(record::makePlan({.frames = 10}, 30, 10.0), std::move(empty));
  nothing.cancel();
  nothing.finish();
  CHECK(untouched->finished == 0);
  CHECK(nothing.summary(8, 8) == "stopped before the first frame: nothing written");
}
