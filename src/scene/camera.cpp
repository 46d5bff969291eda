#include "scene/camera.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <glm/gtc/matrix_transform.hpp>

namespace scene {

std::optional<ViewPreset> presetForKey(int digit) {
  switch (digit) {
    case 1:
      return ViewPreset::Perspective;
    case 2:
      return ViewPreset::TopDown;
    case 3:
      return ViewPreset::Front;
    case 4:
      return ViewPreset::Side;
    default:
      return std::nullopt;
  }
}

// [SECTION] Basis and matrices

float OrbitCamera::aspect() const {
  return viewport.y > 0.0f ? viewport.x / viewport.y : 1.0f;
}

glm::vec3 OrbitCamera::eye() const {
  return target - forward() * distance;
}

glm::vec3 OrbitCamera::forward() const {
  const float p = std::clamp(pitch, -kMaxPitch, kMaxPitch);
  return -glm::vec3(std::cos(p) * std::sin(yaw), std::sin(p), std::cos(p) * std::cos(yaw));
}

glm::vec3 OrbitCamera::right() const {
  return {std::cos(yaw), 0.0f, -std::sin(yaw)};
}

glm::vec3 OrbitCamera::up() const {
  return glm::cross(right(), forward());
}

glm::mat4 OrbitCamera::view() const {
  return glm::lookAt(eye(), target, up());
}

float OrbitCamera::halfHeightAtTarget() const {
  return distance * std::tan(0.5f * fovy);
}

glm::mat4 OrbitCamera::projection() const {
  // Depth range from the scene size: everything within scene_radius of the target, with slack
  // for panning away from it.
  const float reach = distance + 4.0f * scene_radius;
  if (orthographic) {
    const float hh = halfHeightAtTarget(), hw = hh * aspect();
    return glm::ortho(-hw, hw, -hh, hh, distance - reach, reach);
  }
  return glm::perspective(fovy, aspect(), std::max(distance * 0.01f, 1e-4f), reach);
}

// [SECTION] Operations

void OrbitCamera::orbit(float dx, float dy) {
  yaw -= dx * orbit_speed;
  yaw = std::remainder(yaw, 6.28318530718f);  // stay small so floats stay exact
  pitch = std::clamp(pitch + dy * orbit_speed, -kMaxPitch, kMaxPitch);
}

void OrbitCamera::pan(float dx, float dy) {
  const float world_per_pixel = 2.0f * halfHeightAtTarget() / std::max(viewport.y, 1.0f);
  target += (-dx * right() + dy * up()) * world_per_pixel;
}

void OrbitCamera::zoomTowardPoint(glm::vec3 anchor, float steps) {
  const float wanted = distance * std::pow(zoom_step, steps);
  const float next = std::clamp(wanted, kMinDistance, kMaxDistance);
  // Scaling the camera about the anchor keeps the anchor's pixel, in perspective and ortho.
  const float s = next / distance;
  target = anchor + (target - anchor) * s;
  distance = next;
}

void OrbitCamera::zoomToward(glm::vec2 cursor, float steps) {
  const Ray ray = screenRay(cursor);
  const glm::vec3 f = forward();
  // Default anchor: the target plane (perpendicular to the view through the target).
  float t = glm::dot(target - ray.origin, f) / glm::dot(ray.direction, f);
  if (std::abs(ray.direction.y) > 1e-6f) {
    const float t_ground = -ray.origin.y / ray.direction.y;
    const float depth = glm::dot(ray.origin + t_ground * ray.direction - eye(), f);
    // Only a ground point in front of the camera and not absurdly far beyond the target.
    if (t_ground > 0.0f && depth > 0.0f && depth < 20.0f * distance) t = t_ground;
  }
  zoomTowardPoint(ray.origin + t * ray.direction, steps);
}

void OrbitCamera::frame(glm::vec3 bounds_min, glm::vec3 bounds_max, float new_aspect) {
  target = 0.5f * (bounds_min + bounds_max);
  scene_radius = std::max(0.5f * glm::length(bounds_max - bounds_min), 1e-3f);
  const glm::vec3 r = right(), u = up(), f = forward();
  const float margin = 1.05f;
  const float top = std::clamp(frame_top_share, 0.0f, 0.5f);
  const float ty = std::tan(0.5f * fovy) / margin * (1.0f - top);
  // Where the picture's centre goes: below the middle by the free band's share of the height.
  const float below = std::tan(0.5f * fovy) * top;
  const float tx =
      ty * (new_aspect > 0.0f ? new_aspect : aspect()) * std::clamp(frame_width_share, 0.1f, 1.0f);
  auto corner = [&](int c) {
    return glm::vec3{(c & 1) ? bounds_max.x : bounds_min.x, (c & 2) ? bounds_max.y : bounds_min.y,
                     (c & 4) ? bounds_max.z : bounds_min.z};
  };
  // Smallest distance at which every corner fits both half-angles around the current target.
  auto fitDistance = [&] {
    float need = kMinDistance;
    for (int c = 0; c < 8; ++c) {
      const glm::vec3 d = corner(c) - target;
      const float x = std::abs(glm::dot(d, r)), y = std::abs(glm::dot(d, u)), z = glm::dot(d, f);
      if (orthographic) {
        need = std::max({need, x / tx, y / ty});
      } else {
        // Depth from the eye is distance + z; it must see the corner within both half-angles.
        need = std::max({need, x / tx - z, y / ty - z, -z * 1.1f + 1e-3f});
      }
    }
    return std::clamp(need, kMinDistance, kMaxDistance);
  };
  // A box seen in perspective (or from above an uneven scene) projects off-centre: move the target
  // across the view until the projected extents are centred, so the picture fills the viewport.
  for (int iteration = 0; iteration < 4; ++iteration) {
    distance = fitDistance();
    glm::vec2 lo(std::numeric_limits<float>::max()), hi(std::numeric_limits<float>::lowest());
    for (int c = 0; c < 8; ++c) {
      const glm::vec3 d = corner(c) - target;
      const float depth = orthographic ? 1.0f : distance + glm::dot(d, f);
      const glm::vec2 s = glm::vec2(glm::dot(d, r), glm::dot(d, u)) / std::max(depth, 1e-3f);
      lo = glm::min(lo, s);
      hi = glm::max(hi, s);
    }
    const glm::vec2 centre = 0.5f * (lo + hi) * (orthographic ? 1.0f : distance);
    target += r * centre.x + u * centre.y;
  }
  distance = fitDistance();
  // Fitted into the lower part of the height, centred: the picture moves down by the band.
  target += u * (below * distance);
}

void OrbitCamera::applyPreset(ViewPreset preset, glm::vec3 bounds_min, glm::vec3 bounds_max) {
  constexpr float deg = 0.01745329252f;
  orthographic = false;
  switch (preset) {
    case ViewPreset::Perspective:
      yaw = -35.0f * deg;
      pitch = 35.0f * deg;
      break;
    case ViewPreset::TopDown:
      yaw = 0.0f;
      pitch = kMaxPitch;
      orthographic = true;
      break;
    case ViewPreset::Front:
      yaw = 0.0f;
      pitch = 15.0f * deg;
      break;
    case ViewPreset::Side:
      yaw = -90.0f * deg;
      pitch = 15.0f * deg;
      break;
  }
  frame(bounds_min, bounds_max, 0.0f);
}

void OrbitCamera::reset(glm::vec3 bounds_min, glm::vec3 bounds_max) {
  applyPreset(ViewPreset::Perspective, bounds_min, bounds_max);
}

// [SECTION] Screen ↔ world

Ray OrbitCamera::screenRay(glm::vec2 cursor) const {
  const glm::vec2 ndc{2.0f * cursor.x / viewport.x - 1.0f, 1.0f - 2.0f * cursor.y / viewport.y};
  const glm::mat4 inv = glm::inverse(viewProjection());
  glm::vec4 a = inv * glm::vec4(ndc, -1.0f, 1.0f);
  glm::vec4 b = inv * glm::vec4(ndc, 1.0f, 1.0f);
  const glm::vec3 near_p = glm::vec3(a) / a.w, far_p = glm::vec3(b) / b.w;
  return {near_p, glm::normalize(far_p - near_p)};
}

glm::vec3 OrbitCamera::worldToNdc(glm::vec3 p) const {
  const glm::vec4 c = viewProjection() * glm::vec4(p, 1.0f);
  return glm::vec3(c) / c.w;
}

glm::vec2 OrbitCamera::worldToScreen(glm::vec3 p) const {
  const glm::vec3 n = worldToNdc(p);
  return {(n.x + 1.0f) * 0.5f * viewport.x, (1.0f - n.y) * 0.5f * viewport.y};
}

}  // namespace scene
