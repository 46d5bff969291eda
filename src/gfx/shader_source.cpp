// [SECTION] Embedded files and assembly
// [SECTION] Program table
// [SECTION] Compile and link
#include "gfx/shader_source.hpp"

#include <algorithm>

namespace gfx {

// [SECTION] Embedded files and assembly

std::string_view shaderFile(std::string_view name) {
  for (const auto& file : detail::embeddedShaders()) {
    if (file.name == name) return file.text;
  }
  throw ShaderError("gfx: no embedded shader file '" + std::string(name) + "'");
}

std::vector<std::string_view> shaderFileNames() {
  std::vector<std::string_view> names;
  for (const auto& file : detail::embeddedShaders())
    names.push_back(file.name);
  return names;
}

namespace {

std::string assemble(std::span<const std::string_view> files,
                     std::span<const std::string> defines) {
  std::string source = "#version 330 core\n";
  for (const auto& define : defines)
    source += "#define " + define + "\n";
  int index = 0;
  for (const auto name : files) {
    source += "#line 1 " + std::to_string(index++) + "\n";
    source += shaderFile(name);
    if (source.back() != '\n') source += '\n';
  }
  return source;
}

}  // namespace

std::string assembleShader(std::initializer_list<std::string_view> files,
                           std::span<const std::string> defines) {
  return assemble(std::span(files.begin(), files.size()), defines);
}

// [SECTION] Program table

std::span<const ProgramDesc> builtinPrograms() {
  // lighting.glsl holds the shading shared by bars, height map and arrows.
  static const ProgramDesc programs[] = {
      {"background", {"background.vert"}, {"background.frag"}, {}},
      {"bars.towers", {"bars.vert"}, {"lighting.glsl", "bars.frag"}, {"TOWERS"}},
      {"bars.pits", {"bars.vert"}, {"lighting.glsl", "bars.frag"}, {}},
      {"arrows", {"arrows.vert"}, {"lighting.glsl", "arrows.frag"}, {}},
      {"grid", {"grid.vert"}, {"grid.frag"}, {}},
      {"heightmap", {"heightmap.vert"}, {"lighting.glsl", "heightmap.frag"}, {}},
      {"ground_image", {"ground_image.vert"}, {"ground_image.frag"}, {}},
  };
  return programs;
}

const ProgramDesc& builtinProgram(std::string_view name) {
  for (const auto& desc : builtinPrograms()) {
    if (desc.name == name) return desc;
  }
  throw ShaderError("gfx: no built-in program '" + std::string(name) + "'");
}

// [SECTION] Compile and link

namespace {

std::string joinNames(std::span<const std::string_view> files) {
  std::string text;
  for (size_t i = 0; i < files.size(); ++i) {
    text += (i ? ", " : "") + std::to_string(i) + "=" + std::string(files[i]);
  }
  return text;
}

Shader compileStage(GLenum stage, std::string_view programName,
                    std::span<const std::string_view> files, std::span<const std::string> defines) {
  const std::string source = assemble(files, defines);
  const char* stageName = stage == GL_VERTEX_SHADER ? "vertex" : "fragment";
  Shader shader = Shader::create(stage, std::string(programName) + "." + stageName);
  const char* text = source.c_str();
  glShaderSource(shader.id(), 1, &text, nullptr);
  glCompileShader(shader.id());
  GLint ok = GL_FALSE;
  glGetShaderiv(shader.id(), GL_COMPILE_STATUS, &ok);
  if (ok != GL_TRUE) {
    GLint length = 0;
    glGetShaderiv(shader.id(), GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<size_t>(std::max(length, 1)), '\0');
    glGetShaderInfoLog(shader.id(), length, nullptr, log.data());
    throw ShaderError("gfx: " + std::string(stageName) + " shader of '" + std::string(programName) +
                      "' does not compile (files " + joinNames(files) + "):\n" + log.c_str());
  }
  return shader;
}

}  // namespace

Program buildProgram(const ProgramDesc& desc) {
  const Shader vertex = compileStage(GL_VERTEX_SHADER, desc.name, desc.vertexFiles, desc.defines);
  const Shader fragment =
      compileStage(GL_FRAGMENT_SHADER, desc.name, desc.fragmentFiles, desc.defines);
  Program program = Program::create(desc.name);
  glAttachShader(program.id(), vertex.id());
  glAttachShader(program.id(), fragment.id());
  glLinkProgram(program.id());
  GLint ok = GL_FALSE;
  glGetProgramiv(program.id(), GL_LINK_STATUS, &ok);
  // Shaders are no longer needed once linked (they are deleted when the owners go out of scope).
  glDetachShader(program.id(), vertex.id());
  glDetachShader(program.id(), fragment.id());
  if (ok != GL_TRUE) {
    GLint length = 0;
    glGetProgramiv(program.id(), GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<size_t>(std::max(length, 1)), '\0');
    glGetProgramInfoLog(program.id(), length, nullptr, log.data());
    throw ShaderError("gfx: program '" + std::string(desc.name) + "' does not link:\n" +
                      log.c_str());
  }
  return program;
}

GLint uniformLocation(const Program& program, const char* name) {
  // -1 is legal (the uniform was optimised away); glUniform* ignores it.
  return glGetUniformLocation(program.id(), name);
}

}  // namespace gfx
