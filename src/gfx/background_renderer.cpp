#include "gfx/background_renderer.hpp"

#include <glm/gtc/type_ptr.hpp>

#include "gfx/shader_source.hpp"

namespace gfx {

BackgroundRenderer::BackgroundRenderer()
    : m_program(buildProgram(builtinProgram("background"))),
      m_vao(VertexArray::create("background")) {
  m_top = uniformLocation(m_program, "u_top");
  m_bottom = uniformLocation(m_program, "u_bottom");
}

void BackgroundRenderer::drawGradient(glm::vec3 top, glm::vec3 bottom) const {
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glUseProgram(m_program.id());
  glUniform3fv(m_top, 1, glm::value_ptr(top));
  glUniform3fv(m_bottom, 1, glm::value_ptr(bottom));
  glBindVertexArray(m_vao.id());
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(0);
}

void BackgroundRenderer::draw(glm::ivec2 origin, glm::ivec2 size, glm::vec3 top, glm::vec3 bottom) {
  GLint samples = 0;
  glGetIntegerv(GL_SAMPLES, &samples);  // of the bound draw framebuffer
  if (samples > 1 || size.x <= 0 || size.y <= 0) {
    drawGradient(top, bottom);
    return;
  }
  GLint target = 0, read = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target);
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read);
  if (size != m_cacheSize || top != m_cacheTop || bottom != m_cacheBottom) {
    if (size != m_cacheSize) {
      m_cache = Texture::create(GL_TEXTURE_2D, "background.cache");
      glBindTexture(GL_TEXTURE_2D, m_cache.id());
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, size.x, size.y, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                   nullptr);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
      glBindTexture(GL_TEXTURE_2D, 0);
      m_cacheFbo = Framebuffer::create("background.cache");
      glBindFramebuffer(GL_FRAMEBUFFER, m_cacheFbo.id());
      glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_cache.id(), 0);
    }
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m_cacheFbo.id());
    glViewport(0, 0, size.x, size.y);
    drawGradient(top, bottom);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(target));
    glViewport(origin.x, origin.y, size.x, size.y);
    m_cacheSize = size;
    m_cacheTop = top;
    m_cacheBottom = bottom;
  }
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, m_cacheFbo.id());
  glBlitFramebuffer(0, 0, size.x, size.y, origin.x, origin.y, origin.x + size.x, origin.y + size.y,
                    GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(read));
}

}  // namespace gfx
