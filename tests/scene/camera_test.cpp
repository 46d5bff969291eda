// OrbitCamera invariants: orbit, pan, zoom toward the cursor, framing, presets, rays.
#include <doctest/doctest.h>

#include <cmath>

#include "scene/camera.hpp"

using namespace scene;

namespace {

OrbitCamera makeCamera(bool ortho) {
  OrbitCamera c;
  c.target = {2.0f, 0.5f, 3.0f};
  c.distance = 12.0f;
  c.yaw = 0.4f;
  c.pitch = 0.5f;
  c.orthographic = ortho;
  c.viewport = {800.0f, 600.0f};
  return c;
}

void checkNear(glm::vec3 a, glm::vec3 b, float eps = 1e-4f) {
  CHECK(a.x == doctest::Approx(b.x).epsilon(eps));
  CHECK(a.y == doctest::Approx(b.y).epsilon(eps));
  CHECK(a.z == doctest::Approx(b.z).epsilon(eps));
}

}  // namespace

TEST_CASE("camera: the basis is orthonormal and the eye sits at the distance") {
  for (const float pitch : {-1.5707963f, -0.3f, 0.0f, 0.7f, 1.5707963f}) {
    OrbitCamera c = makeCamera(false);
    c.pitch = pitch;
    CHECK(glm::length(c.forward()) == doctest::Approx(1.0f));
    CHECK(glm::length(c.up()) == doctest::Approx(1.0f));
    CHECK(glm::dot(c.forward(), c.right()) == doctest::Approx(0.0f).epsilon(1e-5));
    CHECK(glm::dot(c.forward(), c.up()) == doctest::Approx(0.0f).epsilon(1e-5));
    CHECK(glm::distance(c.eye(), c.target) == doctest::Approx(c.distance));
    // The target projects to the centre of the screen.
    const glm::vec3 n = c.worldToNdc(c.target);
    CHECK(std::abs(n.x) < 1e-4f);
    CHECK(std::abs(n.y) < 1e-4f);
  }
}

TEST_CASE("camera: orbit keeps the distance to the target and clamps pitch") {
  OrbitCamera c = makeCamera(false);
  const glm::vec3 target = c.target;
  c.orbit(120.0f, -45.0f);
  CHECK(glm::distance(c.eye(), target) == doctest::Approx(12.0f));
  CHECK(c.target == target);
  c.orbit(0.0f, 10000.0f);
  CHECK(c.pitch == doctest::Approx(OrbitCamera::kMaxPitch));
  CHECK(glm::distance(c.eye(), target) == doctest::Approx(12.0f));
  c.orbit(0.0f, -20000.0f);
  CHECK(c.pitch == doctest::Approx(-OrbitCamera::kMaxPitch));
}

TEST_CASE("camera: pan keeps the direction and distance and drags the scene with the cursor") {
  for (const bool ortho : {false, true}) {
    OrbitCamera c = makeCamera(ortho);
    const glm::vec3 dir = c.forward();
    const glm::vec3 p = c.target;  // a point on the target plane, at the screen centre
    const glm::vec2 before = c.worldToScreen(p);
    c.pan(37.0f, -21.0f);
    checkNear(c.forward(), dir);
    CHECK(c.distance == 12.0f);
    const glm::vec2 after = c.worldToScreen(p);
    CHECK(after.x - before.x == doctest::Approx(37.0f).epsilon(1e-3));
    CHECK(after.y - before.y == doctest::Approx(-21.0f).epsilon(1e-3));
  }
}

TEST_CASE("camera: zoom toward the cursor keeps the point under it fixed") {
  for (const bool ortho : {false, true}) {
    OrbitCamera c = makeCamera(ortho);
    const glm::vec2 cursor{613.0f, 402.0f};
    // The ground point under the cursor.
    const Ray ray = c.screenRay(cursor);
    REQUIRE(ray.direction.y < 0.0f);
    const glm::vec3 ground = ray.origin + (-ray.origin.y / ray.direction.y) * ray.direction;
    const float d0 = c.distance;
    c.zoomToward(cursor, 3.0f);
    CHECK(c.distance == doctest::Approx(d0 * std::pow(0.9f, 3.0f)));
    const glm::vec2 s = c.worldToScreen(ground);
    CHECK(s.x == doctest::Approx(cursor.x).epsilon(1e-3));
    CHECK(s.y == doctest::Approx(cursor.y).epsilon(1e-3));
    c.zoomToward(cursor, -5.0f);  // out again
    const glm::vec2 s2 = c.worldToScreen(ground);
    CHECK(s2.x == doctest::Approx(cursor.x).epsilon(1e-3));
    CHECK(s2.y == doctest::Approx(cursor.y).epsilon(1e-3));
  }
}

TEST_CASE("camera: frame makes every corner of the bounds visible") {
  const glm::vec3 lo{-20.0f, -3.0f, -1.0f}, hi{37.0f, 8.0f, 12.0f};
  for (const bool ortho : {false, true}) {
    for (const float yaw : {0.0f, -0.6f, 1.2f, 3.0f}) {
      for (const float pitch : {0.0f, 0.3f, 0.9f, 1.5707963f, -0.4f}) {
        for (const glm::vec2 vp : {glm::vec2(800, 600), glm::vec2(400, 900)}) {
          OrbitCamera c = makeCamera(ortho);
          c.yaw = yaw;
          c.pitch = pitch;
          c.viewport = vp;
          c.frame(lo, hi, vp.x / vp.y);
          for (int k = 0; k < 8; ++k) {
            const glm::vec3 p{(k & 1) ? hi.x : lo.x, (k & 2) ? hi.y : lo.y, (k & 4) ? hi.z : lo.z};
            const glm::vec3 n = c.worldToNdc(p);
            INFO("ortho ", ortho, " yaw ", yaw, " pitch ", pitch, " corner ", k);
            CHECK(std::abs(n.x) <= 1.0f);
            CHECK(std::abs(n.y) <= 1.0f);
            CHECK(std::abs(n.z) <= 1.0f);  // inside the depth range too
          }
        }
      }
    }
  }
}

TEST_CASE("camera: top-down preset is the classic heatmap") {
  OrbitCamera c;
  c.viewport = {1000.0f, 800.0f};
  const glm::vec3 lo{-0.5f, 0.0f, -0.5f}, hi{7.5f, 1.0f, 5.5f};
  c.applyPreset(ViewPreset::TopDown, lo, hi);
  checkNear(c.forward(), {0.0f, -1.0f, 0.0f});
  CHECK(c.orthographic);
  // Query rows (z) increase downward on screen, key columns (x) to the right.
  const glm::vec2 cell00 = c.worldToScreen({0.0f, 0.0f, 0.0f});
  const glm::vec2 row5 = c.worldToScreen({0.0f, 0.0f, 5.0f});
  const glm::vec2 col7 = c.worldToScreen({7.0f, 0.0f, 0.0f});
  CHECK(row5.y > cell00.y + 1.0f);
  CHECK(row5.x == doctest::Approx(cell00.x));
  CHECK(col7.x > cell00.x + 1.0f);
  CHECK(col7.y == doctest::Approx(cell00.y));
  // A ray through a screen point goes straight down.
  const Ray ray = c.screenRay({100.0f, 100.0f});
  checkNear(ray.direction, {0.0f, -1.0f, 0.0f});
  CHECK(presetForKey(2) == ViewPreset::TopDown);
  CHECK(presetForKey(1) == ViewPreset::Perspective);
  CHECK_FALSE(presetForKey(9).has_value());
}

TEST_CASE("camera: a screen ray passes through the point it came from") {
  for (const bool ortho : {false, true}) {
    OrbitCamera c = makeCamera(ortho);
    const glm::vec3 p{4.0f, 1.0f, -2.0f};
    const glm::vec2 s = c.worldToScreen(p);
    const Ray ray = c.screenRay(s);
    CHECK(glm::length(ray.direction) == doctest::Approx(1.0f));
    const float t = glm::dot(p - ray.origin, ray.direction);
    const glm::vec3 closest = ray.origin + t * ray.direction;
    CHECK(glm::distance(closest, p) < 1e-3f);
    CHECK(t > 0.0f);
    if (!ortho) checkNear(glm::normalize(p - c.eye()), ray.direction);
  }
}

TEST_CASE("camera: reset returns to the default view framing the scene") {
  OrbitCamera c = makeCamera(true);
  const glm::vec3 lo{0.0f, 0.0f, 0.0f}, hi{10.0f, 2.0f, 10.0f};
  c.reset(lo, hi);
  CHECK_FALSE(c.orthographic);
  CHECK(c.pitch > 0.0f);
  // Every corner is in view and the projected box is centred on the screen.
  glm::vec2 ndc_min(1e9f), ndc_max(-1e9f);
  for (int corner = 0; corner < 8; ++corner) {
    const glm::vec3 p{(corner & 1) ? hi.x : lo.x, (corner & 2) ? hi.y : lo.y,
                      (corner & 4) ? hi.z : lo.z};
    const glm::vec3 ndc = c.worldToNdc(p);
    CHECK(std::abs(ndc.x) <= 1.0f);
    CHECK(std::abs(ndc.y) <= 1.0f);
    ndc_min = glm::min(ndc_min, glm::vec2(ndc));
    ndc_max = glm::max(ndc_max, glm::vec2(ndc));
  }
  CHECK(std::abs(ndc_min.x + ndc_max.x) < 0.02f);
  CHECK(std::abs(ndc_min.y + ndc_max.y) < 0.02f);
  // Tight: the box fills the viewport along at least one axis (5% margin).
  CHECK(std::max(ndc_max.x - ndc_min.x, ndc_max.y - ndc_min.y) > 1.85f);
}

TEST_CASE("camera: perspective and orthographic frame the target plane alike") {
  OrbitCamera c = makeCamera(false);
  // A point on the plane through the target, perpendicular to the view.
  const glm::vec3 p = c.target + 2.5f * c.right() - 1.5f * c.up();
  const glm::vec3 persp = c.worldToNdc(p);
  c.orthographic = true;
  const glm::vec3 ortho = c.worldToNdc(p);
  CHECK(ortho.x == doctest::Approx(persp.x));
  CHECK(ortho.y == doctest::Approx(persp.y));
}

TEST_CASE("camera: framing below a free band at the top leaves the band empty") {
  for (const bool ortho : {false, true}) {
    CAPTURE(ortho);
    OrbitCamera c = makeCamera(ortho);
    c.frame_top_share = 0.15f;
    const glm::vec3 lo{0.0f, -3.0f, 0.0f}, hi{10.0f, 4.0f, 10.0f};
    c.frame(lo, hi, 0.0f);
    float top = -1.0f, bottom = 1.0f;
    for (int corner = 0; corner < 8; ++corner) {
      const glm::vec3 p{(corner & 1) ? hi.x : lo.x, (corner & 2) ? hi.y : lo.y,
                        (corner & 4) ? hi.z : lo.z};
      const glm::vec3 ndc = c.worldToNdc(p);
      CHECK(std::abs(ndc.x) <= 1.0f);
      top = std::max(top, ndc.y);
      bottom = std::min(bottom, ndc.y);
    }
    CHECK(top <= 1.0f - 2.0f * 0.15f + 1e-3f);  // NDC spans 2: the band is 0.3 of it
    // The move down is exact at the target's depth; nearer corners move a little more.
    CHECK(bottom >= -1.005f);
    CHECK(top - bottom > 1.2f);  // and the scene still fills most of what is left
  }
}

TEST_CASE("camera: framing into a share of the width leaves the sides free") {
  OrbitCamera c = makeCamera(false);
  c.frame_width_share = 0.5f;
  const glm::vec3 lo{0.0f, 0.0f, 0.0f}, hi{10.0f, 2.0f, 10.0f};
  c.reset(lo, hi);
  for (int corner = 0; corner < 8; ++corner) {
    const glm::vec3 p{(corner & 1) ? hi.x : lo.x, (corner & 2) ? hi.y : lo.y,
                      (corner & 4) ? hi.z : lo.z};
    CHECK(std::abs(c.worldToNdc(p).x) <= 0.5f);  // the middle half of the width
    CHECK(std::abs(c.worldToNdc(p).y) <= 1.0f);
  }
}
