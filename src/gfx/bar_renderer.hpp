// Height-field bars, one unit cube per scene::BarInstance (see shaders/bars.*). Bars are split at
// upload into towers (height >= 0, drawn with three camera-facing faces each, indexed) and pits
// (full cubes seen from inside): two draws that pull their bars from a buffer texture.
#pragma once

#include <span>

#include <vector>

#include "gfx/frame.hpp"
#include "gfx/gl_object.hpp"
#include "gfx/meshes.hpp"
#include "scene/scene_data.hpp"

namespace gfx {

class BarRenderer {
 public:
  BarRenderer();  // needs a current context
  // `levels`: runs of bars on raised floors (scene::SceneData::levels); the others stand on the
  // ground.
  void upload(std::span<const scene::BarInstance> bars,
              std::span<const scene::BarLevel> levels = {});
  // Puts each floor's towers nearest first as seen from `camera`, so the depth test skips
  // shading what nearer bars hide (a third of llvmpipe's bar cost). Sorts and uploads again only
  // when the camera has moved to another of 16 directions around the bars.
  void orderFrontToBack(glm::vec3 camera);
  // `footprint`: side of each bar's square (scene.bar_footprint); `edgeStrength` in [0, 1]
  // darkens bar edges (0: none).
  void draw(const FrameUniforms& frame, float footprint, float edgeStrength) const;
  // Bars with alpha < 1 over what is already drawn: a depth-only pass keeps the nearest bar
  // surface, then that surface alone is blended (order-independent: no sorting, no bar seen
  // through another bar). Leaves blending off and depth writes on.
  void drawTranslucent(const FrameUniforms& frame, float footprint, float edgeStrength) const;
  size_t count() const { return m_towers + m_pits; }
  bool translucent() const { return m_translucent; }  // some bar has alpha < 255

 private:
  struct Pass {
    Program program;
    GLint meshVertices = 0;  // per bar: the shader's corners (indexed) or vertices
    Buffer elements;         // indexed passes: the mesh's indices for kBarsPerDraw bars
    GLsizei indicesPerBar = 0;
    GLint viewProj = -1, footprint = -1, cameraPos = -1, edgeStrength = -1, firstBar = -1,
          base = -1, halfViewport = -1;
  };
  // Bars of one floor in the staging buffer: its towers, and its pits after every tower.
  struct Run {
    float base = 0.0f;
    size_t firstTower = 0, towers = 0, firstPit = 0, pits = 0;
  };
  // `shape` without indices: drawn as plain triangles of its corners (the pits' full cube).
  static Pass makePass(const char* program, const IndexedMesh& shape);
  void drawPass(const Pass& pass, bool towers, const FrameUniforms& frame, float footprint,
                float edgeStrength) const;

  Buffer m_instances;    // towers first, then pits
  Texture m_barTexture;  // GL_TEXTURE_BUFFER view of m_instances
  VertexArray m_vao;     // empty: core profile needs one bound to draw
  Pass m_towerPass, m_pitPass;
  std::vector<scene::BarInstance> m_staging;
  std::vector<Run> m_runs;
  size_t m_capacity = 0, m_towers = 0, m_pits = 0;
  glm::vec2 m_towersCenter{0.0f};  // x, z
  int m_orderedDirection = -1;     // of orderFrontToBack's 16; -1: scene order
  bool m_translucent = false;
};

}  // namespace gfx
