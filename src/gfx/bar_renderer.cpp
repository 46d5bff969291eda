#include "gfx/bar_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <stdexcept>
#include <string>

#include <glm/gtc/type_ptr.hpp>

#include "gfx/buffer_upload.hpp"
#include "gfx/height_field.hpp"
#include "gfx/shader_source.hpp"

namespace gfx {
namespace {

// Bars per indexed draw: their corners must fit 16-bit indices; each draw starts at its first
// bar's corners through the base vertex.
constexpr size_t kBarsPerDraw = 8192;

}  // namespace

BarRenderer::BarRenderer()
    : m_instances(Buffer::create("bars.instances")),
      m_barTexture(Texture::create(GL_TEXTURE_BUFFER, "bars.instances")),
      m_vao(VertexArray::create("bars")),
      m_towerPass(makePass("bars.towers", towerShell())),
      m_pitPass(makePass("bars.pits", {.corners = unitCube(), .indices = {}})) {}

BarRenderer::Pass BarRenderer::makePass(const char* program, const IndexedMesh& shape) {
  const std::vector<CubeVertex>& mesh = shape.corners;
  const std::vector<uint16_t>& indices = shape.indices;
  if (mesh.size() > 36) throw std::logic_error("gfx: bar mesh larger than bars.vert's arrays");
  Pass pass;
  pass.program = buildProgram(builtinProgram(program));
  pass.meshVertices = static_cast<GLint>(mesh.size());
  if (!indices.empty()) {
    if (kBarsPerDraw * mesh.size() > 65536)
      throw std::logic_error("gfx: a draw's bar corners do not fit 16-bit indices");
    // The same pattern for every bar of a draw, offset by the bar's corners.
    std::vector<uint16_t> elements;
    elements.reserve(kBarsPerDraw * indices.size());
    for (size_t bar = 0; bar < kBarsPerDraw; ++bar) {
      for (const uint16_t index : indices)
        elements.push_back(static_cast<uint16_t>(bar * mesh.size() + index));
    }
    pass.elements = Buffer::create("bars.elements");
    pass.indicesPerBar = static_cast<GLsizei>(indices.size());
    glBindBuffer(GL_ARRAY_BUFFER, pass.elements.id());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(elements.size() * sizeof(uint16_t)),
                 elements.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
  }
  pass.viewProj = uniformLocation(pass.program, "u_viewProj");
  pass.footprint = uniformLocation(pass.program, "u_footprint");
  pass.cameraPos = uniformLocation(pass.program, "u_cameraPos");
  pass.edgeStrength = uniformLocation(pass.program, "u_edgeStrength");
  pass.firstBar = uniformLocation(pass.program, "u_firstBar");
  pass.base = uniformLocation(pass.program, "u_base");
  pass.halfViewport = uniformLocation(pass.program, "u_halfViewport");  // towers only
  // The mesh lives in uniforms, set once.
  glUseProgram(pass.program.id());
  std::vector<glm::vec3> positions, normals;
  for (const auto& vertex : mesh) {
    positions.push_back(vertex.position);
    normals.push_back(vertex.normal);
  }
  glUniform3fv(uniformLocation(pass.program, "u_meshPosition"), pass.meshVertices,
               glm::value_ptr(positions[0]));
  glUniform3fv(uniformLocation(pass.program, "u_meshNormal"), pass.meshVertices,
               glm::value_ptr(normals[0]));
  glUniform1i(uniformLocation(pass.program, "u_meshVertices"), pass.meshVertices);
  glUniform1i(uniformLocation(pass.program, "u_bars"), 0);
  glUseProgram(0);
  return pass;
}

void BarRenderer::upload(std::span<const scene::BarInstance> bars,
                         std::span<const scene::BarLevel> levels) {
  // Towers first, then pits, each grouped by floor and in scene order within it.
  m_staging.clear();
  m_staging.reserve(bars.size());
  m_runs.clear();
  m_translucent = false;
  for (const scene::BarLevel& level : barRuns(bars.size(), levels)) {
    Run run;
    run.base = level.base;
    run.firstTower = m_staging.size();
    for (size_t k = level.first; k < level.first + level.count; ++k) {
      if (bars[k].height >= 0.0f) m_staging.push_back(bars[k]);
      m_translucent = m_translucent || (bars[k].color >> 24) != 0xffu;
    }
    run.towers = m_staging.size() - run.firstTower;
    m_runs.push_back(run);
  }
  m_towers = m_staging.size();
  m_orderedDirection = -1;
  m_towersCenter = footprintCenter(std::span(m_staging.data(), m_towers));
  size_t index = 0;
  for (const scene::BarLevel& level : barRuns(bars.size(), levels)) {
    Run& run = m_runs[index++];
    run.firstPit = m_staging.size();
    for (size_t k = level.first; k < level.first + level.count; ++k)
      if (bars[k].height < 0.0f) m_staging.push_back(bars[k]);
    run.pits = m_staging.size() - run.firstPit;
  }
  m_pits = m_staging.size() - m_towers;
  uploadGrowing(m_instances, m_capacity, m_staging.data(),
                m_staging.size() * sizeof(scene::BarInstance));
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  if (m_capacity == 0) return;
  // Re-attached after every upload: the buffer's storage may have been reallocated.
  glBindTexture(GL_TEXTURE_BUFFER, m_barTexture.id());
  glTexBuffer(GL_TEXTURE_BUFFER, GL_RGBA32UI, m_instances.id());
  glBindTexture(GL_TEXTURE_BUFFER, 0);
}

void BarRenderer::orderFrontToBack(glm::vec3 camera) {
  const glm::vec2 toCamera = glm::vec2(camera.x, camera.z) - m_towersCenter;
  if (m_towers < 2 || glm::dot(toCamera, toCamera) < 1e-12f) return;  // above: any order will do
  constexpr int kDirections = 16;
  constexpr float kStep = 2.0f * std::numbers::pi_v<float> / kDirections;
  const int direction =
      (static_cast<int>(std::lround(std::atan2(toCamera.y, toCamera.x) / kStep)) + kDirections) %
      kDirections;
  if (direction == m_orderedDirection) return;
  m_orderedDirection = direction;
  const float angle = kStep * static_cast<float>(direction);
  const glm::vec2 towards(std::cos(angle), std::sin(angle));
  const auto nearness = [towards](const scene::BarInstance& bar) {
    return bar.x * towards.x + bar.z * towards.y;
  };
  for (const Run& run : m_runs) {
    const auto first = m_staging.begin() + static_cast<std::ptrdiff_t>(run.firstTower);
    std::sort(first, first + static_cast<std::ptrdiff_t>(run.towers),
              [&nearness](const auto& a, const auto& b) { return nearness(a) > nearness(b); });
  }
  glBindBuffer(GL_ARRAY_BUFFER, m_instances.id());
  glBufferSubData(GL_ARRAY_BUFFER, 0,
                  static_cast<GLsizeiptr>(m_towers * sizeof(scene::BarInstance)), m_staging.data());
  glBindBuffer(GL_ARRAY_BUFFER, 0);
}

void BarRenderer::drawPass(const Pass& pass, bool towers, const FrameUniforms& frame,
                           float footprint, float edgeStrength) const {
  glUseProgram(pass.program.id());
  glUniformMatrix4fv(pass.viewProj, 1, GL_FALSE, glm::value_ptr(frame.viewProj));
  glUniform3fv(pass.cameraPos, 1, glm::value_ptr(frame.cameraPosition));
  glUniform1f(pass.footprint, footprint);
  glUniform1f(pass.edgeStrength, edgeStrength);
  glUniform2fv(pass.halfViewport, 1, glm::value_ptr(0.5f * frame.viewportSize));
  for (const Run& run : m_runs) {
    const size_t first = towers ? run.firstTower : run.firstPit;
    const size_t count = towers ? run.towers : run.pits;
    if (count == 0) continue;
    glUniform1f(pass.base, run.base);
    glUniform1i(pass.firstBar, static_cast<GLint>(first));
    if (pass.indicesPerBar == 0) {
      glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(count) * pass.meshVertices);
      continue;
    }
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, pass.elements.id());  // recorded in the bound VAO
    for (size_t bar = 0; bar < count; bar += kBarsPerDraw) {
      const size_t bars = std::min(kBarsPerDraw, count - bar);
      glDrawElementsBaseVertex(GL_TRIANGLES, static_cast<GLsizei>(bars) * pass.indicesPerBar,
                               GL_UNSIGNED_SHORT, nullptr,
                               static_cast<GLint>(bar) * pass.meshVertices);
    }
  }
}

void BarRenderer::draw(const FrameUniforms& frame, float footprint, float edgeStrength) const {
  if (m_towers + m_pits == 0) return;
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_BUFFER, m_barTexture.id());
  glBindVertexArray(m_vao.id());
  if (m_towers > 0) {
    // Faces are mirrored towards the camera, which flips their winding: no culling needed.
    glDisable(GL_CULL_FACE);
    drawPass(m_towerPass, true, frame, footprint, edgeStrength);
    glEnable(GL_CULL_FACE);
  }
  if (m_pits > 0) drawPass(m_pitPass, false, frame, footprint, edgeStrength);
  glBindVertexArray(0);
  glBindTexture(GL_TEXTURE_BUFFER, 0);
}

void BarRenderer::drawTranslucent(const FrameUniforms& frame, float footprint,
                                  float edgeStrength) const {
  glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
  draw(frame, footprint, edgeStrength);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glDepthFunc(GL_LEQUAL);  // the same fragments pass again, those behind them do not
  glDepthMask(GL_FALSE);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  draw(frame, footprint, edgeStrength);
  glDisable(GL_BLEND);
  glDepthMask(GL_TRUE);
  glDepthFunc(GL_LESS);
}

}  // namespace gfx
