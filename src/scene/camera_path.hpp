// Camera motion for recordings, as pure functions of time: keyframes (time, orbit state) joined by
// a smooth curve, and a turntable that turns the yaw steadily over the recording.
//
// Between keys the curve is a cubic Hermite spline with Catmull-Rom tangents over the keys' times
// (zero at the first and last key, so the motion eases in and out). It passes through every key
// exactly; the distance is interpolated in log space (it stays positive and zooms evenly), the yaw
// takes the short way round between neighbouring keys, and the pitch is clamped to ±90°.
#pragma once

#include <span>
#include <vector>

#include <glm/glm.hpp>

#include "scene/camera.hpp"

namespace scene {

// The part of an OrbitCamera that a path moves (projection, viewport and speeds stay).
struct CameraPose {
  glm::vec3 target{0.0f};
  float distance = 10.0f;
  float yaw = 0.0f, pitch = 0.0f;  // radians
  friend bool operator==(const CameraPose&, const CameraPose&) = default;
};

CameraPose poseOf(const OrbitCamera& camera);
void applyPose(const CameraPose& pose, OrbitCamera& camera);

struct CameraKey {
  double time = 0.0;  // seconds of animation time
  CameraPose pose;
};

// Inserts `key` keeping `keys` sorted by time; a key at the same time (within 1 ms) is replaced.
void addKey(std::vector<CameraKey>& keys, const CameraKey& key);

// The pose at time t along `keys` (sorted by time, not empty): the first key's pose before it, the
// last key's after it.
CameraPose interpolate(std::span<const CameraKey> keys, double t);

struct CameraMotion {
  std::vector<CameraKey> keys;     // sorted by time (see addKey); empty: the base pose throughout
  float turntable_degrees = 0.0f;  // yaw turned over the whole recording (360: one full turn)
};

// The pose at time t of a recording of [start, end): the keys' path (or `base` without keys),
// then the whole camera (yaw and target) turned about the vertical axis through `pivot` (the
// scene's centre: it stays in view as it turns) by the turntable's share (t - start) /
// (end - start) of its degrees. A full turn at the end is where the start was, so a 360°
// turntable loops seamlessly.
CameraPose poseAt(const CameraMotion& motion, const CameraPose& base, glm::vec3 pivot, double t,
                  double start, double end);

}  // namespace scene
