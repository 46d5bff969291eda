#include "scene/picking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace scene {

std::optional<Span> raySpan(const Ray& ray, glm::vec3 lo, glm::vec3 hi) {
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
  return Span{t0, t1};
}

std::optional<float> rayBox(const Ray& ray, glm::vec3 lo, glm::vec3 hi) {
  const auto span = raySpan(ray, lo, hi);
  return span ? std::optional<float>(span->enter) : std::nullopt;
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

namespace {

constexpr float kFlat = 1e-3f;  // thickness given to zero-height bars so they can be picked

// `base`: the floor the bar stands on (FieldLayout::base).
std::optional<float> hitBar(const Ray& ray, const BarInstance& bar, float half, float base) {
  float lo = std::min(0.0f, bar.height), hi = std::max(0.0f, bar.height);
  if (hi - lo < kFlat) {
    lo = -0.5f * kFlat;
    hi = 0.5f * kFlat;
  }
  return rayBox(ray, {bar.x - half, base + lo, bar.z - half},
                {bar.x + half, base + hi, bar.z + half});
}

bool fieldFits(const SceneData& scene, const FieldLayout& f) {
  const size_t count = static_cast<size_t>(f.rows) * static_cast<size_t>(f.cols);
  return f.rows > 0 && f.cols > 0 && f.first_bar + count <= scene.bars.size();
}

// The field's bars all lie in this box.
std::optional<Span> fieldSpan(const Ray& ray, const FieldLayout& f, float half) {
  const glm::vec3 lo{f.origin.x - half, f.base + std::min(f.min_height, 0.0f) - kFlat,
                     f.origin.y - half};
  const glm::vec3 hi{f.origin.x + static_cast<float>(f.cols - 1) + half,
                     f.base + std::max(f.max_height, 0.0f) + kFlat,
                     f.origin.y + static_cast<float>(f.rows - 1) + half};
  return raySpan(ray, lo, hi);
}

CellHit makeHit(const Ray& ray, const FieldLayout& f, int i, int j, float t) {
  const size_t bar = f.first_bar + static_cast<size_t>(i) * f.cols + static_cast<size_t>(j);
  return {f.head, i, j, f.layer, bar, t, ray.origin + t * ray.direction};
}

// Walks the cells under the ray in order (Amanatides–Woo in the xz plane). A bar never leaves its
// cell's column, so the first bar hit is the nearest.
std::optional<CellHit> walkField(const SceneData& scene, const FieldLayout& f, const Ray& ray,
                                 Span span) {
  const float half = 0.5f * scene.bar_footprint;
  const glm::vec3 p = ray.origin + span.enter * ray.direction;
  int j = std::clamp(static_cast<int>(std::floor(p.x - f.origin.x + 0.5f)), 0, f.cols - 1);
  int i = std::clamp(static_cast<int>(std::floor(p.z - f.origin.y + 0.5f)), 0, f.rows - 1);
  const glm::vec3 d = ray.direction;
  constexpr float kInf = std::numeric_limits<float>::infinity();
  const int step_j = d.x > 0.0f ? 1 : -1, step_i = d.z > 0.0f ? 1 : -1;
  // Ray parameter at the next cell boundary along x (z), and between two boundaries.
  auto boundary = [&](float origin, int cell, int step, float o, float dir) {
    return std::abs(dir) < 1e-12f
               ? kInf
               : (origin + static_cast<float>(cell) + 0.5f * static_cast<float>(step) - o) / dir;
  };
  float next_x = boundary(f.origin.x, j, step_j, ray.origin.x, d.x);
  float next_z = boundary(f.origin.y, i, step_i, ray.origin.z, d.z);
  const float delta_x = std::abs(d.x) < 1e-12f ? kInf : 1.0f / std::abs(d.x);
  const float delta_z = std::abs(d.z) < 1e-12f ? kInf : 1.0f / std::abs(d.z);
  while (true) {
    const BarInstance& bar = scene.bars[f.first_bar + static_cast<size_t>(i) * f.cols + j];
    if (const auto t = hitBar(ray, bar, half, f.base)) return makeHit(ray, f, i, j, *t);
    if (next_x < next_z) {
      if (next_x > span.exit) break;
      j += step_j;
      next_x += delta_x;
    } else {
      if (next_z > span.exit) break;
      i += step_i;
      next_z += delta_z;
    }
    if (i < 0 || i >= f.rows || j < 0 || j >= f.cols) break;
  }
  return std::nullopt;
}

}  // namespace

std::optional<CellHit> pickCell(const SceneData& scene, const SceneLayout& layout, const Ray& ray) {
  const float half = 0.5f * scene.bar_footprint;
  std::optional<CellHit> best;
  for (const FieldLayout& f : layout.fields) {
    if (!fieldFits(scene, f)) continue;  // a layout from another scene
    const auto span = fieldSpan(ray, f, half);
    if (!span || (best && span->enter > best->t)) continue;
    const auto hit = walkField(scene, f, ray, *span);
    if (hit && (!best || hit->t < best->t)) best = hit;
  }
  return best;
}

std::optional<CellHit> pickCellExhaustive(const SceneData& scene, const SceneLayout& layout,
                                          const Ray& ray) {
  const float half = 0.5f * scene.bar_footprint;
  std::optional<CellHit> best;
  for (const FieldLayout& f : layout.fields) {
    if (!fieldFits(scene, f)) continue;
    for (int i = 0; i < f.rows; ++i) {
      for (int j = 0; j < f.cols; ++j) {
        const auto t = hitBar(ray, scene.bars[f.first_bar + static_cast<size_t>(i) * f.cols + j],
                              half, f.base);
        if (t && (!best || *t < best->t)) best = makeHit(ray, f, i, j, *t);
      }
    }
  }
  return best;
}

std::optional<TokenHit> pickVitToken(const SceneData& scene, const VitLayout& vit, const Ray& ray) {
  const float half = 0.5f * scene.bar_footprint;
  std::optional<TokenHit> best;
  // At most 32² + 1 bars: testing each is cheap, and bars are not on a unit grid here.
  auto consider = [&](size_t bar, int token) {
    if (bar >= scene.bars.size()) return;
    const auto t = hitBar(ray, scene.bars[bar], half, 0.0f);
    if (t && (!best || *t < best->t)) best = TokenHit{token, true, *t};
  };
  for (size_t k = 0; k < vit.patch_bars; ++k)
    consider(vit.first_bar + k, vit.grid.tokenOf(static_cast<int>(k)));
  if (vit.cls_bar) consider(*vit.cls_bar, 0);
  if (best) return best;
  const auto ground = groundHit(ray);
  if (!ground) return std::nullopt;
  const auto patch = patchAtGround(vit.grid, vit.rect, *ground);
  if (!patch) return std::nullopt;
  const float t = std::abs(ray.direction.y) > 0.0f ? -ray.origin.y / ray.direction.y : 0.0f;
  return TokenHit{vit.grid.tokenOf(*patch), false, t};
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
    best = ArrowHit{tag.role, tag.token, tag.head, tag.source, tag.share, a, *t};
  }
  return best;
}

}  // namespace scene
