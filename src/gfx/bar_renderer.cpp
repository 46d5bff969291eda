#include "gfx/bar_renderer.hpp"

#include <cstdint>

#include <glm/gtc/type_ptr.hpp>

#include "gfx/buffer_upload.hpp"
#include "gfx/meshes.hpp"
#include "gfx/shader_source.hpp"

namespace gfx {

namespace {
// Byte offsets as the pointer argument glVertexAttribPointer wants.
const void* offset(size_t bytes) {
  return reinterpret_cast<const void*>(bytes);
}
}  // namespace

BarRenderer::BarRenderer()
    : m_program(buildProgram(builtinProgram("bars"))),
      m_cube(Buffer::create("bars.cube")),
      m_instances(Buffer::create("bars.instances")),
      m_vao(VertexArray::create("bars")) {
  m_viewProj = uniformLocation(m_program, "u_viewProj");
  m_footprint = uniformLocation(m_program, "u_footprint");
  m_cameraPos = uniformLocation(m_program, "u_cameraPos");
  m_edgeStrength = uniformLocation(m_program, "u_edgeStrength");

  const auto cube = unitCube();
  glBindVertexArray(m_vao.id());
  glBindBuffer(GL_ARRAY_BUFFER, m_cube.id());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(cube.size() * sizeof(CubeVertex)),
               cube.data(), GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(CubeVertex),
                        offset(offsetof(CubeVertex, position)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, sizeof(CubeVertex),
                        offset(offsetof(CubeVertex, normal)));

  // Per instance: x, z, height as floats, then the packed colour as 4 normalized bytes.
  glBindBuffer(GL_ARRAY_BUFFER, m_instances.id());
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 3, GL_FLOAT, GL_FALSE, sizeof(scene::BarInstance),
                        offset(offsetof(scene::BarInstance, x)));
  glVertexAttribDivisor(2, 1);
  glEnableVertexAttribArray(3);
  glVertexAttribPointer(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(scene::BarInstance),
                        offset(offsetof(scene::BarInstance, color)));
  glVertexAttribDivisor(3, 1);
  glBindVertexArray(0);
}

void BarRenderer::upload(std::span<const scene::BarInstance> bars) {
  uploadGrowing(m_instances, m_capacity, bars.data(), bars.size_bytes());
  m_count = bars.size();
}

void BarRenderer::draw(const FrameUniforms& frame, float footprint, float edgeStrength) const {
  if (m_count == 0) return;
  glUseProgram(m_program.id());
  glUniformMatrix4fv(m_viewProj, 1, GL_FALSE, glm::value_ptr(frame.viewProj));
  glUniform3fv(m_cameraPos, 1, glm::value_ptr(frame.cameraPosition));
  glUniform1f(m_footprint, footprint);
  glUniform1f(m_edgeStrength, edgeStrength);
  glBindVertexArray(m_vao.id());
  glDrawArraysInstanced(GL_TRIANGLES, 0, 36, static_cast<GLsizei>(m_count));
  glBindVertexArray(0);
}

}  // namespace gfx
