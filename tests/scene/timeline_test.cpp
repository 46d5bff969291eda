// The animation timeline: stage order, easing, durations, per-cell progress, stepping.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "scene/timeline.hpp"

using namespace scene;

namespace {

int stageIndex(Stage s) {
  return static_cast<int>(s);
}

// Samples every 10 ms.
std::vector<Segment> sampledSegments(const Timeline& tl) {
  std::vector<Segment> out;
  for (double t = 0.0; t <= tl.duration(); t += 0.01) {
    const Segment s = tl.segmentAt(t);
    if (out.empty() || s.start != out.back().start) out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("easeInOut: exact ends, monotone, clamped, symmetric") {
  CHECK(easeInOut(0.0f) == 0.0f);
  CHECK(easeInOut(1.0f) == 1.0f);
  CHECK(easeInOut(-3.0f) == 0.0f);
  CHECK(easeInOut(7.0f) == 1.0f);
  CHECK(easeInOut(0.5f) == doctest::Approx(0.5f));
  float last = 0.0f;
  for (int k = 1; k <= 100; ++k) {
    const float p = static_cast<float>(k) / 100.0f;
    CHECK(easeInOut(p) >= last);
    CHECK(easeInOut(p) + easeInOut(1.0f - p) == doctest::Approx(1.0f));
    last = easeInOut(p);
  }
  // Flat at both ends: a transition starts and stops gently.
  CHECK(easeInOut(0.01f) < 0.001f);
  CHECK(easeInOut(0.99f) > 0.999f);
}

TEST_CASE("whole matrix: the eight stages in order, each once") {
  const Timeline tl(AnimationMode::WholeMatrix, 5, 7);
  CHECK(tl.duration() == doctest::Approx(8 * Timeline::kStageSeconds));
  const std::vector<Segment> segs = sampledSegments(tl);
  REQUIRE(segs.size() == static_cast<size_t>(kStageCount));
  for (int k = 0; k < kStageCount; ++k) {
    CHECK(stageIndex(segs[static_cast<size_t>(k)].stage) == k);
    CHECK(segs[static_cast<size_t>(k)].query == -1);
    CHECK(segs[static_cast<size_t>(k)].key == -1);
  }
}

TEST_CASE("row by row: tokens, projection, five stages per query in query order, heads") {
  const int n = 4;
  const Timeline tl(AnimationMode::RowByRow, n, 3);
  CHECK(tl.duration() ==
        doctest::Approx(3 * Timeline::kStageSeconds + n * 5 * Timeline::kRowSeconds));
  const std::vector<Segment> segs = sampledSegments(tl);
  REQUIRE(segs.size() == static_cast<size_t>(2 + 5 * n + 1));
  CHECK(segs.front().stage == Stage::Tokens);
  CHECK(segs[1].stage == Stage::Projection);
  CHECK(segs.back().stage == Stage::Heads);
  for (int i = 0; i < n; ++i) {
    for (int k = 0; k < 5; ++k) {
      const Segment& s = segs[static_cast<size_t>(2 + 5 * i + k)];
      CHECK(s.query == i);
      CHECK(stageIndex(s.stage) == stageIndex(Stage::DotProducts) + k);
    }
  }
}

TEST_CASE("cell by cell: the dot products of a row one key at a time") {
  const int n = 2, m = 3;
  const Timeline tl(AnimationMode::CellByCell, n, m);
  const std::vector<Segment> segs = sampledSegments(tl);
  REQUIRE(segs.size() == static_cast<size_t>(2 + n * (m + 4) + 1));
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < m; ++j) {
      const Segment& s = segs[static_cast<size_t>(2 + i * (m + 4) + j)];
      CHECK(s.stage == Stage::DotProducts);
      CHECK(s.query == i);
      CHECK(s.key == j);
      CHECK(s.duration == doctest::Approx(Timeline::kCellSeconds));
    }
    CHECK(segs[static_cast<size_t>(2 + i * (m + 4) + m)].stage == Stage::Scaling);
  }
}

TEST_CASE("segments tile the timeline: each starts where the previous ends") {
  for (AnimationMode mode :
       {AnimationMode::WholeMatrix, AnimationMode::RowByRow, AnimationMode::CellByCell}) {
    const Timeline tl(mode, 3, 4);
    const std::vector<Segment> segs = sampledSegments(tl);
    CHECK(segs.front().start == 0.0);
    for (size_t k = 1; k < segs.size(); ++k)
      CHECK(segs[k].start == doctest::Approx(segs[k - 1].end()));
    CHECK(segs.back().end() == doctest::Approx(tl.duration()));
  }
}

TEST_CASE("at(): clamped, moves then holds, finished at the end") {
  const Timeline tl(AnimationMode::WholeMatrix, 3, 3);
  CHECK(tl.at(-5.0).stage == Stage::Tokens);
  CHECK(tl.at(-5.0).progress == 0.0f);
  CHECK(tl.at(tl.duration()).stage == Stage::Heads);
  CHECK(tl.at(tl.duration()).progress == 1.0f);
  CHECK(tl.at(1e9).stage == Stage::Heads);
  // Motion during the first kMotionShare of a segment, then hold at 1.
  const double start = tl.stageStart(Stage::Softmax);
  const double motion = Timeline::kMotionShare * Timeline::kStageSeconds;
  CHECK(tl.at(start).progress == 0.0f);
  CHECK(tl.at(start + 0.5 * motion).progress == doctest::Approx(0.5f));
  CHECK(tl.at(start + motion + 0.01).progress == 1.0f);
  CHECK(tl.at(start + motion + 0.01).stage == Stage::Softmax);
}

TEST_CASE("progress(): 0 before a cell's segment, 1 after, per row and per cell") {
  const Timeline tl(AnimationMode::CellByCell, 3, 4);
  const double t = tl.stageStart(Stage::DotProducts, 1) + 2.5 * Timeline::kCellSeconds;
  // Row 1 is computing key 2: keys 0 and 1 are done, 3 has not started, row 0 is finished.
  CHECK(tl.progress(Stage::DotProducts, 1, 0, t) == 1.0f);
  CHECK(tl.progress(Stage::DotProducts, 1, 1, t) == 1.0f);
  CHECK(tl.progress(Stage::DotProducts, 1, 2, t) > 0.0f);
  CHECK(tl.progress(Stage::DotProducts, 1, 2, t) < 1.0f);
  CHECK(tl.progress(Stage::DotProducts, 1, 3, t) == 0.0f);
  CHECK(tl.progress(Stage::WeightedSum, 0, 0, t) == 1.0f);
  CHECK(tl.progress(Stage::Scaling, 1, 0, t) == 0.0f);
  CHECK(tl.progress(Stage::DotProducts, 2, 0, t) == 0.0f);
  CHECK(tl.progress(Stage::Projection, 2, 0, t) == 1.0f);
  CHECK(tl.progress(Stage::Heads, 2, 0, t) == 0.0f);
}

TEST_CASE("stepping: forward visits every segment start, back returns to them") {
  for (AnimationMode mode :
       {AnimationMode::WholeMatrix, AnimationMode::RowByRow, AnimationMode::CellByCell}) {
    const Timeline tl(mode, 3, 2);
    const std::vector<Segment> segs = sampledSegments(tl);
    std::vector<double> forward{0.0};
    while (forward.back() < tl.duration() && forward.size() < 1000)
      forward.push_back(tl.nextStep(forward.back()));
    REQUIRE(forward.size() == segs.size() + 1);  // every start, then the end
    for (size_t k = 0; k < segs.size(); ++k)
      CHECK(forward[k] == doctest::Approx(segs[k].start));
    CHECK(tl.nextStep(tl.duration()) == tl.duration());
    // Back from the end of a segment restarts it; from its start, goes to the one before.
    for (size_t k = 1; k < segs.size(); ++k) {
      CHECK(tl.previousStep(segs[k].start) == doctest::Approx(segs[k - 1].start));
      CHECK(tl.previousStep(segs[k].end() - 0.01) == doctest::Approx(segs[k].start));
    }
    CHECK(tl.previousStep(0.0) == 0.0);
  }
}

TEST_CASE("stage names and formulas exist for every stage") {
  for (int k = 0; k < kStageCount; ++k) {
    CHECK(std::string(stageName(static_cast<Stage>(k))).size() > 2);
    CHECK(std::string(stageFormula(static_cast<Stage>(k))).size() > 2);
  }
  CHECK(std::string(stageFormula(Stage::Scaling)).find("√d_k") != std::string::npos);
}
