// Camera keyframes and the turntable: exact at the keys, constant with one key, sorted keys, the
// short way round in yaw, no overshoot between two keys, a turntable that loops.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "scene/camera_path.hpp"

namespace {

constexpr float kPi = 3.14159265359f;

scene::CameraPose pose(float yaw, float pitch = 0.3f, float distance = 10.0f,
                       glm::vec3 target = glm::vec3(0.0f)) {
  return {target, distance, yaw, pitch};
}

}  // namespace

TEST_CASE("camera path: one key is constant") {
  const std::vector<scene::CameraKey> keys = {{2.0, pose(1.0f, 0.5f, 7.0f, {1, 2, 3})}};
  for (const double t : {-5.0, 0.0, 2.0, 3.5, 100.0})
    CHECK(scene::interpolate(keys, t) == keys[0].pose);
}

TEST_CASE("camera path: every key is hit exactly, and the ends hold") {
  std::vector<scene::CameraKey> keys;
  scene::addKey(keys, {0.0, pose(0.2f, 0.1f, 5.0f, {0, 0, 0})});
  scene::addKey(keys, {1.5, pose(1.4f, 0.9f, 12.0f, {2, 0, -1})});
  scene::addKey(keys, {4.0, pose(-2.9f, -0.2f, 3.0f, {-1, 1, 4})});
  scene::addKey(keys, {5.0, pose(3.0f, 1.2f, 20.0f, {0, 3, 0})});
  for (const auto& key : keys) {
    CAPTURE(key.time);
    CHECK(scene::interpolate(keys, key.time) == key.pose);
  }
  CHECK(scene::interpolate(keys, -1.0) == keys.front().pose);
  CHECK(scene::interpolate(keys, 99.0) == keys.back().pose);
}

TEST_CASE("camera path: keys stay sorted by time, a key at the same time replaces") {
  std::vector<scene::CameraKey> keys;
  for (const double t : {3.0, 1.0, 2.0, 0.5, 2.5})
    scene::addKey(keys, {t, pose(static_cast<float>(t))});
  REQUIRE(keys.size() == 5);
  for (size_t i = 1; i < keys.size(); ++i)
    CHECK(keys[i - 1].time < keys[i].time);
  scene::addKey(keys, {2.0004, pose(-1.0f)});
  CHECK(keys.size() == 5);
  CHECK(keys[2].pose.yaw == -1.0f);
}

TEST_CASE("camera path: between two keys every channel moves monotonically, without overshoot") {
  const std::vector<scene::CameraKey> keys = {{1.0, pose(0.1f, 0.2f, 4.0f, {0, 0, 0})},
                                              {3.0, pose(1.1f, 1.0f, 16.0f, {5, -2, 1})}};
  scene::CameraPose previous = keys[0].pose;
  for (int i = 1; i <= 200; ++i) {
    const double t = 1.0 + 2.0 * i / 200.0;
    const scene::CameraPose p = scene::interpolate(keys, t);
    CHECK(p.yaw >= previous.yaw);
    CHECK(p.pitch >= previous.pitch);
    CHECK(p.distance >= previous.distance);
    CHECK(p.target.x >= previous.target.x);
    CHECK(p.target.y <= previous.target.y);
    CHECK(p.yaw <= 1.1f + 1e-6f);
    CHECK(p.distance <= 16.0f + 1e-4f);
    previous = p;
  }
  // Halfway in log space: the geometric mean of the distances.
  CHECK(scene::interpolate(keys, 2.0).distance == doctest::Approx(8.0f).epsilon(1e-5));
}

TEST_CASE("camera path: yaw wraps the short way") {
  // 170° to -170° is 20° through 180°, not 340° back through 0.
  const std::vector<scene::CameraKey> keys = {{0.0, pose(170.0f * kPi / 180.0f)},
                                              {1.0, pose(-170.0f * kPi / 180.0f)}};
  for (int i = 0; i <= 20; ++i) {
    const float yaw = scene::interpolate(keys, i / 20.0).yaw;
    const float fromHalfTurn = std::abs(std::remainder(yaw - kPi, 2.0f * kPi));
    CHECK(fromHalfTurn <= 10.0f * kPi / 180.0f + 1e-5f);
  }
  // And the other way round: -170° to 170°.
  const std::vector<scene::CameraKey> back = {{0.0, keys[1].pose}, {1.0, keys[0].pose}};
  const float mid = scene::interpolate(back, 0.5).yaw;
  CHECK(std::abs(std::remainder(mid - kPi, 2.0f * kPi)) < 1e-4f);
}

TEST_CASE("camera path: the curve is smooth through a middle key") {
  // Equal spacing and collinear values: Catmull-Rom keeps the speed through the middle key.
  const std::vector<scene::CameraKey> keys = {
      {0.0, pose(0.0f)}, {1.0, pose(1.0f)}, {2.0, pose(2.0f)}, {3.0, pose(3.0f)}};
  const double h = 1e-3;
  const float left = (scene::interpolate(keys, 1.0).yaw - scene::interpolate(keys, 1.0 - h).yaw);
  const float right = (scene::interpolate(keys, 1.0 + h).yaw - scene::interpolate(keys, 1.0).yaw);
  CHECK(left == doctest::Approx(right).epsilon(0.01));
  CHECK(left / static_cast<float>(h) == doctest::Approx(1.0f).epsilon(0.01));
}

TEST_CASE("camera path: the pitch is clamped to the camera's range") {
  // Catmull-Rom can overshoot between keys that turn sharply; the camera never goes past 90°.
  const std::vector<scene::CameraKey> keys = {{0.0, pose(0, 0.0f)},
                                              {1.0, pose(0, scene::OrbitCamera::kMaxPitch)},
                                              {1.1, pose(0, scene::OrbitCamera::kMaxPitch)},
                                              {1.2, pose(0, -1.0f)}};
  for (int i = 0; i <= 120; ++i) {
    const float p = scene::interpolate(keys, i / 100.0).pitch;
    CHECK(p <= scene::OrbitCamera::kMaxPitch);
    CHECK(p >= -scene::OrbitCamera::kMaxPitch);
  }
}

TEST_CASE("turntable: turns the camera about the pivot by its share of the recording, and loops") {
  scene::CameraMotion motion;
  motion.turntable_degrees = 360.0f;
  const glm::vec3 pivot(1.0f, 0.0f, 2.0f);
  const scene::CameraPose base = pose(0.4f, 0.5f, 9.0f, {3, 1, 2});  // target 2 units from pivot
  auto eye = [](const scene::CameraPose& p) {
    scene::OrbitCamera camera;
    scene::applyPose(p, camera);
    return camera.eye();
  };
  // A recording of [2, 6) s.
  CHECK(scene::poseAt(motion, base, pivot, 2.0, 2.0, 6.0) == base);
  const scene::CameraPose quarter = scene::poseAt(motion, base, pivot, 3.0, 2.0, 6.0);
  CHECK(quarter.yaw == doctest::Approx(0.4f + kPi / 2.0f));
  CHECK(quarter.pitch == base.pitch);
  CHECK(quarter.distance == base.distance);
  // The target turned a quarter about the pivot's vertical, the same way as the eye: +x to -z.
  CHECK(quarter.target.x == doctest::Approx(1.0f));
  CHECK(quarter.target.y == 1.0f);
  CHECK(quarter.target.z == doctest::Approx(0.0f).epsilon(1e-5));
  // A rigid turn: the eye keeps its height and its distance from the pivot's axis.
  const glm::vec3 e0 = eye(base) - pivot, e1 = eye(quarter) - pivot;
  CHECK(e1.y == doctest::Approx(e0.y));
  CHECK(std::hypot(e1.x, e1.z) == doctest::Approx(std::hypot(e0.x, e0.z)));
  const scene::CameraPose full = scene::poseAt(motion, base, pivot, 6.0, 2.0, 6.0);
  CHECK(std::remainder(full.yaw - base.yaw, 2.0f * kPi) == doctest::Approx(0.0f).epsilon(1e-5));
  CHECK(glm::length(full.target - base.target) < 1e-4f);
  // Without a turntable or keys: the base pose throughout.
  CHECK(scene::poseAt({}, base, pivot, 4.0, 2.0, 6.0) == base);
  // With keys, the turntable turns the path.
  motion.keys = {{0.0, pose(1.0f)}};
  CHECK(scene::poseAt(motion, base, pivot, 4.0, 2.0, 6.0).yaw == doctest::Approx(1.0f + kPi));
}

TEST_CASE("camera pose: round trip through the orbit camera, clamped into its range") {
  scene::OrbitCamera camera;
  const scene::CameraPose p = pose(0.7f, 0.2f, 12.0f, {1, 2, 3});
  scene::applyPose(p, camera);
  CHECK(scene::poseOf(camera) == p);
  scene::applyPose(pose(0.0f, 3.0f, -1.0f), camera);
  CHECK(camera.pitch == scene::OrbitCamera::kMaxPitch);
  CHECK(camera.distance == scene::OrbitCamera::kMinDistance);
}
