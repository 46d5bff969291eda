// Level of detail for large height-fields: one grid mesh displaced by a height texture (R32F) and
// coloured by a colour texture (RGBA8), one texel per cell, instead of one cube per cell. The mesh
// has at most `maxVertices` vertices whatever the texture size (see shaders/heightmap.*).
#pragma once

#include <span>

#include "gfx/frame.hpp"
#include "gfx/gl_object.hpp"
#include "gfx/height_field.hpp"

namespace gfx {

class HeightMapRenderer {
 public:
  explicit HeightMapRenderer(int maxVertices = 1 << 16);  // needs a current context
  void upload(std::span<const scene::BarInstance> bars);
  void draw(const FrameUniforms& frame) const;
  glm::ivec2 textureSize() const { return {m_field.width, m_field.height}; }
  glm::ivec2 meshSize() const { return m_meshSize; }
  float heightLod() const { return m_heightLod; }

 private:
  void buildMesh(int columns, int rows);

  int m_maxVertices;
  GLint m_maxTextureSize = 0;
  HeightField m_field;  // kept for its geometry; the pixel arrays are released after upload
  Program m_program;
  Texture m_height;
  Texture m_color;
  Buffer m_vertices;
  Buffer m_indices;
  VertexArray m_vao;
  glm::ivec2 m_meshSize{0};
  float m_heightLod = 0.0f;  // mip level of the height texture matching the mesh's vertex spacing
  GLsizei m_indexCount = 0;
  GLint m_viewProj = -1, m_heightSampler = -1, m_colorSampler = -1, m_origin = -1, m_extent = -1,
        m_texels = -1, m_cameraPos = -1, m_cellSize = -1, m_lod = -1;
};

}  // namespace gfx
