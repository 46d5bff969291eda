#include "scene/camera_path.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace scene {

namespace {

constexpr float kTwoPi = 6.28318530718f;

// b - a, wrapped into [-pi, pi]: the short way round.
float shortAngle(float a, float b) {
  return std::remainder(b - a, kTwoPi);
}

// Cubic Hermite on the unit interval: values p0, p1 and tangents m0, m1 (per unit of s).
float hermite(float p0, float p1, float m0, float m1, float s) {
  const float s2 = s * s, s3 = s2 * s;
  return (2 * s3 - 3 * s2 + 1) * p0 + (s3 - 2 * s2 + s) * m0 + (-2 * s3 + 3 * s2) * p1 +
         (s3 - s2) * m1;
}

// One scalar channel of the keys around segment [k, k+1]: values at k-1 .. k+2 (the outer ones
// equal to the inner ones at the ends) and the segment's times.
struct Channel {
  float before, p0, p1, after;
};

float interpolateChannel(const Channel& c, double t0, double t1, double tBefore, double tAfter,
                         bool first, bool last, float s) {
  const auto dt = static_cast<float>(t1 - t0);
  // Catmull-Rom tangents over non-uniform times, scaled to the segment; zero at the path's ends.
  const float m0 = first ? 0.0f : (c.p1 - c.before) / static_cast<float>(t1 - tBefore) * dt;
  const float m1 = last ? 0.0f : (c.after - c.p0) / static_cast<float>(tAfter - t0) * dt;
  return hermite(c.p0, c.p1, m0, m1, s);
}

}  // namespace

CameraPose poseOf(const OrbitCamera& camera) {
  return {camera.target, camera.distance, camera.yaw, camera.pitch};
}

void applyPose(const CameraPose& pose, OrbitCamera& camera) {
  camera.target = pose.target;
  camera.distance = std::clamp(pose.distance, OrbitCamera::kMinDistance, OrbitCamera::kMaxDistance);
  camera.yaw = pose.yaw;
  camera.pitch = std::clamp(pose.pitch, -OrbitCamera::kMaxPitch, OrbitCamera::kMaxPitch);
}

void addKey(std::vector<CameraKey>& keys, const CameraKey& key) {
  auto at = std::lower_bound(keys.begin(), keys.end(), key.time - 1e-3,
                             [](const CameraKey& k, double time) { return k.time < time; });
  if (at != keys.end() && std::abs(at->time - key.time) <= 1e-3) {
    *at = key;
    return;
  }
  keys.insert(at, key);
}

CameraPose interpolate(std::span<const CameraKey> keys, double t) {
  assert(!keys.empty() && "interpolate needs at least one key");
  assert(std::is_sorted(keys.begin(), keys.end(),
                        [](const CameraKey& a, const CameraKey& b) { return a.time < b.time; }) &&
         "camera keys must be sorted by time (addKey keeps them so)");
  if (t <= keys.front().time) return keys.front().pose;
  if (t >= keys.back().time) return keys.back().pose;
  // Segment [k, k+1] with keys[k].time <= t < keys[k+1].time.
  const auto next = std::upper_bound(keys.begin(), keys.end(), t,
                                     [](double time, const CameraKey& k) { return time < k.time; });
  const size_t k = static_cast<size_t>(next - keys.begin()) - 1;
  const bool first = k == 0, last = k + 2 >= keys.size();
  const CameraKey& a = keys[k];
  const CameraKey& b = keys[k + 1];
  const CameraKey& before = first ? a : keys[k - 1];
  const CameraKey& after = last ? b : keys[k + 2];
  const auto s = static_cast<float>((t - a.time) / (b.time - a.time));
  auto channel = [&](Channel c) {
    return interpolateChannel(c, a.time, b.time, before.time, after.time, first, last, s);
  };

  CameraPose pose;
  for (int i = 0; i < 3; ++i) {
    pose.target[i] =
        channel({before.pose.target[i], a.pose.target[i], b.pose.target[i], after.pose.target[i]});
  }
  auto logDistance = [](const CameraPose& p) {
    return std::log(std::max(p.distance, OrbitCamera::kMinDistance));
  };
  pose.distance = std::exp(channel({logDistance(before.pose), logDistance(a.pose),
                                    logDistance(b.pose), logDistance(after.pose)}));
  // Yaw relative to key k, each neighbour the short way from the one next to it, so the
  // segment starts at a's yaw exactly and never goes the long way round.
  const float toB = shortAngle(a.pose.yaw, b.pose.yaw);
  const float toBefore = -shortAngle(before.pose.yaw, a.pose.yaw);
  const float toAfter = toB + shortAngle(b.pose.yaw, after.pose.yaw);
  pose.yaw = a.pose.yaw + channel({toBefore, 0.0f, toB, toAfter});
  pose.pitch =
      std::clamp(channel({before.pose.pitch, a.pose.pitch, b.pose.pitch, after.pose.pitch}),
                 -OrbitCamera::kMaxPitch, OrbitCamera::kMaxPitch);
  return pose;
}

CameraPose poseAt(const CameraMotion& motion, const CameraPose& base, glm::vec3 pivot, double t,
                  double start, double end) {
  CameraPose pose = motion.keys.empty() ? base : interpolate(motion.keys, t);
  if (motion.turntable_degrees != 0.0f && end > start) {
    const double share = (t - start) / (end - start);
    const auto turn =
        static_cast<float>(glm::radians(static_cast<double>(motion.turntable_degrees)) * share);
    // The rotation about +y that adding `turn` to the yaw applies to the eye's direction, applied
    // to the target's offset from the pivot too: the camera turns rigidly about the pivot.
    const float c = std::cos(turn), s = std::sin(turn);
    const glm::vec3 offset = pose.target - pivot;
    pose.target =
        pivot + glm::vec3(offset.x * c + offset.z * s, offset.y, -offset.x * s + offset.z * c);
    pose.yaw += turn;
  }
  return pose;
}

}  // namespace scene
