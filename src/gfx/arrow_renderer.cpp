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

ArrowRenderer::ArrowRenderer()
    : m_program(buildProgram(builtinProgram("arrows"))),
      m_mesh(Buffer::create("arrows.mesh")),
      m_instances(Buffer::create("arrows.instances")),
      m_vao(VertexArray::create("arrows")) {
  m_viewProj = uniformLocation(m_program, "u_viewProj");
  m_cameraPos = uniformLocation(m_program, "u_cameraPos");

  // The fine mesh, then the coarse one, in one buffer.
  auto mesh = arrowMesh(kFineSegments);
  m_fineVertices = static_cast<GLsizei>(mesh.size());
  const auto coarse = arrowMesh(kCoarseSegments);
  mesh.insert(mesh.end(), coarse.begin(), coarse.end());
  m_coarseVertices = static_cast<GLsizei>(coarse.size());
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

  for (GLuint index = 2; index <= 5; ++index) {
    glEnableVertexAttribArray(index);
    glVertexAttribDivisor(index, 1);
  }
  pointInstances(0);
  glBindVertexArray(0);
}

void ArrowRenderer::pointInstances(size_t first) const {
  using scene::ArrowInstance;
  const size_t base = first * sizeof(ArrowInstance);
  glBindBuffer(GL_ARRAY_BUFFER, m_instances.id());
  glVertexAttribPointer(2, 3, GL_FLOAT, GL_FALSE, sizeof(ArrowInstance),
                        offset(base + offsetof(ArrowInstance, origin)));
  glVertexAttribPointer(3, 3, GL_FLOAT, GL_FALSE, sizeof(ArrowInstance),
                        offset(base + offsetof(ArrowInstance, vector)));
  glVertexAttribPointer(4, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ArrowInstance),
                        offset(base + offsetof(ArrowInstance, color)));
  glVertexAttribPointer(5, 1, GL_FLOAT, GL_FALSE, sizeof(ArrowInstance),
                        offset(base + offsetof(ArrowInstance, radius)));
  glBindBuffer(GL_ARRAY_BUFFER, 0);
}

void ArrowRenderer::upload(std::span<const scene::ArrowInstance> arrows) {
  // Opaque first, then translucent: each pass draws only its own (the vertex work is the cost on
  // a software renderer). Scene order is kept within each group.
  m_staging.clear();
  for (const bool translucent : {false, true}) {
    for (const scene::ArrowInstance& a : arrows) {
      if (((a.color >> 24) != 0xffu) == translucent) m_staging.push_back(a);
    }
    if (!translucent) m_opaque = m_staging.size();
  }
  uploadGrowing(m_instances, m_capacity, m_staging.data(),
                m_staging.size() * sizeof(scene::ArrowInstance));
  m_count = arrows.size();
}

void ArrowRenderer::draw(const FrameUniforms& frame) const {
  if (m_count == 0) return;
  glUseProgram(m_program.id());
  glUniformMatrix4fv(m_viewProj, 1, GL_FALSE, glm::value_ptr(frame.viewProj));
  glUniform3fv(m_cameraPos, 1, glm::value_ptr(frame.cameraPosition));
  glBindVertexArray(m_vao.id());
  const bool fine = m_count <= kFineArrowLimit;
  const GLint first = fine ? 0 : m_fineVertices;
  const GLsizei vertices = fine ? m_fineVertices : m_coarseVertices;
  if (m_opaque > 0) {
    pointInstances(0);
    glDrawArraysInstanced(GL_TRIANGLES, first, vertices, static_cast<GLsizei>(m_opaque));
  }
  if (m_count > m_opaque) {
    pointInstances(m_opaque);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDepthMask(GL_FALSE);
    glDrawArraysInstanced(GL_TRIANGLES, first, vertices, static_cast<GLsizei>(m_count - m_opaque));
    glDepthMask(GL_TRUE);
    glDisable(GL_BLEND);
  }
  glBindVertexArray(0);
}

}  // namespace gfx
