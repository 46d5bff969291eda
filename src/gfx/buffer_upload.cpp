#include "gfx/buffer_upload.hpp"

namespace gfx {

void uploadGrowing(const Buffer& buffer, size_t& capacity, const void* data, size_t bytes) {
  glBindBuffer(GL_ARRAY_BUFFER, buffer.id());
  if (bytes > capacity) {
    capacity = bytes + bytes / 2;
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(capacity), nullptr, GL_DYNAMIC_DRAW);
  }
  if (bytes > 0) glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(bytes), data);
}

}  // namespace gfx
