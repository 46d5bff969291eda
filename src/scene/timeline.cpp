#include "scene/timeline.hpp"

#include <algorithm>
#include <cmath>

namespace scene {

const char* stageName(Stage stage) {
  switch (stage) {
    case Stage::Tokens:
      return "Tokens";
    case Stage::Projection:
      return "Projections";
    case Stage::DotProducts:
      return "Dot products";
    case Stage::Scaling:
      return "Scaling";
    case Stage::Mask:
      return "Mask";
    case Stage::Softmax:
      return "Softmax";
    case Stage::WeightedSum:
      return "Weighted sum of values";
    case Stage::Heads:
      return "Heads";
  }
  return "";
}

const char* stageFormula(Stage stage) {
  switch (stage) {
    case Stage::Tokens:
      return "x_i = embedding(token_i) + position(i)";
    case Stage::Projection:
      return "q = x·W_Q   k = x·W_K   v = x·W_V   (split into heads)";
    case Stage::DotProducts:
      return "q_i · k_j";
    case Stage::Scaling:
      return "s_ij = q_i · k_j / √d_k";
    case Stage::Mask:
      return "s_ij = −∞ where masked";
    case Stage::Softmax:
      return "w_ij = exp(s_ij) / Σ_j exp(s_ij)";
    case Stage::WeightedSum:
      return "out_i = Σ_j w_ij · v_j";
    case Stage::Heads:
      return "out = concat(head_1 … head_H) · W_O";
  }
  return "";
}

float easeInOut(float p) {
  p = std::clamp(p, 0.0f, 1.0f);
  return p * p * (3.0f - 2.0f * p);  // smoothstep: zero slope at both ends
}

Timeline::Timeline(AnimationMode mode, int queries, int keys)
    : m_mode(mode), m_queries(std::max(queries, 1)), m_keys(std::max(keys, 1)) {}

double Timeline::dotSeconds() const {
  return m_mode == AnimationMode::CellByCell ? m_keys * kCellSeconds : kRowSeconds;
}

double Timeline::rowSeconds() const {
  return dotSeconds() + 4.0 * kRowSeconds;  // + scaling, mask, softmax, weighted sum
}

double Timeline::bodySeconds() const {
  return m_mode == AnimationMode::WholeMatrix ? 5.0 * kStageSeconds : m_queries * rowSeconds();
}

double Timeline::duration() const {
  if (m_queries == 0) return 0.0;
  return bodyStart() + bodySeconds() + kStageSeconds;
}

Segment Timeline::segmentFor(Stage stage, int query, int key) const {
  const int offset = static_cast<int>(stage) - static_cast<int>(Stage::DotProducts);
  switch (stage) {
    case Stage::Tokens:
      return {stage, -1, -1, 0.0, kStageSeconds};
    case Stage::Projection:
      return {stage, -1, -1, kStageSeconds, kStageSeconds};
    case Stage::Heads:
      return {stage, -1, -1, bodyStart() + bodySeconds(), kStageSeconds};
    default:
      break;
  }
  if (m_mode == AnimationMode::WholeMatrix) {
    return {stage, -1, -1, bodyStart() + offset * kStageSeconds, kStageSeconds};
  }
  query = std::clamp(query, 0, m_queries - 1);
  const double row = bodyStart() + query * rowSeconds();
  if (stage != Stage::DotProducts) {
    return {stage, query, -1, row + dotSeconds() + (offset - 1) * kRowSeconds, kRowSeconds};
  }
  if (m_mode == AnimationMode::RowByRow) return {stage, query, -1, row, kRowSeconds};
  key = std::clamp(key, 0, m_keys - 1);
  return {stage, query, key, row + key * kCellSeconds, kCellSeconds};
}

Segment Timeline::segmentAt(double t) const {
  if (m_queries == 0) return {};
  t = std::clamp(t, 0.0, duration());
  if (t < kStageSeconds) return segmentFor(Stage::Tokens, -1, -1);
  if (t < bodyStart()) return segmentFor(Stage::Projection, -1, -1);
  const double body = t - bodyStart();
  if (body >= bodySeconds()) return segmentFor(Stage::Heads, -1, -1);
  auto stageAfterDots = [](int index) {
    return static_cast<Stage>(static_cast<int>(Stage::DotProducts) + std::clamp(index, 0, 4));
  };
  if (m_mode == AnimationMode::WholeMatrix) {
    return segmentFor(stageAfterDots(static_cast<int>(body / kStageSeconds)), -1, -1);
  }
  const int query = std::min(static_cast<int>(body / rowSeconds()), m_queries - 1);
  const double local = body - query * rowSeconds();
  if (local < dotSeconds()) {
    const int key = std::min(static_cast<int>(local / kCellSeconds), m_keys - 1);
    return segmentFor(Stage::DotProducts, query, key);
  }
  return segmentFor(stageAfterDots(1 + static_cast<int>((local - dotSeconds()) / kRowSeconds)),
                    query, -1);
}

namespace {

float motion(const Segment& s, double t) {
  return easeInOut(static_cast<float>((t - s.start) / (Timeline::kMotionShare * s.duration)));
}

}  // namespace

Moment Timeline::at(double t) const {
  t = std::clamp(t, 0.0, duration());
  const Segment s = segmentAt(t);
  return {s.stage, s.query, s.key, motion(s, t)};
}

float Timeline::progress(Stage stage, int query, int key, double t) const {
  if (m_queries == 0) return 0.0f;
  return motion(segmentFor(stage, query, key), std::clamp(t, 0.0, duration()));
}

double Timeline::stageStart(Stage stage, int query) const {
  return segmentFor(stage, std::max(query, 0), 0).start;
}

// Segments last at least kCellSeconds, so a microsecond past a boundary is safely inside the
// next segment whatever the rounding of the boundary itself.
constexpr double kPastBoundary = 1e-6;

double Timeline::nextStep(double t) const {
  return std::min(segmentAt(t + kPastBoundary).end(), duration());
}

double Timeline::previousStep(double t) const {
  // Within the first moment of a segment, "previous" goes to the one before, like a player's
  // back button; later in a segment it restarts the segment.
  constexpr double kGrace = 0.2;
  const Segment s = segmentAt(t + kPastBoundary);
  if (t - s.start > kGrace || s.start <= 0.0) return s.start;
  return segmentAt(s.start - kPastBoundary).start;
}

}  // namespace scene
