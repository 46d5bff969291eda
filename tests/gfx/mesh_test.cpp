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

TEST_CASE("arrow and grid meshes have the expected sizes") {
  CHECK(gfx::arrowMesh(16).size() == 16u * 15u);
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

TEST_CASE("bars on a lattice with a gap rasterize one texel per cell") {
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
  CHECK(field.width == 7);
  CHECK(field.height == 2);
  CHECK(field.cellSize == glm::vec2(0.5f, 0.5f));
  CHECK(field.origin == glm::vec2(0.0f, 0.0f));
  CHECK(field.heights[1 * 7 + 2] == 5.0f);   // head 0, q 1, k 2
  CHECK(field.heights[1 * 7 + 6] == 15.0f);  // head 1, q 1, k 2
  CHECK((field.colors[3] >> 24) == 0u);      // the gap column is empty
  CHECK((field.colors[4] >> 24) == 255u);
}

TEST_CASE("oversized lattices merge cells keeping the largest magnitude") {
  std::vector<scene::BarInstance> bars;
  for (int k = 0; k < 10; ++k) {
    bars.push_back({static_cast<float>(k), 0.0f, k == 3 ? -9.0f : 1.0f, 0xffffffffu});
  }
  const auto field = gfx::rasterizeBars(bars, 4);  // 10 cells -> blocks of 3 -> 4 texels
  CHECK(field.width == 4);
  CHECK(field.height == 1);
  CHECK(field.cellSize.x == 3.0f);
  CHECK(field.origin.x == 1.0f);
  CHECK(field.heights[1] == -9.0f);
  CHECK(gfx::rasterizeBars({}, 16).width == 0);
}
