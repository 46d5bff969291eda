#include "gfx/grid_renderer.hpp"

#include <glm/gtc/type_ptr.hpp>
#include <glm/packing.hpp>

#include "gfx/shader_source.hpp"

namespace gfx {

GridRenderer::GridRenderer()
    : m_program(buildProgram(builtinProgram("grid"))), m_vao(VertexArray::create("grid")) {
  m_viewProj = uniformLocation(m_program, "u_viewProj");
  m_min = uniformLocation(m_program, "u_min");
  m_max = uniformLocation(m_program, "u_max");
  m_margin = uniformLocation(m_program, "u_margin");
  m_y = uniformLocation(m_program, "u_y");
  m_spacing = uniformLocation(m_program, "u_spacing");
  m_color = uniformLocation(m_program, "u_color");
  m_cameraPos = uniformLocation(m_program, "u_cameraPos");
  m_fade = uniformLocation(m_program, "u_fade");
}

void GridRenderer::draw(const FrameUniforms& frame, std::span<const scene::GroundGrid> grids,
                        float fadeStart, float fadeEnd) const {
  if (grids.empty()) return;
  glUseProgram(m_program.id());
  glUniformMatrix4fv(m_viewProj, 1, GL_FALSE, glm::value_ptr(frame.viewProj));
  glUniform3fv(m_cameraPos, 1, glm::value_ptr(frame.cameraPosition));
  glUniform2f(m_fade, fadeStart, fadeEnd);
  glBindVertexArray(m_vao.id());
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDepthMask(GL_FALSE);
  // Both sides: the grid stays visible when the camera dips below the ground.
  glDisable(GL_CULL_FACE);
  for (const auto& grid : grids) {
    if (!(grid.spacing > 0.0f)) continue;
    const glm::vec4 color = glm::unpackUnorm4x8(grid.color);
    glUniform2fv(m_min, 1, glm::value_ptr(grid.min));
    glUniform2fv(m_max, 1, glm::value_ptr(grid.max));
    glUniform1f(m_margin, 0.25f * grid.spacing);
    glUniform1f(m_spacing, grid.spacing);
    // Just below the ground, so flat (zero-height) bars do not z-fight with the lines.
    glUniform1f(m_y, grid.y - 0.01f * grid.spacing);
    glUniform4fv(m_color, 1, glm::value_ptr(color));
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  }
  glEnable(GL_CULL_FACE);
  glDepthMask(GL_TRUE);
  glDisable(GL_BLEND);
  glBindVertexArray(0);
}

}  // namespace gfx
