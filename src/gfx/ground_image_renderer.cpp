#include "gfx/ground_image_renderer.hpp"

#include <algorithm>

#include <glm/gtc/type_ptr.hpp>
#include <glm/packing.hpp>

#include "gfx/shader_source.hpp"

namespace gfx {

namespace {

// Half the size (2x2 box filter; an odd last row or column is dropped): a picture larger than the
// driver's textures is shrunk until it fits.
core::Image halve(const core::Image& in) {
  core::Image out{std::max(in.width / 2, 1), std::max(in.height / 2, 1), {}};
  out.rgba.resize(out.byteSize());
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      const int x0 = std::min(2 * x, in.width - 1), x1 = std::min(2 * x + 1, in.width - 1);
      const int y0 = std::min(2 * y, in.height - 1), y1 = std::min(2 * y + 1, in.height - 1);
      uint8_t* o = out.rgba.data() + (static_cast<size_t>(y) * out.width + x) * 4;
      for (int c = 0; c < 4; ++c) {
        const int sum =
            in.pixel(x0, y0)[c] + in.pixel(x1, y0)[c] + in.pixel(x0, y1)[c] + in.pixel(x1, y1)[c];
        o[c] = static_cast<uint8_t>((sum + 2) / 4);
      }
    }
  }
  return out;
}

void setSampling(GLint min, GLint mag) {
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, min);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, mag);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

}  // namespace

GroundImageRenderer::GroundImageRenderer()
    : m_program(buildProgram(builtinProgram("ground_image"))),
      m_vao(VertexArray::create("ground_image")),
      m_image(Texture::create(GL_TEXTURE_2D, "ground_image.picture")),
      m_overlay(Texture::create(GL_TEXTURE_2D, "ground_image.overlay")) {
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &m_maxTextureSize);
  m_viewProj = uniformLocation(m_program, "u_viewProj");
  m_min = uniformLocation(m_program, "u_min");
  m_max = uniformLocation(m_program, "u_max");
  m_y = uniformLocation(m_program, "u_y");
  m_hasOverlayLoc = uniformLocation(m_program, "u_hasOverlay");
  m_brightness = uniformLocation(m_program, "u_brightness");
  m_gridCells = uniformLocation(m_program, "u_gridCells");
  m_gridColor = uniformLocation(m_program, "u_gridColor");
  m_highlight = uniformLocation(m_program, "u_highlight");
  m_highlightColor = uniformLocation(m_program, "u_highlightColor");
  glUseProgram(m_program.id());
  glUniform1i(uniformLocation(m_program, "u_image"), 0);
  glUniform1i(uniformLocation(m_program, "u_overlay"), 1);
  glUseProgram(0);
}

void GroundImageRenderer::uploadPicture(const core::Image& image) {
  const core::Image* pixels = &image;
  core::Image shrunk;
  while (pixels->width > m_maxTextureSize || pixels->height > m_maxTextureSize) {
    shrunk = halve(*pixels);
    pixels = &shrunk;
  }
  glBindTexture(GL_TEXTURE_2D, m_image.id());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);  // RGBA8 rows are always 4-byte aligned
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, pixels->width, pixels->height, 0, GL_RGBA,
               GL_UNSIGNED_BYTE, pixels->rgba.data());
  // Mipmaps: the picture is often seen at a grazing angle, much smaller than its pixels.
  glGenerateMipmap(GL_TEXTURE_2D);
  setSampling(GL_LINEAR_MIPMAP_LINEAR, GL_LINEAR);
  glBindTexture(GL_TEXTURE_2D, 0);
  m_textureSize = {pixels->width, pixels->height};
  ++m_imageUploads;
}

void GroundImageRenderer::upload(const scene::GroundImage& ground) {
  if (ground.empty()) {
    m_pixels.reset();
    m_hasOverlay = false;
    return;
  }
  if (ground.pixels != m_pixels) {
    uploadPicture(*ground.pixels);
    m_pixels = ground.pixels;
  }
  m_ground = ground;
  m_ground.pixels.reset();
  m_ground.overlay.clear();
  const auto cells = static_cast<size_t>(ground.overlay_cols) *
                     static_cast<size_t>(std::max(ground.overlay_rows, 0));
  m_hasOverlay =
      ground.overlay_cols > 0 && ground.overlay_rows > 0 && ground.overlay.size() == cells;
  if (!m_hasOverlay) return;
  glBindTexture(GL_TEXTURE_2D, m_overlay.id());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, ground.overlay_cols, ground.overlay_rows, 0, GL_RGBA,
               GL_UNSIGNED_BYTE, ground.overlay.data());
  setSampling(GL_LINEAR, GL_LINEAR);
  glBindTexture(GL_TEXTURE_2D, 0);
}

void GroundImageRenderer::draw(const FrameUniforms& frame) const {
  if (!m_pixels) return;
  const scene::GroundImage& g = m_ground;
  glUseProgram(m_program.id());
  glUniformMatrix4fv(m_viewProj, 1, GL_FALSE, glm::value_ptr(frame.viewProj));
  glUniform2fv(m_min, 1, glm::value_ptr(g.min));
  glUniform2fv(m_max, 1, glm::value_ptr(g.max));
  // Below the ground by a little of the picture's size: bars standing on it never z-fight.
  glUniform1f(m_y, -2e-4f * glm::length(g.max - g.min));
  glUniform1i(m_hasOverlayLoc, m_hasOverlay ? 1 : 0);
  glUniform1f(m_brightness, g.brightness);
  glUniform1f(m_gridCells, static_cast<float>(std::max(g.grid_cells, 0)));
  glUniform4fv(m_gridColor, 1, glm::value_ptr(glm::unpackUnorm4x8(g.grid_color)));
  glUniform4f(m_highlight, g.highlight_min.x, g.highlight_min.y, g.highlight_max.x,
              g.highlight_max.y);
  glUniform4fv(m_highlightColor, 1, glm::value_ptr(glm::unpackUnorm4x8(g.highlight_color)));
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, m_image.id());
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, m_hasOverlay ? m_overlay.id() : m_image.id());
  glBindVertexArray(m_vao.id());
  glDisable(GL_CULL_FACE);  // seen from below too
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glEnable(GL_CULL_FACE);
  glBindVertexArray(0);
  glBindTexture(GL_TEXTURE_2D, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, 0);
}

}  // namespace gfx
