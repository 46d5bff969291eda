// Every embedded shader compiles and links; the assembler's output is what the driver expects.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "gfx/debug.hpp"
#include "gfx/shader_source.hpp"
#include "gl_fixture.hpp"

TEST_CASE("every built-in program compiles and links") {
  gfxtest::context();
  for (const auto& desc : gfx::builtinPrograms()) {
    CAPTURE(desc.name);
    gfx::Program program;
    CHECK_NOTHROW(program = gfx::buildProgram(desc));
    CHECK(program);
  }
  CHECK(gfx::checkGlErrors("programs").empty());
}

TEST_CASE("every shader file is used by a program") {
  std::set<std::string_view> used;
  for (const auto& desc : gfx::builtinPrograms()) {
    used.insert(desc.vertexFiles.begin(), desc.vertexFiles.end());
    used.insert(desc.fragmentFiles.begin(), desc.fragmentFiles.end());
  }
  const auto files = gfx::shaderFileNames();
  CHECK(files.size() >= 10);
  for (const auto name : files) {
    CAPTURE(name);
    CHECK(used.count(name) == 1);
  }
}

TEST_CASE("the assembler prepends the version and defines") {
  const std::string defines[] = {"FLAT_SHADING", "SEGMENTS 12"};
  const std::string source = gfx::assembleShader({"arrows.frag"}, defines);
  CHECK(source.starts_with(
      "#version 330 core\n#define FLAT_SHADING\n#define SEGMENTS 12\n#line 1 0\n"));
  CHECK(source.find("o_color") != std::string::npos);
  CHECK(std::count(source.begin(), source.end(), '#') >= 4);
  CHECK_THROWS_AS(gfx::shaderFile("missing.frag"), gfx::ShaderError);
}

TEST_CASE("a broken program throws ShaderError with the driver's log") {
  gfxtest::context();
  // Compiler messages are not GL errors, but stay quiet in case a driver reports them as such.
  gfx::installDebugOutput(gfx::DebugMode::Log);
  gfx::ProgramDesc broken{"broken", {"grid.vert"}, {"grid.frag"}, {"u_spacing )"}};
  std::string message;
  try {
    gfx::buildProgram(broken);
  } catch (const gfx::ShaderError& error) {
    message = error.what();
  }
  gfx::installDebugOutput(gfx::DebugMode::Fatal);
  CHECK(message.find("does not compile") != std::string::npos);
  CHECK(message.find("grid.") != std::string::npos);
  CHECK(gfx::checkGlErrors("broken").empty());
}
