// Level of detail for large height-fields: one grid mesh displaced by a height texture (RGBA32F:
// height and slopes) and coloured by a colour texture (RGBA8), one texel per cell, instead of one
// cube per cell. The meshes have at most `maxVertices` vertices in all, whatever the texture
// sizes (see shaders/heightmap.*). Bars on raised floors (scene::BarLevel) get a surface per floor.
#pragma once

#include <span>
#include <vector>

#include "gfx/frame.hpp"
#include "gfx/gl_object.hpp"
#include "gfx/height_field.hpp"

namespace gfx {

class HeightMapRenderer {
 public:
  explicit HeightMapRenderer(int maxVertices = 1 << 16);  // needs a current context
  void upload(std::span<const scene::BarInstance> bars,
              std::span<const scene::BarLevel> levels = {});
  void draw(const FrameUniforms& frame) const;
  // Of the first surface (the only one without levels).
  glm::ivec2 textureSize() const;
  glm::ivec2 meshSize() const;
  float heightLod() const;
  size_t surfaceCount() const { return m_surfaces.size(); }

 private:
  struct Surface {
    HeightField field;  // kept for its geometry; the pixel arrays are released after upload
    float base = 0.0f;
    Texture height, color;
    Buffer vertices, indices;
    VertexArray vao;
    glm::ivec2 meshSize{0};
    float heightLod = 0.0f;  // mip level of the height texture matching the mesh's vertex spacing
    GLsizei indexCount = 0;
  };
  void uploadSurface(Surface& s, std::span<const scene::BarInstance> bars, int maxVertices);
  static void buildMesh(Surface& s, int columns, int rows);

  int m_maxVertices;
  GLint m_maxTextureSize = 0;
  std::vector<Surface> m_surfaces;
  Program m_program;
  GLint m_viewProj = -1, m_heightSampler = -1, m_colorSampler = -1, m_origin = -1, m_extent = -1,
        m_texels = -1, m_cameraPos = -1, m_cellSize = -1, m_lod = -1, m_base = -1;
};

}  // namespace gfx
