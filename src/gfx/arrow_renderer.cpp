#include "gfx/arrow_renderer.hpp"

#include <glm/gtc/type_ptr.hpp>

#include "gfx/buffer_upload.hpp"
#include "gfx/meshes.hpp"
#include "gfx/shader_source.hpp"

namespace gfx {

namespace {
const void* offset(size_t bytes) {
  return reinterpret_cast<const void*>(bytes);
}
}  // namespace

ArrowRenderer::ArrowRenderer(int segments)
    : m_program(buildProgram(builtinProgram("arrows"))),
      m_mesh(Buffer::create("arrows.mesh")),
      m_instances(Buffer::create("arrows.instances")),
      m_vao(VertexArray::create("arrows")) {
  m_viewProj = uniformLocation(m_program, "u_viewProj");
  m_cameraPos = uniformLocation(m_program, "u_cameraPos");
  m_pass = uniformLocation(m_program, "u_pass");

  const auto mesh = arrowMesh(segments);
  m_vertexCount = static_cast<GLsizei>(mesh.size());
  glBindVertexArray(m_vao.id());
  glBindBuffer(GL_ARRAY_BUFFER, m_mesh.id());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(mesh.size() * sizeof(ArrowVertex)),
               mesh.data(), GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 4, GL_FLOAT, GL_FALSE, sizeof(ArrowVertex),
                        offset(offsetof(ArrowVertex, shape)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, sizeof(ArrowVertex),
                        offset(offsetof(ArrowVertex, part)));

  using scene::ArrowInstance;
  glBindBuffer(GL_ARRAY_BUFFER, m_instances.id());
  const struct {
    GLuint index;
    GLint size;
    GLenum type;
    GLboolean normalized;
    size_t offset;
  } attributes[] = {
      {2, 3, GL_FLOAT, GL_FALSE, offsetof(ArrowInstance, origin)},
      {3, 3, GL_FLOAT, GL_FALSE, offsetof(ArrowInstance, vector)},
      {4, 4, GL_UNSIGNED_BYTE, GL_TRUE, offsetof(ArrowInstance, color)},
      {5, 1, GL_FLOAT, GL_FALSE, offsetof(ArrowInstance, radius)},
  };
  for (const auto& a : attributes) {
    glEnableVertexAttribArray(a.index);
    glVertexAttribPointer(a.index, a.size, a.type, a.normalized, sizeof(ArrowInstance),
                          offset(a.offset));
    glVertexAttribDivisor(a.index, 1);
  }
  glBindVertexArray(0);
}

void ArrowRenderer::upload(std::span<const scene::ArrowInstance> arrows) {
  uploadGrowing(m_instances, m_capacity, arrows.data(), arrows.size_bytes());
  m_count = arrows.size();
}

void ArrowRenderer::draw(const FrameUniforms& frame) const {
  if (m_count == 0) return;
  glUseProgram(m_program.id());
  glUniformMatrix4fv(m_viewProj, 1, GL_FALSE, glm::value_ptr(frame.viewProj));
  glUniform3fv(m_cameraPos, 1, glm::value_ptr(frame.cameraPosition));
  glBindVertexArray(m_vao.id());
  const auto instances = static_cast<GLsizei>(m_count);
  glUniform1i(m_pass, 0);
  glDrawArraysInstanced(GL_TRIANGLES, 0, m_vertexCount, instances);

  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDepthMask(GL_FALSE);
  glUniform1i(m_pass, 1);
  glDrawArraysInstanced(GL_TRIANGLES, 0, m_vertexCount, instances);
  glDepthMask(GL_TRUE);
  glDisable(GL_BLEND);
  glBindVertexArray(0);
}

}  // namespace gfx
