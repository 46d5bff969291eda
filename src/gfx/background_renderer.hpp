// The vertical gradient behind every scene (shaders/background.*). A single-sampled target gets a
// copy of the gradient drawn once per size and colours: shading every pixel of it each frame
// costs a software renderer as much as a small scene. A multisampled target, which a copy cannot
// reach, gets it drawn.
#pragma once

#include <glm/glm.hpp>

#include "gfx/gl_object.hpp"

namespace gfx {

class BackgroundRenderer {
 public:
  BackgroundRenderer();  // needs a current context

  // Into the bound draw framebuffer at the viewport rectangle (origin, size), which it leaves
  // bound with that viewport. Turns the depth test and culling off.
  void draw(glm::ivec2 origin, glm::ivec2 size, glm::vec3 top, glm::vec3 bottom);

 private:
  void drawGradient(glm::vec3 top, glm::vec3 bottom) const;

  Program m_program;
  VertexArray m_vao;
  GLint m_top = -1, m_bottom = -1;
  // The cached gradient and what it was drawn for.
  Texture m_cache;
  Framebuffer m_cacheFbo;
  glm::ivec2 m_cacheSize{0};
  glm::vec3 m_cacheTop{-1.0f}, m_cacheBottom{-1.0f};
};

}  // namespace gfx
