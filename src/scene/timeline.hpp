// The animation of softmax(Q·Kᵀ/√d_k)·V as a timeline of stages: a pure function from time t
// (seconds) to where the computation stands. Nothing here reads a clock; the app turns wall time
// into t, recording uses t = frame / fps.
//
// The timeline is a sequence of segments, each one stage for all queries, one query, or one cell:
//   WholeMatrix  tokens, projection, dot products, scaling, mask, softmax, weighted sum, heads
//   RowByRow     tokens, projection, then for each query i: dot products .. weighted sum of row i,
//                then heads
//   CellByCell   as RowByRow, but the dot products of row i appear one key at a time
// A segment moves during its first kMotionShare of its time and then holds, so the viewer can
// read the result before the next step.
#pragma once

#include <cstdint>

namespace scene {

enum class Stage : uint8_t {
  Tokens,       // 1. tokens and their embeddings x
  Projection,   // 2. q, k, v = x·W (per head)
  DotProducts,  // 3. q·k
  Scaling,      // 4. ÷ √d_k
  Mask,         // 5. masked cells fall away
  Softmax,      // 6. scores → weights
  WeightedSum,  // 7. Σ w·v
  Heads,        // 8. concat(heads)·W_O
};
inline constexpr int kStageCount = 8;

// "Dot products" and "s_ij = q_i · k_j"-style texts for captions and the Animation panel.
const char* stageName(Stage stage);
const char* stageFormula(Stage stage);

enum class AnimationMode : uint8_t { WholeMatrix, RowByRow, CellByCell };

// Smooth ease in and out on [0, 1]: 0 → 0, 1 → 1, monotone, flat at both ends; clamps outside.
float easeInOut(float p);

struct Segment {
  Stage stage = Stage::Tokens;
  int query = -1;  // -1: every query
  int key = -1;    // -1: every key
  double start = 0, duration = 0;
  double end() const { return start + duration; }
};

// Where the animation stands at one time.
struct Moment {
  Stage stage = Stage::Tokens;
  int query = -1, key = -1;  // of the segment
  float progress = 0;        // eased motion of the segment in [0, 1] (1 while it holds)
};

class Timeline {
 public:
  static constexpr double kStageSeconds = 2.5;  // a whole-matrix stage, and tokens/projection/heads
  static constexpr double kRowSeconds = 1.2;    // a stage of one row
  static constexpr double kCellSeconds = 0.4;   // one cell's dot product
  static constexpr double kMotionShare = 0.7;   // the rest of a segment holds still

  Timeline() = default;  // empty: duration 0
  // `queries` N and `keys` M of the result (at least 1 each).
  Timeline(AnimationMode mode, int queries, int keys);

  double duration() const;
  AnimationMode mode() const { return m_mode; }

  // t is clamped to [0, duration]; t = duration is the last segment, finished.
  Moment at(double t) const;
  // The segment that holds time t (clamped likewise).
  Segment segmentAt(double t) const;

  // Eased progress in [0, 1] of `stage` for cell (query, key) at time t: 0 before the segment
  // that does it for that cell starts, 1 after its motion ends. Stages done for all queries at
  // once (tokens, projection, heads) ignore the cell.
  float progress(Stage stage, int query, int key, double t) const;

  // Start of the first segment of `stage` (for `query` in the per-row modes; -1: the first row).
  double stageStart(Stage stage, int query = -1) const;
  // For stepping with the arrow keys: the start of the next segment after t (duration at the
  // end), and the start of the segment before the one t is in (or of this one if t is past its
  // start by more than a moment, like a media player's "previous").
  double nextStep(double t) const;
  double previousStep(double t) const;

 private:
  // The segments are regular, so they are computed rather than stored (a cell-by-cell timeline
  // of a large result would hold millions).
  Segment segmentFor(Stage stage, int query, int key) const;
  double bodyStart() const { return 2.0 * kStageSeconds; }  // after tokens and projection
  double dotSeconds() const;  // the dot products of one row (per-row modes)
  double rowSeconds() const;  // one row's five stages (per-row modes)
  double bodySeconds() const;

  AnimationMode m_mode = AnimationMode::WholeMatrix;
  int m_queries = 0, m_keys = 0;
};

}  // namespace scene
