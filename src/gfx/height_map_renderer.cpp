#include "gfx/height_map_renderer.hpp"

#include <algorithm>
#include <cmath>

#include <glm/gtc/type_ptr.hpp>

#include "gfx/meshes.hpp"
#include "gfx/shader_source.hpp"

namespace gfx {

HeightMapRenderer::HeightMapRenderer(int maxVertices)
    : m_maxVertices(std::max(maxVertices, 4)),
      m_program(buildProgram(builtinProgram("heightmap"))),
      m_height(Texture::create(GL_TEXTURE_2D, "heightmap.height")),
      m_color(Texture::create(GL_TEXTURE_2D, "heightmap.color")),
      m_vertices(Buffer::create("heightmap.vertices")),
      m_indices(Buffer::create("heightmap.indices")),
      m_vao(VertexArray::create("heightmap")) {
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &m_maxTextureSize);
  m_viewProj = uniformLocation(m_program, "u_viewProj");
  m_heightSampler = uniformLocation(m_program, "u_height");
  m_colorSampler = uniformLocation(m_program, "u_color");
  m_origin = uniformLocation(m_program, "u_origin");
  m_extent = uniformLocation(m_program, "u_extent");
  m_texels = uniformLocation(m_program, "u_texels");
  m_cameraPos = uniformLocation(m_program, "u_cameraPos");
  m_cellSize = uniformLocation(m_program, "u_cellSize");
  m_lod = uniformLocation(m_program, "u_heightLod");
  // Height: linear (smooth surface between cell centres); colour: nearest (one colour per cell).
  for (const auto& [texture, filter] :
       {std::pair{m_height.id(), GL_LINEAR}, std::pair{m_color.id(), GL_NEAREST}}) {
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  }
  glBindTexture(GL_TEXTURE_2D, 0);
}

void HeightMapRenderer::upload(std::span<const scene::BarInstance> bars) {
  m_field = rasterizeBars(bars, std::min(static_cast<int>(m_maxTextureSize), 8192));
  if (m_field.width == 0) {
    m_indexCount = 0;
    return;
  }
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glBindTexture(GL_TEXTURE_2D, m_height.id());
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, m_field.width, m_field.height, 0, GL_RED, GL_FLOAT,
               m_field.heights.data());
  // One vertex per texel up to the vertex budget, keeping the aspect ratio.
  const double texels = static_cast<double>(m_field.width) * m_field.height;
  const double scale = std::min(1.0, std::sqrt(m_maxVertices / texels));
  const int columns = std::max(2, static_cast<int>(m_field.width * scale));
  const int rows = std::max(2, static_cast<int>(m_field.height * scale));
  // A mesh coarser than the texture reads averaged heights from a mip level matching its vertex
  // spacing, so peaks between vertices do not alias into sparkle.
  const float step =
      std::max(static_cast<float>(m_field.width - 1) / static_cast<float>(columns - 1),
               static_cast<float>(m_field.height - 1) / static_cast<float>(rows - 1));
  m_heightLod = step > 1.0f ? std::log2(step) : 0.0f;
  if (m_heightLod > 0.0f) {
    glGenerateMipmap(GL_TEXTURE_2D);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
  } else {
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  }
  glBindTexture(GL_TEXTURE_2D, m_color.id());
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, m_field.width, m_field.height, 0, GL_RGBA,
               GL_UNSIGNED_BYTE, m_field.colors.data());
  // Mips for the colour of slopes spanning several texels (see heightmap.frag); nearest within a
  // level keeps one flat colour per cell at level 0.
  glGenerateMipmap(GL_TEXTURE_2D);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST_MIPMAP_LINEAR);
  glBindTexture(GL_TEXTURE_2D, 0);
  m_field.heights = {};
  m_field.colors = {};
  if (glm::ivec2(columns, rows) != m_meshSize) buildMesh(columns, rows);
}

void HeightMapRenderer::buildMesh(int columns, int rows) {
  const GridMesh mesh = gridMesh(columns, rows);
  glBindVertexArray(m_vao.id());
  glBindBuffer(GL_ARRAY_BUFFER, m_vertices.id());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(mesh.vertices.size() * sizeof(glm::vec2)),
               mesh.vertices.data(), GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(glm::vec2), nullptr);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, m_indices.id());
  glBufferData(GL_ELEMENT_ARRAY_BUFFER,
               static_cast<GLsizeiptr>(mesh.indices.size() * sizeof(uint32_t)), mesh.indices.data(),
               GL_STATIC_DRAW);
  glBindVertexArray(0);
  m_meshSize = {columns, rows};
  m_indexCount = static_cast<GLsizei>(mesh.indices.size());
}

void HeightMapRenderer::draw(const FrameUniforms& frame) const {
  if (m_indexCount == 0) return;
  glUseProgram(m_program.id());
  glUniformMatrix4fv(m_viewProj, 1, GL_FALSE, glm::value_ptr(frame.viewProj));
  glUniform3fv(m_cameraPos, 1, glm::value_ptr(frame.cameraPosition));
  glUniform2fv(m_origin, 1, glm::value_ptr(m_field.origin));
  const glm::vec2 extent = m_field.extent();
  glUniform2fv(m_extent, 1, glm::value_ptr(extent));
  glUniform2f(m_texels, static_cast<float>(m_field.width), static_cast<float>(m_field.height));
  glUniform2fv(m_cellSize, 1, glm::value_ptr(m_field.cellSize));
  glUniform1f(m_lod, m_heightLod);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, m_height.id());
  glUniform1i(m_heightSampler, 0);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, m_color.id());
  glUniform1i(m_colorSampler, 1);
  // Surfaces dipping below the ground are seen from underneath as well.
  glDisable(GL_CULL_FACE);
  glBindVertexArray(m_vao.id());
  glDrawElements(GL_TRIANGLES, m_indexCount, GL_UNSIGNED_INT, nullptr);
  glBindVertexArray(0);
  glEnable(GL_CULL_FACE);
  glBindTexture(GL_TEXTURE_2D, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, 0);
}

}  // namespace gfx
