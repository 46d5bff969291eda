#include "gfx/pixel_reader.hpp"

#include <cstring>
#include <stdexcept>

namespace gfx {

PixelReader::PixelReader(int width, int height) : m_width(width), m_height(height) {
  if (width <= 0 || height <= 0) throw std::invalid_argument("gfx: pixel reader size must be > 0");
  const auto bytes = static_cast<GLsizeiptr>(width) * height * 4;
  for (auto& buffer : m_buffers) {
    buffer = Buffer::create("pixelReader.pbo");
    glBindBuffer(GL_PIXEL_PACK_BUFFER, buffer.id());
    glBufferData(GL_PIXEL_PACK_BUFFER, bytes, nullptr, GL_STREAM_READ);
  }
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
}

bool PixelReader::start(const OffscreenTarget& target) {
  if (m_pending == kSlots) return false;
  if (target.width() != m_width || target.height() != m_height) {
    throw std::invalid_argument("gfx: pixel reader and target sizes differ");
  }
  target.resolve();
  glBindFramebuffer(GL_READ_FRAMEBUFFER, target.resolvedFramebuffer());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glBindBuffer(GL_PIXEL_PACK_BUFFER, m_buffers[static_cast<size_t>(m_next)].id());
  glReadPixels(0, 0, m_width, m_height, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, target.drawFramebuffer());
  m_next = (m_next + 1) % kSlots;
  ++m_pending;
  return true;
}

bool PixelReader::finish(core::Image& out) {
  if (m_pending == 0) return false;
  const int slot = (m_next - m_pending + kSlots) % kSlots;
  --m_pending;
  out.width = m_width;
  out.height = m_height;
  out.rgba.resize(out.byteSize());
  const size_t rowBytes = static_cast<size_t>(m_width) * 4;
  glBindBuffer(GL_PIXEL_PACK_BUFFER, m_buffers[static_cast<size_t>(slot)].id());
  const auto* mapped = static_cast<const uint8_t*>(glMapBufferRange(
      GL_PIXEL_PACK_BUFFER, 0, static_cast<GLsizeiptr>(out.byteSize()), GL_MAP_READ_BIT));
  if (mapped == nullptr) {
    glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
    throw std::runtime_error("gfx: could not map the readback buffer");
  }
  // GL rows are bottom-up; flip while copying out.
  for (int y = 0; y < m_height; ++y) {
    std::memcpy(out.rgba.data() + static_cast<size_t>(y) * rowBytes,
                mapped + static_cast<size_t>(m_height - 1 - y) * rowBytes, rowBytes);
  }
  glUnmapBuffer(GL_PIXEL_PACK_BUFFER);
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  return true;
}

}  // namespace gfx
