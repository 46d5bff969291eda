#include "scene/picking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace scene {

std::optional<float> rayBox(const Ray& ray, glm::vec3 lo, glm::vec3 hi) {
  float t0 = 0.0f, t1 = std::numeric_limits<float>::max();
  for (int a = 0; a < 3; ++a) {
    const float o = ray.origin[a], d = ray.direction[a];
    if (std::abs(d) < 1e-12f) {
      if (o < lo[a] || o > hi[a]) return std::nullopt;  // parallel and outside this slab
      continue;
    }
    float ta = (lo[a] - o) / d, tb = (hi[a] - o) / d;
    if (ta > tb) std::swap(ta, tb);
    t0 = std::max(t0, ta);
    t1 = std::min(t1, tb);
    if (t0 > t1) return std::nullopt;
  }
  return t0;
}

std::optional<float> rayCapsule(const Ray& ray, glm::vec3 a, glm::vec3 b, float radius) {
  const glm::vec3 axis = b - a, oa = ray.origin - a;
  const float len2 = glm::dot(axis, axis);
  // Starting inside: distance from the origin to the segment.
  const float s0 = len2 > 0.0f ? std::clamp(glm::dot(oa, axis) / len2, 0.0f, 1.0f) : 0.0f;
  if (glm::length(oa - s0 * axis) <= radius) return 0.0f;

  std::optional<float> best;
  auto take = [&](float t) {
    if (t >= 0.0f && (!best || t < *best)) best = t;
  };
  // Side of the cylinder: |(o + t·d - a) × axis|² = r²·|axis|², the entry root, within the
  // segment's span.
  const float bard = glm::dot(axis, ray.direction), baoa = glm::dot(axis, oa);
  const float qa = len2 - bard * bard;  // |d|² = 1
  if (qa > 1e-9f * len2) {
    const float qb = len2 * glm::dot(ray.direction, oa) - baoa * bard;
    const float qc = len2 * glm::dot(oa, oa) - baoa * baoa - radius * radius * len2;
    const float h = qb * qb - qa * qc;
    if (h >= 0.0f) {
      const float t = (-qb - std::sqrt(h)) / qa;
      const float y = baoa + t * bard;
      if (y >= 0.0f && y <= len2) take(t);
    }
  }
  // End caps as spheres (what the side misses, e.g. rays along the axis).
  for (const glm::vec3 c : {a, b}) {
    const glm::vec3 oc = ray.origin - c;
    const float hb = glm::dot(ray.direction, oc);
    const float h = hb * hb - (glm::dot(oc, oc) - radius * radius);
    if (h >= 0.0f) take(-hb - std::sqrt(h));
  }
  return best;
}

std::optional<CellHit> pickCell(const SceneData& scene, const SceneLayout& layout, const Ray& ray) {
  constexpr float kFlat = 1e-3f;  // thickness given to zero-height bars
  const float half = 0.5f * scene.bar_footprint;
  std::optional<CellHit> best;
  for (const FieldLayout& f : layout.fields) {
    const size_t count = static_cast<size_t>(f.rows) * static_cast<size_t>(f.cols);
    if (f.first_bar + count > scene.bars.size()) continue;  // layout from another scene
    // Skip fields whose bounding box the ray misses: hover picking must stay cheap at large N.
    float y0 = -kFlat, y1 = kFlat;
    for (size_t b = f.first_bar; b < f.first_bar + count; ++b) {
      y0 = std::min(y0, scene.bars[b].height);
      y1 = std::max(y1, scene.bars[b].height);
    }
    const glm::vec3 box_lo{f.origin.x - half, y0, f.origin.y - half};
    const glm::vec3 box_hi{f.origin.x + static_cast<float>(f.cols - 1) + half, y1,
                           f.origin.y + static_cast<float>(f.rows - 1) + half};
    const auto field_t = rayBox(ray, box_lo, box_hi);
    if (!field_t || (best && *field_t > best->t)) continue;

    for (size_t b = f.first_bar; b < f.first_bar + count; ++b) {
      const BarInstance& bar = scene.bars[b];
      float lo = std::min(0.0f, bar.height), hi = std::max(0.0f, bar.height);
      if (hi - lo < kFlat) {
        lo = -0.5f * kFlat;
        hi = 0.5f * kFlat;
      }
      const auto t =
          rayBox(ray, {bar.x - half, lo, bar.z - half}, {bar.x + half, hi, bar.z + half});
      if (!t || (best && *t >= best->t)) continue;
      const auto local = static_cast<int>(b - f.first_bar);
      best =
          CellHit{f.head, local / f.cols, local % f.cols, b, *t, ray.origin + *t * ray.direction};
    }
  }
  return best;
}

std::optional<ArrowHit> pickArrow(const SceneData& scene, const SceneLayout& layout, const Ray& ray,
                                  float min_pick_radius) {
  std::optional<ArrowHit> best;
  const size_t n = std::min(scene.arrows.size(), layout.arrow_tags.size());
  for (size_t a = 0; a < n; ++a) {
    const ArrowInstance& arrow = scene.arrows[a];
    if (glm::dot(arrow.vector, arrow.vector) <= 0.0f) continue;
    const float reach = std::max(3.0f * arrow.radius, min_pick_radius);
    const auto t = rayCapsule(ray, arrow.origin, arrow.origin + arrow.vector, reach);
    if (!t || (best && *t >= best->t)) continue;
    const ArrowTag& tag = layout.arrow_tags[a];
    best = ArrowHit{tag.role, tag.token, tag.head, a, *t};
  }
  return best;
}

}  // namespace scene
