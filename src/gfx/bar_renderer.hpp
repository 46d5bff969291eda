// Height-field bars, one instanced unit cube per scene::BarInstance (see shaders/bars.*).
#pragma once

#include <span>

#include "gfx/frame.hpp"
#include "gfx/gl_object.hpp"
#include "scene/scene_data.hpp"

namespace gfx {

class BarRenderer {
 public:
  BarRenderer();  // needs a current context
  void upload(std::span<const scene::BarInstance> bars);
  // `footprint`: side of each bar's square (scene.bar_footprint); `edgeStrength` in [0, 1]
  // darkens bar edges (0: none).
  void draw(const FrameUniforms& frame, float footprint, float edgeStrength) const;
  size_t count() const { return m_count; }

 private:
  Program m_program;
  Buffer m_cube;
  Buffer m_instances;
  VertexArray m_vao;
  size_t m_capacity = 0, m_count = 0;
  GLint m_viewProj = -1, m_footprint = -1, m_cameraPos = -1, m_edgeStrength = -1;
};

}  // namespace gfx
