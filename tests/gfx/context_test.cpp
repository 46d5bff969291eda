// The headless context: EGL surfaceless gives a 3.3+ core context with KHR_debug on llvmpipe.
#include <doctest/doctest.h>

#include "gfx/debug.hpp"
#include "gfx/gl.hpp"
#include "gl_fixture.hpp"

TEST_CASE("the headless context is a 3.3+ core context with debug output") {
  auto& context = gfxtest::context();
  MESSAGE(context.description());
  CHECK(context.glVersion() >= 33);
  GLint profile = 0;
  glGetIntegerv(GL_CONTEXT_PROFILE_MASK, &profile);
  CHECK((profile & GL_CONTEXT_CORE_PROFILE_BIT) != 0);
  CHECK(GLAD_GL_KHR_debug != 0);
  CHECK(gfx::checkGlErrors("context").empty());
}

TEST_CASE("GL errors are counted and reported") {
  gfxtest::context();
  // Log mode for this check only: a deliberate error must not abort the test binary.
  gfx::installDebugOutput(gfx::DebugMode::Log);
  const auto before = gfx::debugErrorCount();
  glEnable(GL_TEXTURE_2D);  // not a core-profile capability: GL_INVALID_ENUM
  const std::string error = gfx::checkGlErrors("deliberate");
  gfx::installDebugOutput(gfx::DebugMode::Fatal);
  CHECK(error == "deliberate: GL_INVALID_ENUM");
  CHECK(gfx::debugErrorCount() == before + 1);
}
