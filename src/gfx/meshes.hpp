// CPU-side meshes the renderers instance (pure functions, no GL: testable anywhere).
#pragma once

#include <cstdint>
#include <vector>

#include <glm/glm.hpp>

namespace gfx {

struct CubeVertex {
  glm::vec3 position;  // x, z in [-0.5, 0.5], y in [0, 1]
  glm::vec3 normal;
};

// 36 vertices (12 triangles, counter-clockwise seen from outside), flat normals.
std::vector<CubeVertex> unitCube();
// The towers' shell: the unit cube's +x, +y and +z faces on their 7 shared corners, mirrored per
// bar towards the camera in bars.vert. Indexed, so a bar costs 7 vertex shader runs instead of 18.
// Each face has one corner of its own, the last of both its triangles: that provoking vertex
// carries the face's normal (flat shading), the corners shared between faces carry none.
struct IndexedMesh {
  std::vector<CubeVertex> corners;
  std::vector<uint16_t> indices;  // triangles, counter-clockwise seen from outside
};
IndexedMesh towerShell();

struct ArrowVertex {
  glm::vec4 shape;  // radial direction x, y; radial scale 0 or 1; axial position 0..1
  float part;       // 0 shaft ribbon (shape.x: side -1 or +1), 1 cone wall, 2 cone base cap
};

// Arrow along +z: the shaft one ribbon (two triangles) that the vertex shader turns to face the
// camera and the fragment shader shades as a cylinder, then a cone with `segments` sides and its
// base cap (triangles, counter-clockwise outside). A shaft only pixels wide drawn as a polygonal
// cylinder is all sliver triangles, each of which a software rasterizer shades block by block.
std::vector<ArrowVertex> arrowMesh(int segments);

struct GridMesh {
  std::vector<glm::vec2> vertices;  // [0,1]^2, row-major, columns x rows
  std::vector<uint32_t> indices;    // triangles, counter-clockwise seen from +y (x right, z down)
};

// A columns x rows vertex grid (each >= 2).
GridMesh gridMesh(int columns, int rows);

}  // namespace gfx
