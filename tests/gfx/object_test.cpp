// RAII owners: the empty state needs no context; with one, names move and die exactly once.
#include <doctest/doctest.h>

#include <type_traits>

#include "gfx/debug.hpp"
#include "gfx/gl_object.hpp"
#include "gl_fixture.hpp"

using namespace gfx;

static_assert(!std::is_copy_constructible_v<Buffer> && !std::is_copy_assignable_v<Buffer>);
static_assert(std::is_nothrow_move_constructible_v<Texture>);
static_assert(std::is_nothrow_move_assignable_v<Program>);

TEST_CASE("empty GL owners need no context") {
  // Nothing here may call GL: no context exists in this test case if it runs first.
  Buffer buffer;
  Texture texture;
  CHECK_FALSE(buffer);
  CHECK(texture.id() == 0);
  Buffer moved = std::move(buffer);
  CHECK_FALSE(moved);
  moved = Buffer();
  moved.reset();
  CHECK(moved.id() == 0);
}

TEST_CASE("GL owners move their name and delete it once") {
  gfxtest::context();
  Buffer a = Buffer::create("test.a");
  REQUIRE(a);
  const GLuint id = a.id();
  CHECK(glIsBuffer(id) == GL_TRUE);

  Buffer b = std::move(a);
  CHECK_FALSE(a);  // NOLINT(bugprone-use-after-move): moved-from owners are empty by contract
  CHECK(b.id() == id);

  Buffer c = Buffer::create("test.c");
  const GLuint other = c.id();
  c = std::move(b);  // deletes c's old name
  CHECK(c.id() == id);
  CHECK(glIsBuffer(other) == GL_FALSE);

  c.reset();
  CHECK(glIsBuffer(id) == GL_FALSE);

  // release/wrap hand the name over without deleting it.
  Texture texture = Texture::create(GL_TEXTURE_2D, "test.texture");
  const GLuint raw = texture.release();
  CHECK_FALSE(texture);
  CHECK(glIsTexture(raw) == GL_TRUE);
  { Texture adopted = Texture::wrap(raw); }
  CHECK(glIsTexture(raw) == GL_FALSE);
}

TEST_CASE("every kind of GL object is created and labelled") {
  gfxtest::context();
  const VertexArray vao = VertexArray::create("test.vao");
  const Renderbuffer rbo = Renderbuffer::create("test.rbo");
  const Framebuffer fbo = Framebuffer::create("test.fbo");
  const Shader shader = Shader::create(GL_VERTEX_SHADER, "test.shader");
  const Program program = Program::create("test.program");
  CHECK(glIsVertexArray(vao.id()) == GL_TRUE);
  CHECK(glIsRenderbuffer(rbo.id()) == GL_TRUE);
  CHECK(glIsFramebuffer(fbo.id()) == GL_TRUE);
  CHECK(glIsShader(shader.id()) == GL_TRUE);
  CHECK(glIsProgram(program.id()) == GL_TRUE);
  if (GLAD_GL_KHR_debug) {
    char label[64] = {};
    GLsizei length = 0;
    glGetObjectLabel(GL_FRAMEBUFFER, fbo.id(), sizeof label, &length, label);
    CHECK(std::string(label) == "test.fbo");
  }
  CHECK(gfx::checkGlErrors("objects").empty());
}
