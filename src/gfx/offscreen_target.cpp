#include "gfx/offscreen_target.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace gfx {

namespace {

void requireComplete(const char* what) {
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    throw std::runtime_error(std::string("gfx: offscreen ") + what +
                             " framebuffer incomplete (status " + std::to_string(status) + ")");
  }
}

}  // namespace

OffscreenTarget::OffscreenTarget(int width, int height, int samples) : m_size(width, height) {
  if (width <= 0 || height <= 0)
    throw std::invalid_argument("gfx: offscreen target size must be > 0");
  GLint maxSamples = 1;
  glGetIntegerv(GL_MAX_SAMPLES, &maxSamples);
  m_samples = samples <= 1 ? 1 : std::min(samples, static_cast<int>(maxSamples));

  m_resolvedColor = Texture::create(GL_TEXTURE_2D, "offscreen.color");
  glBindTexture(GL_TEXTURE_2D, m_resolvedColor.id());
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glBindTexture(GL_TEXTURE_2D, 0);

  m_depth = Renderbuffer::create("offscreen.depth");
  glBindRenderbuffer(GL_RENDERBUFFER, m_depth.id());
  if (m_samples > 1) {
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, m_samples, GL_DEPTH24_STENCIL8, width,
                                     height);
  } else {
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, width, height);
  }

  m_resolvedFbo = Framebuffer::create("offscreen.resolved");
  glBindFramebuffer(GL_FRAMEBUFFER, m_resolvedFbo.id());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_resolvedColor.id(),
                         0);
  if (m_samples <= 1) {
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                              m_depth.id());
  }
  requireComplete("resolve");

  if (m_samples > 1) {
    m_msaaColor = Renderbuffer::create("offscreen.msaaColor");
    glBindRenderbuffer(GL_RENDERBUFFER, m_msaaColor.id());
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, m_samples, GL_RGBA8, width, height);
    m_msaaFbo = Framebuffer::create("offscreen.msaa");
    glBindFramebuffer(GL_FRAMEBUFFER, m_msaaFbo.id());
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                              m_msaaColor.id());
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                              m_depth.id());
    requireComplete("multisample");
  }
  glBindRenderbuffer(GL_RENDERBUFFER, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void OffscreenTarget::bind() const {
  glBindFramebuffer(GL_FRAMEBUFFER, drawFramebuffer());
  glViewport(0, 0, m_size.x, m_size.y);
}

void OffscreenTarget::resolve() const {
  if (m_samples <= 1) return;
  glBindFramebuffer(GL_READ_FRAMEBUFFER, m_msaaFbo.id());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m_resolvedFbo.id());
  glBlitFramebuffer(0, 0, m_size.x, m_size.y, 0, 0, m_size.x, m_size.y, GL_COLOR_BUFFER_BIT,
                    GL_NEAREST);
}

void OffscreenTarget::readPixels(core::Image& out) const {
  resolve();
  out.width = m_size.x;
  out.height = m_size.y;
  out.rgba.resize(out.byteSize());
  glBindFramebuffer(GL_READ_FRAMEBUFFER, m_resolvedFbo.id());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  // RGBA/UNSIGNED_BYTE is llvmpipe's fast path (BGRA or RGB are several times slower).
  glReadPixels(0, 0, m_size.x, m_size.y, GL_RGBA, GL_UNSIGNED_BYTE, out.rgba.data());
  glBindFramebuffer(GL_FRAMEBUFFER, drawFramebuffer());
  // GL rows are bottom-up; images are top-down.
  const size_t rowBytes = static_cast<size_t>(m_size.x) * 4;
  m_rowScratch.resize(rowBytes);
  for (int top = 0, bottom = m_size.y - 1; top < bottom; ++top, --bottom) {
    uint8_t* a = out.rgba.data() + static_cast<size_t>(top) * rowBytes;
    uint8_t* b = out.rgba.data() + static_cast<size_t>(bottom) * rowBytes;
    std::memcpy(m_rowScratch.data(), a, rowBytes);
    std::memcpy(a, b, rowBytes);
    std::memcpy(b, m_rowScratch.data(), rowBytes);
  }
}

core::Image OffscreenTarget::readPixels() const {
  core::Image image;
  readPixels(image);
  return image;
}

}  // namespace gfx
