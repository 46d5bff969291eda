#include "gfx/meshes.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace gfx {

std::vector<CubeVertex> unitCube() {
  // Each face: normal, then two in-face axes (a, b) with a x b = normal, so a quad listed as
  // c - a - b, c + a - b, c + a + b, c - a + b is counter-clockwise seen from outside.
  struct Face {
    glm::vec3 normal, a, b;
  };
  const Face faces[] = {
      {{1, 0, 0}, {0, 0, -1}, {0, 1, 0}}, {{-1, 0, 0}, {0, 0, 1}, {0, 1, 0}},
      {{0, 1, 0}, {1, 0, 0}, {0, 0, -1}}, {{0, -1, 0}, {1, 0, 0}, {0, 0, 1}},
      {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}},  {{0, 0, -1}, {-1, 0, 0}, {0, 1, 0}},
  };
  std::vector<CubeVertex> vertices;
  vertices.reserve(36);
  const glm::vec3 center(0.0f, 0.5f, 0.0f);
  for (const Face& face : faces) {
    const glm::vec3 c = center + 0.5f * face.normal;
    const glm::vec3 a = 0.5f * face.a, b = 0.5f * face.b;
    const glm::vec3 corners[4] = {c - a - b, c + a - b, c + a + b, c - a + b};
    for (const int i : {0, 1, 2, 0, 2, 3})
      vertices.push_back({corners[i], face.normal});
  }
  return vertices;
}

IndexedMesh towerShell() {
  // Corner 0 is shared by all three faces; 2, 5 and 6 belong to one face each (top, +x, +z) and
  // end both triangles of that face, each quad split along its diagonal from corner 0.
  return {.corners = {{{0.5f, 1.0f, 0.5f}, {}},
                      {{-0.5f, 1.0f, 0.5f}, {}},
                      {{-0.5f, 1.0f, -0.5f}, {0, 1, 0}},
                      {{0.5f, 1.0f, -0.5f}, {}},
                      {{0.5f, 0.0f, 0.5f}, {}},
                      {{0.5f, 0.0f, -0.5f}, {1, 0, 0}},
                      {{-0.5f, 0.0f, 0.5f}, {0, 0, 1}}},
          .indices = {0, 3, 2, 1, 0, 2, 0, 4, 5, 3, 0, 5, 0, 1, 6, 4, 0, 6}};
}

std::vector<ArrowVertex> arrowMesh(int segments) {
  if (segments < 3) throw std::invalid_argument("gfx: arrow mesh needs >= 3 segments");
  std::vector<ArrowVertex> vertices;
  vertices.reserve(6 + static_cast<size_t>(segments) * 6);
  const auto dir = [segments](int i) {
    const float angle = 2.0f * std::numbers::pi_v<float> * static_cast<float>(i % segments) /
                        static_cast<float>(segments);
    return glm::vec2(std::cos(angle), std::sin(angle));
  };
  const auto add = [&vertices](glm::vec2 d, float radial, float axial, float part) {
    vertices.push_back({glm::vec4(d, radial, axial), part});
  };
  // Shaft ribbon from side -1 to +1 (the shader's camera-facing width axis) and axial 0 to 1,
  // counter-clockwise seen from the camera.
  const glm::vec2 left(-1.0f, 0.0f), right(1.0f, 0.0f);
  add(left, 1, 0, 0), add(right, 1, 0, 0), add(right, 1, 1, 0);
  add(left, 1, 0, 0), add(right, 1, 1, 0), add(left, 1, 1, 0);
  for (int i = 0; i < segments; ++i) {
    const glm::vec2 d0 = dir(i), d1 = dir(i + 1);
    // Cone wall: the apex takes the mid direction so its normal is the average of the two.
    const glm::vec2 mid = glm::normalize(d0 + d1);
    add(d0, 1, 0, 1), add(d1, 1, 0, 1), add(mid, 0, 1, 1);
    // Cone base cap, facing -z. The centre vertex keeps a direction for the normal (unused).
    add(d0, 0, 0, 2), add(d1, 1, 0, 2), add(d0, 1, 0, 2);
  }
  return vertices;
}

GridMesh gridMesh(int columns, int rows) {
  if (columns < 2 || rows < 2) throw std::invalid_argument("gfx: grid mesh needs >= 2x2 vertices");
  GridMesh mesh;
  const auto cols = static_cast<uint32_t>(columns), rowCount = static_cast<uint32_t>(rows);
  mesh.vertices.reserve(static_cast<size_t>(cols) * rowCount);
  for (uint32_t r = 0; r < rowCount; ++r) {
    for (uint32_t c = 0; c < cols; ++c) {
      mesh.vertices.emplace_back(static_cast<float>(c) / static_cast<float>(cols - 1),
                                 static_cast<float>(r) / static_cast<float>(rowCount - 1));
    }
  }
  mesh.indices.reserve(static_cast<size_t>(cols - 1) * (rowCount - 1) * 6);
  for (uint32_t r = 0; r + 1 < rowCount; ++r) {
    for (uint32_t c = 0; c + 1 < cols; ++c) {
      const uint32_t i00 = r * cols + c, i10 = i00 + 1, i01 = i00 + cols, i11 = i01 + 1;
      // uv.x -> world x, uv.y -> world z: seen from +y, (x, z) then (x, z + 1) then (x + 1, z)
      // runs counter-clockwise.
      for (const uint32_t i : {i00, i01, i10, i10, i01, i11})
        mesh.indices.push_back(i);
    }
  }
  return mesh;
}

}  // namespace gfx
