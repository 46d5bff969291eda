// Height-field bars, one instanced unit cube per scene::BarInstance (see shaders/bars.*). Bars
// are split at upload into towers (height >= 0, drawn with three camera-facing faces each) and
// pits (full cubes seen from inside), two instanced draws.
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
  void upload(std::span<const scene::BarInstance> bars);
  // `footprint`: side of each bar's square (scene.bar_footprint); `edgeStrength` in [0, 1]
  // darkens bar edges (0: none).
  void draw(const FrameUniforms& frame, float footprint, float edgeStrength) const;
  size_t count() const { return m_towers + m_pits; }

 private:
  struct Pass {
    Program program;
    Buffer mesh;
    VertexArray vao;
    GLsizei vertexCount = 0;
    GLint viewProj = -1, footprint = -1, cameraPos = -1, edgeStrength = -1;
  };
  Pass makePass(const char* program, const std::vector<CubeVertex>& mesh) const;
  void pointInstances(const Pass& pass, size_t firstInstance) const;
  void drawPass(const Pass& pass, GLsizei instances, const FrameUniforms& frame, float footprint,
                float edgeStrength) const;

  Buffer m_instances;  // towers first, then pits
  Pass m_towerPass, m_pitPass;
  std::vector<scene::BarInstance> m_staging;
  size_t m_capacity = 0, m_towers = 0, m_pits = 0;
};

}  // namespace gfx
