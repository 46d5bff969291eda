#include "gfx/height_map_renderer.hpp"

#include <algorithm>
#include <cmath>

#include <glm/gtc/type_ptr.hpp>

#include "gfx/meshes.hpp"
#include "gfx/shader_source.hpp"

namespace gfx {

HeightMapRenderer::HeightMapRenderer(int maxVertices)
    : m_maxVertices(std::max(maxVertices, 4)),
      m_program(buildProgram(builtinProgram("heightmap"))) {
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
  m_base = uniformLocation(m_program, "u_base");
}

glm::ivec2 HeightMapRenderer::textureSize() const {
  return m_surfaces.empty() ? glm::ivec2(0)
                            : glm::ivec2(m_surfaces[0].field.width, m_surfaces[0].field.height);
}
glm::ivec2 HeightMapRenderer::meshSize() const {
  return m_surfaces.empty() ? glm::ivec2(0) : m_surfaces[0].meshSize;
}
float HeightMapRenderer::heightLod() const {
  return m_surfaces.empty() ? 0.0f : m_surfaces[0].heightLod;
}

void HeightMapRenderer::upload(std::span<const scene::BarInstance> bars,
                               std::span<const scene::BarLevel> levels) {
  const std::vector<scene::BarLevel> runs = barRuns(bars.size(), levels);
  // Surfaces are kept (with their textures and meshes) when the number of floors stays the same.
  if (m_surfaces.size() != runs.size()) m_surfaces.resize(runs.size());
  // The vertex budget is shared in proportion to the bars of each floor.
  for (size_t k = 0; k < runs.size(); ++k) {
    Surface& s = m_surfaces[k];
    s.base = runs[k].base;
    const double share =
        static_cast<double>(runs[k].count) / static_cast<double>(std::max<size_t>(bars.size(), 1));
    uploadSurface(s, bars.subspan(runs[k].first, runs[k].count),
                  std::max(4, static_cast<int>(m_maxVertices * share)));
  }
}

void HeightMapRenderer::uploadSurface(Surface& s, std::span<const scene::BarInstance> bars,
                                      int maxVertices) {
  s.field = rasterizeBars(bars, std::min(static_cast<int>(m_maxTextureSize), 8192));
  if (s.field.width == 0) {
    s.indexCount = 0;
    return;
  }
  if (!s.height) {
    s.height = Texture::create(GL_TEXTURE_2D, "heightmap.height");
    s.color = Texture::create(GL_TEXTURE_2D, "heightmap.color");
    s.vertices = Buffer::create("heightmap.vertices");
    s.indices = Buffer::create("heightmap.indices");
    s.vao = VertexArray::create("heightmap");
    // Height: linear (smooth surface between cell centres); colour: nearest (one colour per cell).
    for (const auto& [texture, filter] :
         {std::pair{s.height.id(), GL_LINEAR}, std::pair{s.color.id(), GL_NEAREST}}) {
      glBindTexture(GL_TEXTURE_2D, texture);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
  }
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glBindTexture(GL_TEXTURE_2D, s.height.id());
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA32F, s.field.width, s.field.height, 0, GL_RGBA, GL_FLOAT,
               heightsAndSlopes(s.field).data());
  // One vertex per texel up to the vertex budget, keeping the aspect ratio.
  const double texels = static_cast<double>(s.field.width) * s.field.height;
  const double scale = std::min(1.0, std::sqrt(maxVertices / texels));
  const int columns = std::max(2, static_cast<int>(s.field.width * scale));
  const int rows = std::max(2, static_cast<int>(s.field.height * scale));
  // A mesh coarser than the texture reads averaged heights from a mip level matching its vertex
  // spacing, so peaks between vertices do not alias into sparkle.
  const float step =
      std::max(static_cast<float>(s.field.width - 1) / static_cast<float>(columns - 1),
               static_cast<float>(s.field.height - 1) / static_cast<float>(rows - 1));
  s.heightLod = step > 1.0f ? std::log2(step) : 0.0f;
  if (s.heightLod > 0.0f) {
    glGenerateMipmap(GL_TEXTURE_2D);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
  } else {
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  }
  glBindTexture(GL_TEXTURE_2D, s.color.id());
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, s.field.width, s.field.height, 0, GL_RGBA,
               GL_UNSIGNED_BYTE, s.field.colors.data());
  // Mips for the colour of slopes spanning several texels (see heightmap.frag); nearest within a
  // level keeps one flat colour per cell at level 0.
  glGenerateMipmap(GL_TEXTURE_2D);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST_MIPMAP_LINEAR);
  glBindTexture(GL_TEXTURE_2D, 0);
  s.field.heights = {};
  s.field.colors = {};
  if (glm::ivec2(columns, rows) != s.meshSize) buildMesh(s, columns, rows);
}

void HeightMapRenderer::buildMesh(Surface& s, int columns, int rows) {
  const GridMesh mesh = gridMesh(columns, rows);
  glBindVertexArray(s.vao.id());
  glBindBuffer(GL_ARRAY_BUFFER, s.vertices.id());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(mesh.vertices.size() * sizeof(glm::vec2)),
               mesh.vertices.data(), GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(glm::vec2), nullptr);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, s.indices.id());
  glBufferData(GL_ELEMENT_ARRAY_BUFFER,
               static_cast<GLsizeiptr>(mesh.indices.size() * sizeof(uint32_t)), mesh.indices.data(),
               GL_STATIC_DRAW);
  glBindVertexArray(0);
  s.meshSize = {columns, rows};
  s.indexCount = static_cast<GLsizei>(mesh.indices.size());
}

void HeightMapRenderer::draw(const FrameUniforms& frame) const {
  glUseProgram(m_program.id());
  glUniformMatrix4fv(m_viewProj, 1, GL_FALSE, glm::value_ptr(frame.viewProj));
  glUniform3fv(m_cameraPos, 1, glm::value_ptr(frame.cameraPosition));
  glUniform1i(m_heightSampler, 0);
  glUniform1i(m_colorSampler, 1);
  // Surfaces dipping below the ground are seen from underneath as well.
  glDisable(GL_CULL_FACE);
  for (const Surface& s : m_surfaces) {
    if (s.indexCount == 0) continue;
    glUniform2fv(m_origin, 1, glm::value_ptr(s.field.origin));
    const glm::vec2 extent = s.field.extent();
    glUniform2fv(m_extent, 1, glm::value_ptr(extent));
    glUniform2f(m_texels, static_cast<float>(s.field.width), static_cast<float>(s.field.height));
    glUniform2fv(m_cellSize, 1, glm::value_ptr(s.field.cellSize));
    glUniform1f(m_lod, s.heightLod);
    glUniform1f(m_base, s.base);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, s.height.id());
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, s.color.id());
    glBindVertexArray(s.vao.id());
    glDrawElements(GL_TRIANGLES, s.indexCount, GL_UNSIGNED_INT, nullptr);
  }
  glBindVertexArray(0);
  glEnable(GL_CULL_FACE);
  glBindTexture(GL_TEXTURE_2D, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, 0);
}

}  // namespace gfx
