#include "gfx/gl_object.hpp"

#include <string>

#include <stdexcept>

namespace gfx::detail {

namespace {

// KHR_debug labels only existing objects, and glGen* names exist only after their first bind, so
// bind once (restoring the previous binding) before labelling.
void labelObject(GLenum identifier, GLuint id, std::string_view label) {
  if (!GLAD_GL_KHR_debug || label.empty()) return;
  glObjectLabel(identifier, id, static_cast<GLsizei>(label.size()), label.data());
}

GLenum textureBindingQuery(GLenum target) {
  switch (target) {
    case GL_TEXTURE_2D:
      return GL_TEXTURE_BINDING_2D;
    case GL_TEXTURE_2D_MULTISAMPLE:
      return GL_TEXTURE_BINDING_2D_MULTISAMPLE;
    case GL_TEXTURE_2D_ARRAY:
      return GL_TEXTURE_BINDING_2D_ARRAY;
    case GL_TEXTURE_3D:
      return GL_TEXTURE_BINDING_3D;
    case GL_TEXTURE_CUBE_MAP:
      return GL_TEXTURE_BINDING_CUBE_MAP;
    case GL_TEXTURE_BUFFER:
      return GL_TEXTURE_BINDING_BUFFER;
    default:
      return 0;
  }
}

GLuint currentBinding(GLenum query) {
  GLint previous = 0;
  glGetIntegerv(query, &previous);
  return static_cast<GLuint>(previous);
}

}  // namespace

GLuint createObject(GlKind kind, GLenum param, std::string_view label) {
  GLuint id = 0;
  switch (kind) {
    case GlKind::Buffer: {
      glGenBuffers(1, &id);
      const GLuint previous = currentBinding(GL_COPY_WRITE_BUFFER);  // 3.3: query = target
      glBindBuffer(GL_COPY_WRITE_BUFFER, id);
      glBindBuffer(GL_COPY_WRITE_BUFFER, previous);
      labelObject(GL_BUFFER, id, label);
      break;
    }
    case GlKind::VertexArray: {
      glGenVertexArrays(1, &id);
      const GLuint previous = currentBinding(GL_VERTEX_ARRAY_BINDING);
      glBindVertexArray(id);
      glBindVertexArray(previous);
      labelObject(GL_VERTEX_ARRAY, id, label);
      break;
    }
    case GlKind::Texture: {
      const GLenum query = textureBindingQuery(param);
      if (query == 0) throw std::logic_error("gfx: unsupported texture target");
      glGenTextures(1, &id);
      const GLuint previous = currentBinding(query);
      glBindTexture(param, id);
      glBindTexture(param, previous);
      labelObject(GL_TEXTURE, id, label);
      break;
    }
    case GlKind::Renderbuffer: {
      glGenRenderbuffers(1, &id);
      const GLuint previous = currentBinding(GL_RENDERBUFFER_BINDING);
      glBindRenderbuffer(GL_RENDERBUFFER, id);
      glBindRenderbuffer(GL_RENDERBUFFER, previous);
      labelObject(GL_RENDERBUFFER, id, label);
      break;
    }
    case GlKind::Framebuffer: {
      glGenFramebuffers(1, &id);
      const GLuint previous = currentBinding(GL_DRAW_FRAMEBUFFER_BINDING);
      glBindFramebuffer(GL_DRAW_FRAMEBUFFER, id);
      glBindFramebuffer(GL_DRAW_FRAMEBUFFER, previous);
      labelObject(GL_FRAMEBUFFER, id, label);
      break;
    }
    case GlKind::Shader:
      id = glCreateShader(param);
      labelObject(GL_SHADER, id, label);
      break;
    case GlKind::Program:
      id = glCreateProgram();
      labelObject(GL_PROGRAM, id, label);
      break;
  }
  if (id == 0)
    throw std::runtime_error("gfx: could not create GL object '" + std::string(label) + "'");
  return id;
}

void destroyObject(GlKind kind, GLuint id) noexcept {
  switch (kind) {
    case GlKind::Buffer:
      glDeleteBuffers(1, &id);
      break;
    case GlKind::VertexArray:
      glDeleteVertexArrays(1, &id);
      break;
    case GlKind::Texture:
      glDeleteTextures(1, &id);
      break;
    case GlKind::Renderbuffer:
      glDeleteRenderbuffers(1, &id);
      break;
    case GlKind::Framebuffer:
      glDeleteFramebuffers(1, &id);
      break;
    case GlKind::Shader:
      glDeleteShader(id);
      break;
    case GlKind::Program:
      glDeleteProgram(id);
      break;
  }
}

}  // namespace gfx::detail
