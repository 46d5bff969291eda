// Orbit camera (GLM): a target, a distance and yaw/pitch angles; perspective or orthographic with
// the same framing (the ortho view shows what the perspective one shows at the target's depth).
//
// Angles: the eye sits at target + distance·(cos p·sin y, sin p, cos p·cos y). yaw = 0, pitch = 0
// looks along -z with +x to the right; pitch = 90° looks straight down with +x right and +z down
// on screen — the classic heatmap (query rows top→bottom, key columns left→right). The screen
// basis is built from yaw alone, so pitch may reach ±90° exactly.
//
// Screen points are pixels with (0, 0) at the top-left corner of the viewport, y down (GLFW's).
#pragma once

#include <optional>

#include <glm/glm.hpp>

namespace scene {

struct Ray {
  glm::vec3 origin{0.0f};
  glm::vec3 direction{0.0f, 0.0f, -1.0f};  // unit length
};

enum class ViewPreset {
  Perspective,  // key 1: three-quarter view from the front-left
  TopDown,      // key 2: straight down, orthographic — the 2D heatmap
  Front,        // key 3: low view from the last query row (+z) towards the first
  Side,         // key 4: from the left (-x), keys receding
};

// Number key '1'..'4' → preset.
std::optional<ViewPreset> presetForKey(int digit);

struct OrbitCamera {
  static constexpr float kMaxPitch = 1.57079632679f;  // 90°, straight down (or up)
  static constexpr float kMinDistance = 1e-3f, kMaxDistance = 1e6f;

  glm::vec3 target{0.0f};
  float distance = 10.0f;
  float yaw = -0.6f;   // radians
  float pitch = 0.6f;  // radians, clamped to [-kMaxPitch, kMaxPitch]
  bool orthographic = false;
  float fovy = 0.785398f;               // 45°, vertical
  glm::vec2 viewport{1280.0f, 720.0f};  // pixels
  float orbit_speed = 0.006f;           // radians per pixel
  float zoom_step = 0.9f;               // distance factor per wheel step (towards the scene)
  float scene_radius = 10.0f;           // set by frame(); keeps the depth range sensible
  // frame() fits the scene into this share of the viewport's width, centred: side panels that
  // cover the rest (equally on both sides) then hide nothing.
  float frame_width_share = 1.0f;
  // frame() keeps this share of the viewport's height free at the top (the animation's caption),
  // fitting the scene into the rest below it.
  float frame_top_share = 0.0f;

  // [SECTION] Basis and matrices
  float aspect() const;
  glm::vec3 eye() const;
  glm::vec3 forward() const;  // unit, eye → target
  glm::vec3 right() const;    // unit, screen +x
  glm::vec3 up() const;       // unit, screen up
  glm::mat4 view() const;
  glm::mat4 projection() const;
  glm::mat4 viewProjection() const { return projection() * view(); }
  float halfHeightAtTarget() const;  // world units from the centre to the top edge, at the target

  // [SECTION] Operations (mouse deltas in pixels)
  void orbit(float dx, float dy);  // drag: dx turns around the vertical, dy tilts
  void pan(float dx, float dy);    // the point under the cursor follows the cursor (target plane)
  // Zoom by zoom_step^steps (steps > 0 goes closer) keeping the world point under `cursor` fixed
  // on screen: the ground (y = 0) point when the ray meets it in front, else the target plane's.
  void zoomToward(glm::vec2 cursor, float steps);
  void zoomTowardPoint(glm::vec3 anchor, float steps);  // the same about a known world point
  // Keeps the orientation; moves the target and the distance so that the whole box is inside the
  // view (with a small margin) and its projection is centred on the screen. `aspect`: the
  // viewport's width/height (0: use aspect()); it should match `viewport`, which projection() uses.
  void frame(glm::vec3 bounds_min, glm::vec3 bounds_max, float aspect);
  void reset(glm::vec3 bounds_min, glm::vec3 bounds_max);  // Perspective preset + frame
  void applyPreset(ViewPreset preset, glm::vec3 bounds_min, glm::vec3 bounds_max);

  // [SECTION] Screen ↔ world
  Ray screenRay(glm::vec2 cursor) const;
  glm::vec3 worldToNdc(glm::vec3 p) const;  // x, y in [-1, 1] when visible, z depth
  glm::vec2 worldToScreen(glm::vec3 p) const;
};

}  // namespace scene
