// Move-only RAII owners of GL objects. A default-constructed owner is empty and needs no context;
// create() needs a current context, and so does destroying a non-empty owner. Objects are labelled
// (KHR_debug) so that debug messages and GL debuggers name them.
#pragma once

#include <string_view>
#include <utility>

#include "gfx/gl.hpp"

namespace gfx {

enum class GlKind { Buffer, VertexArray, Texture, Renderbuffer, Framebuffer, Shader, Program };

namespace detail {
void destroyObject(GlKind kind, GLuint id) noexcept;
// Creates one object; `param` is the texture target or the shader type where the kind needs one.
GLuint createObject(GlKind kind, GLenum param, std::string_view label);
}  // namespace detail

template <GlKind K>
class GlObject {
 public:
  static constexpr bool kNeedsParam = K == GlKind::Texture || K == GlKind::Shader;

  GlObject() noexcept = default;
  ~GlObject() { reset(); }
  GlObject(GlObject&& other) noexcept : m_id(std::exchange(other.m_id, 0)) {}
  GlObject& operator=(GlObject&& other) noexcept {
    if (this != &other) {
      reset();
      m_id = std::exchange(other.m_id, 0);
    }
    return *this;
  }
  GlObject(const GlObject&) = delete;
  GlObject& operator=(const GlObject&) = delete;

  static GlObject create(std::string_view label) requires(!kNeedsParam) {
    return wrap(detail::createObject(K, 0, label));
  }
  // Texture: the target it is first bound to (GL_TEXTURE_2D…). Shader: GL_VERTEX_SHADER…
  static GlObject create(GLenum targetOrType, std::string_view label) requires(kNeedsParam) {
    return wrap(detail::createObject(K, targetOrType, label));
  }

  // Escape hatches: adopt a name made elsewhere / give ours up without deleting it.
  static GlObject wrap(GLuint id) noexcept {
    GlObject object;
    object.m_id = id;
    return object;
  }
  [[nodiscard]] GLuint release() noexcept { return std::exchange(m_id, 0); }

  void reset() noexcept {
    if (m_id != 0) detail::destroyObject(K, std::exchange(m_id, 0));
  }
  GLuint id() const noexcept { return m_id; }
  explicit operator bool() const noexcept { return m_id != 0; }

 private:
  GLuint m_id = 0;
};

using Buffer = GlObject<GlKind::Buffer>;
using VertexArray = GlObject<GlKind::VertexArray>;
using Texture = GlObject<GlKind::Texture>;
using Renderbuffer = GlObject<GlKind::Renderbuffer>;
using Framebuffer = GlObject<GlKind::Framebuffer>;
using Shader = GlObject<GlKind::Shader>;
using Program = GlObject<GlKind::Program>;

}  // namespace gfx
