// CPU-side meshes and the height-field resampling (no GL).
#include <doctest/doctest.h>

#include <glm/packing.hpp>

#include "gfx/height_field.hpp"
#include "gfx/meshes.hpp"

TEST_CASE("the unit cube winds counter-clockwise seen from outside") {
  const auto cube = gfx::unitCube();
  REQUIRE(cube.size() == 36);
  for (size_t i = 0; i < cube.size(); i += 3) {
    const glm::vec3 a = cube[i].position, b = cube[i + 1].position, c = cube[i + 2].position;
    const glm::vec3 n = glm::cross(b - a, c - a);
    CHECK(glm::dot(n, cube[i].normal) > 0.0f);
    CHECK(a.y >= 0.0f);
    CHECK(a.y <= 1.0f);
  }
}

TEST_CASE("the towers' shell is the cube's +x, +y and +z faces, flat-shaded by provoking vertex") {
  const auto shell = gfx::towerShell();
  REQUIRE(shell.corners.size() == 7);
  REQUIRE(shell.indices.size() == 18);
  glm::vec3 area(0.0f);  // per axis, of the triangles whose normal is that axis
  for (size_t i = 0; i < shell.indices.size(); i += 3) {
    const glm::vec3 a = shell.corners[shell.indices[i]].position;
    const glm::vec3 b = shell.corners[shell.indices[i + 1]].position;
    const glm::vec3 c = shell.corners[shell.indices[i + 2]].position;
    // The last vertex carries the triangle's outward normal: counter-clockwise seen from outside,
    // every vertex on the face's plane (x = 0.5, y = 1 or z = 0.5).
    const glm::vec3 normal = shell.corners[shell.indices[i + 2]].normal;
    REQUIRE(glm::dot(normal, glm::vec3(1.0f)) == 1.0f);
    const glm::vec3 cross = glm::cross(b - a, c - a);
    CHECK(glm::dot(cross, normal) > 0.0f);
    const float plane = normal.y > 0.5f ? 1.0f : 0.5f;
    for (const glm::vec3& p : {a, b, c})
      CHECK(glm::dot(p, normal) == plane);
    area += 0.5f * glm::abs(cross);
  }
  CHECK(area == glm::vec3(1.0f));  // each face covered exactly once
}

TEST_CASE("arrow and grid meshes have the expected sizes") {
  CHECK(gfx::arrowMesh(16).size() == 6u + 16u * 6u);
  CHECK_THROWS(gfx::arrowMesh(2));
  const auto grid = gfx::gridMesh(4, 3);
  CHECK(grid.vertices.size() == 12);
  CHECK(grid.indices.size() == 3u * 2u * 6u);
  CHECK(grid.vertices.back() == glm::vec2(1.0f, 1.0f));
  // Triangles face +y with uv.x -> x and uv.y -> z.
  const auto p = [&](uint32_t i) { return glm::vec3(grid.vertices[i].x, 0, grid.vertices[i].y); };
  const glm::vec3 n =
      glm::cross(p(grid.indices[1]) - p(grid.indices[0]), p(grid.indices[2]) - p(grid.indices[0]));
  CHECK(n.y > 0.0f);
}

TEST_CASE("bars on a lattice with a gap rasterize one texel per cell, with a border") {
  std::vector<scene::BarInstance> bars;
  // Two 3x2 "heads" with pitch 0.5, separated by a gap of one empty column.
  for (int head = 0; head < 2; ++head) {
    for (int q = 0; q < 2; ++q) {
      for (int k = 0; k < 3; ++k) {
        const float x = 0.5f * static_cast<float>(k + head * 4);
        bars.push_back({x, 0.5f * static_cast<float>(q), static_cast<float>(head * 10 + q * 3 + k),
                        0xff0000ffu});
      }
    }
  }
  const auto field = gfx::rasterizeBars(bars, 4096);
  REQUIRE(field.width == 7 + 2);
  REQUIRE(field.height == 2 + 2);
  CHECK(field.cellSize == glm::vec2(0.5f, 0.5f));
  CHECK(field.origin == glm::vec2(-0.5f, -0.5f));
  const auto texel = [&](int x, int z) {
    return static_cast<size_t>((z + 1) * field.width + x + 1);
  };
  CHECK(field.heights[texel(2, 1)] == 5.0f);   // head 0, q 1, k 2
  CHECK(field.heights[texel(6, 1)] == 15.0f);  // head 1, q 1, k 2
  // The gap column: height 0, coloured like its neighbours (the wall down to the ground).
  CHECK(field.heights[texel(3, 0)] == 0.0f);
  CHECK(field.colors[texel(3, 0)] == 0xff0000ffu);
  // The border ring too; its corners take the diagonal neighbour's colour.
  CHECK(field.heights[0] == 0.0f);
  CHECK(field.colors[0] == 0xff0000ffu);
}

TEST_CASE("texels two cells away from any bar are not drawn") {
  const std::vector<scene::BarInstance> bars = {
      {0, 0, 1.0f, 0xff00ff00u}, {1, 0, 2.0f, 0xff00ff00u}, {6, 1, 3.0f, 0xff00ff00u}};
  const auto field = gfx::rasterizeBars(bars, 64);
  REQUIRE(field.width == 7 + 2);
  REQUIRE(field.height == 2 + 2);
  const auto alpha = [&](int x, int z) {
    return field.colors[static_cast<size_t>((z + 1) * field.width + x + 1)] >> 24;
  };
  CHECK(alpha(2, 0) == 255u);  // next to (1, 0)
  CHECK(alpha(5, 0) == 255u);  // diagonal to (6, 1)
  CHECK(alpha(3, 1) == 0u);    // nothing within one cell
  CHECK(alpha(3, 0) == 0u);
}

TEST_CASE("oversized lattices merge cells keeping the largest magnitude") {
  std::vector<scene::BarInstance> bars;
  for (int k = 0; k < 10; ++k) {
    bars.push_back({static_cast<float>(k), 0.0f, k == 3 ? -9.0f : 1.0f, 0xffffffffu});
  }
  const auto field = gfx::rasterizeBars(bars, 4);  // 10 cells -> 2 blocks of 5, + 2 border
  CHECK(field.width == 4);
  CHECK(field.height == 3);
  CHECK(field.cellSize.x == 5.0f);
  CHECK(field.origin.x == -3.0f);
  CHECK(field.heights[1 * 4 + 1] == -9.0f);
  CHECK(gfx::rasterizeBars({}, 16).width == 0);
}

TEST_CASE("height field texels carry the height and its central differences") {
  gfx::HeightField field;
  field.width = 4;
  field.height = 3;
  // h = x + 10 z: slopes 1 along x and 10 along z inside; half that at the edges, where the edge
  // texel stands for the one past it (clamp to edge).
  for (int z = 0; z < 3; ++z) {
    for (int x = 0; x < 4; ++x)
      field.heights.push_back(static_cast<float>(x + 10 * z));
  }
  const std::vector<glm::vec4> texels = gfx::heightsAndSlopes(field);
  REQUIRE(texels.size() == 12);
  const auto at = [&](int x, int z) { return texels[static_cast<size_t>(z * 4 + x)]; };
  CHECK(at(2, 1) == glm::vec4(12.0f, 1.0f, 10.0f, 0.0f));
  CHECK(at(0, 1).y == 0.5f);
  CHECK(at(3, 1).y == 0.5f);
  CHECK(at(1, 0).z == 5.0f);
  CHECK(at(1, 2).z == 5.0f);
  CHECK(at(3, 2).x == 23.0f);
}

TEST_CASE("bar runs: the scene's raised levels and the ground runs around them") {
  using scene::BarLevel;
  auto same = [](const std::vector<BarLevel>& got, const std::vector<BarLevel>& want) {
    REQUIRE(got.size() == want.size());
    for (size_t k = 0; k < got.size(); ++k) {
      CAPTURE(k);
      CHECK(got[k].first == want[k].first);
      CHECK(got[k].count == want[k].count);
      CHECK(got[k].base == want[k].base);
    }
  };
  same(gfx::barRuns(10, {}), {{0, 10, 0.0f}});
  same(gfx::barRuns(0, {}), {});
  const std::vector<BarLevel> levels{{2, 3, 1.5f}, {7, 2, 3.0f}};
  same(gfx::barRuns(10, levels),
       {{0, 2, 0.0f}, {2, 3, 1.5f}, {5, 2, 0.0f}, {7, 2, 3.0f}, {9, 1, 0.0f}});
  // Overlapping and out-of-range levels are clipped: every bar is in exactly one run.
  const std::vector<BarLevel> messy{{0, 4, 1.0f}, {2, 4, 2.0f}, {8, 5, 3.0f}};
  same(gfx::barRuns(9, messy), {{0, 4, 1.0f}, {4, 2, 2.0f}, {6, 2, 0.0f}, {8, 1, 3.0f}});
}
