// A framebuffer to render into without a window: RGBA8 colour + depth, optionally multisampled
// (resolved into a single-sample texture before reading), with top-down RGBA readback.
#pragma once

#include <glm/glm.hpp>

#include "core/image.hpp"
#include "gfx/gl_object.hpp"

namespace gfx {

class OffscreenTarget {
 public:
  OffscreenTarget() = default;  // empty, no context needed
  // samples <= 1: no multisampling. More are clamped to GL_MAX_SAMPLES. On llvmpipe 4x MSAA costs
  // roughly the fill rate of 4 frames for the pixels covered by triangle edges (see render_bench).
  OffscreenTarget(int width, int height, int samples = 4);

  // Binds the drawing framebuffer and sets the viewport to the whole target.
  void bind() const;
  // Multisampled targets: resolves into the single-sample texture (a no-op otherwise).
  void resolve() const;
  // Resolves, then reads the colour into `out` (reused: no reallocation at a constant size).
  void readPixels(core::Image& out) const;
  core::Image readPixels() const;

  int width() const { return m_size.x; }
  int height() const { return m_size.y; }
  glm::ivec2 size() const { return m_size; }
  int samples() const { return m_samples; }
  // The resolved colour (GL_TEXTURE_2D, RGBA8), for compositing or PBO readback by others.
  const Texture& colorTexture() const { return m_resolvedColor; }
  GLuint drawFramebuffer() const { return m_samples > 1 ? m_msaaFbo.id() : m_resolvedFbo.id(); }
  GLuint resolvedFramebuffer() const { return m_resolvedFbo.id(); }

 private:
  glm::ivec2 m_size{0};
  int m_samples = 0;
  Framebuffer m_msaaFbo;
  Renderbuffer m_msaaColor;
  Renderbuffer m_depth;
  Framebuffer m_resolvedFbo;
  Texture m_resolvedColor;
  mutable std::vector<uint8_t> m_rowScratch;
};

}  // namespace gfx
