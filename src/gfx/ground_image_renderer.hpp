// The picture on the ground (scene::GroundImage): one unlit textured quad with the heat layer, the
// patch grid lines and the outlined query patch drawn by its fragment shader
// (shaders/ground_image.*). The picture's texture is uploaded only when the picture itself changes
// (another core::Image object); the small heat layer with every upload.
#pragma once

#include <cstdint>
#include <memory>

#include "gfx/frame.hpp"
#include "gfx/gl_object.hpp"
#include "scene/scene_data.hpp"

namespace gfx {

class GroundImageRenderer {
 public:
  GroundImageRenderer();  // needs a current context
  void upload(const scene::GroundImage& ground);
  // Opaque, writes depth; draws nothing when there is no picture.
  void draw(const FrameUniforms& frame) const;

  uint64_t imageUploads() const { return m_imageUploads; }  // picture texture uploads so far
  glm::ivec2 textureSize() const { return m_textureSize; }

 private:
  void uploadPicture(const core::Image& image);

  Program m_program;
  VertexArray m_vao;  // empty: core profile needs one bound to draw
  Texture m_image, m_overlay;
  // The uploaded picture, kept so that its identity stays meaningful (no other image can reuse
  // its address while we compare against it).
  std::shared_ptr<const core::Image> m_pixels;
  scene::GroundImage m_ground;  // everything but the pixels and the heat layer's colours
  bool m_hasOverlay = false;
  glm::ivec2 m_textureSize{0};
  GLint m_maxTextureSize = 0;
  uint64_t m_imageUploads = 0;
  GLint m_viewProj = -1, m_min = -1, m_max = -1, m_y = -1, m_hasOverlayLoc = -1, m_brightness = -1,
        m_gridCells = -1, m_gridColor = -1, m_highlight = -1, m_highlightColor = -1;
};

}  // namespace gfx
