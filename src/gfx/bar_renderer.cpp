#include "gfx/bar_renderer.hpp"

#include <cstdint>
#include <string>

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
    : m_instances(Buffer::create("bars.instances")),
      m_towerPass(makePass("bars.towers", unitCubePositiveFaces())),
      m_pitPass(makePass("bars.pits", unitCube())) {}

BarRenderer::Pass BarRenderer::makePass(const char* program,
                                        const std::vector<CubeVertex>& mesh) const {
  Pass pass;
  pass.program = buildProgram(builtinProgram(program));
  pass.viewProj = uniformLocation(pass.program, "u_viewProj");
  pass.footprint = uniformLocation(pass.program, "u_footprint");
  pass.cameraPos = uniformLocation(pass.program, "u_cameraPos");
  pass.edgeStrength = uniformLocation(pass.program, "u_edgeStrength");
  pass.mesh = Buffer::create(std::string(program) + ".mesh");
  pass.vao = VertexArray::create(program);
  pass.vertexCount = static_cast<GLsizei>(mesh.size());
  glBindVertexArray(pass.vao.id());
  glBindBuffer(GL_ARRAY_BUFFER, pass.mesh.id());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(mesh.size() * sizeof(CubeVertex)),
               mesh.data(), GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(CubeVertex),
                        offset(offsetof(CubeVertex, position)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, sizeof(CubeVertex),
                        offset(offsetof(CubeVertex, normal)));
  glBindVertexArray(0);
  pointInstances(pass, 0);
  return pass;
}

// Per instance: x, z, height as floats, then the packed colour as 4 normalized bytes, starting at
// `firstInstance` (GL 3.3 has no base instance, so each pass points at its own range).
void BarRenderer::pointInstances(const Pass& pass, size_t firstInstance) const {
  const size_t base = firstInstance * sizeof(scene::BarInstance);
  glBindVertexArray(pass.vao.id());
  glBindBuffer(GL_ARRAY_BUFFER, m_instances.id());
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 3, GL_FLOAT, GL_FALSE, sizeof(scene::BarInstance),
                        offset(base + offsetof(scene::BarInstance, x)));
  glVertexAttribDivisor(2, 1);
  glEnableVertexAttribArray(3);
  glVertexAttribPointer(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(scene::BarInstance),
                        offset(base + offsetof(scene::BarInstance, color)));
  glVertexAttribDivisor(3, 1);
  glBindVertexArray(0);
}

void BarRenderer::upload(std::span<const scene::BarInstance> bars) {
  // Towers first, then pits, each in scene order.
  m_staging.clear();
  m_staging.reserve(bars.size());
  for (const auto& bar : bars) {
    if (bar.height >= 0.0f) m_staging.push_back(bar);
  }
  m_towers = m_staging.size();
  for (const auto& bar : bars) {
    if (bar.height < 0.0f) m_staging.push_back(bar);
  }
  m_pits = m_staging.size() - m_towers;
  uploadGrowing(m_instances, m_capacity, m_staging.data(),
                m_staging.size() * sizeof(scene::BarInstance));
  pointInstances(m_pitPass, m_towers);
}

void BarRenderer::drawPass(const Pass& pass, GLsizei instances, const FrameUniforms& frame,
                           float footprint, float edgeStrength) const {
  glUseProgram(pass.program.id());
  glUniformMatrix4fv(pass.viewProj, 1, GL_FALSE, glm::value_ptr(frame.viewProj));
  glUniform3fv(pass.cameraPos, 1, glm::value_ptr(frame.cameraPosition));
  glUniform1f(pass.footprint, footprint);
  glUniform1f(pass.edgeStrength, edgeStrength);
  glBindVertexArray(pass.vao.id());
  glDrawArraysInstanced(GL_TRIANGLES, 0, pass.vertexCount, instances);
  glBindVertexArray(0);
}

void BarRenderer::draw(const FrameUniforms& frame, float footprint, float edgeStrength) const {
  if (m_towers > 0) {
    // Faces are mirrored towards the camera, which flips their winding: no culling needed.
    glDisable(GL_CULL_FACE);
    drawPass(m_towerPass, static_cast<GLsizei>(m_towers), frame, footprint, edgeStrength);
    glEnable(GL_CULL_FACE);
  }
  if (m_pits > 0) {
    drawPass(m_pitPass, static_cast<GLsizei>(m_pits), frame, footprint, edgeStrength);
  }
}

}  // namespace gfx
