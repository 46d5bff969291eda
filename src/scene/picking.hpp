// Ray picking against a built scene: which bar (head, query, key) and which arrow (token, role) lie
// under the cursor. Rays come from OrbitCamera::screenRay.
#pragma once

#include <cstddef>
#include <optional>

#include "scene/build.hpp"
#include "scene/camera.hpp"
#include "scene/scene_data.hpp"

namespace scene {

struct CellHit {
  int head = 0, query = 0, key = 0;  // row i, column j
  int layer = 0;                     // FieldLayout::layer
  size_t bar = 0;                    // SceneData::bars index
  float t = 0;                       // distance along the ray to the entry point
  glm::vec3 point{0.0f};
};

struct ArrowHit {
  ArrowRole role = ArrowRole::Query;
  int token = 0, head = 0;
  int source = -1;  // ArrowTag::source and share (rollout flows)
  float share = 0.0f;
  size_t arrow = 0;  // SceneData::arrows index
  float t = 0;       // distance along the ray to the point closest to the arrow's axis
};

// Ray parameters where it enters (0 when it starts inside) and leaves the box [lo, hi], or nullopt.
struct Span {
  float enter = 0, exit = 0;
};
std::optional<Span> raySpan(const Ray& ray, glm::vec3 lo, glm::vec3 hi);
std::optional<float> rayBox(const Ray& ray, glm::vec3 lo, glm::vec3 hi);  // raySpan's enter

// Ray parameter where it enters the capsule around segment [a, b] (0 when it starts inside).
std::optional<float> rayCapsule(const Ray& ray, glm::vec3 a, glm::vec3 b, float radius);

// The nearest bar the ray meets: each bar is the box of its footprint from the ground to its height
// (below the ground for negative bars); flat bars count as a thin slab so masked cells can be
// picked. Rays through the gaps between bars miss.
std::optional<CellHit> pickCell(const SceneData& scene, const SceneLayout& layout, const Ray& ray);
// The same by testing every bar (O(cells)); pickCell walks only the cells under the ray
// (O(N + M) per field). Kept as the oracle for tests.
std::optional<CellHit> pickCellExhaustive(const SceneData& scene, const SceneLayout& layout,
                                          const Ray& ray);

// The Vision Transformer view (SceneLayout::vit): the token under the ray — the first patch bar or
// the CLS pillar it enters (bars of any opacity), else the patch of the picture where it meets
// the ground. `on_bar` says which.
struct TokenHit {
  int token = 0;
  bool on_bar = false;
  float t = 0;  // distance along the ray
};
std::optional<TokenHit> pickVitToken(const SceneData& scene, const VitLayout& vit, const Ray& ray);

// The nearest arrow (first entry along the ray) into the capsule of radius
// max(3·radius, min_pick_radius) around its axis — the cone is wider than the shaft.
std::optional<ArrowHit> pickArrow(const SceneData& scene, const SceneLayout& layout, const Ray& ray,
                                  float min_pick_radius = 0.05f);

}  // namespace scene
