// Shader files from shaders/ (embedded at build time) and the assembler that turns them into GLSL
// 330 core sources: `#version` line, feature `#define`s, then the files in order.
#pragma once

#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "gfx/gl_object.hpp"

namespace gfx {

namespace detail {
struct EmbeddedShader {
  std::string_view name;  // file name, e.g. "bars.vert"
  std::string_view text;
};
std::span<const EmbeddedShader> embeddedShaders();  // generated file
}  // namespace detail

// A shader failed to compile or link; the message holds the driver's log and the stage.
class ShaderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Text of one embedded file; throws ShaderError when there is no such file.
std::string_view shaderFile(std::string_view name);
std::vector<std::string_view> shaderFileNames();

// "#version 330 core", one "#define NAME" (or "NAME VALUE") per define, then each file preceded
// by "#line 1 <index>" so driver messages name the file by its position in `files`.
std::string assembleShader(std::initializer_list<std::string_view> files,
                           std::span<const std::string> defines = {});

// One program of the renderers: which files make each stage.
struct ProgramDesc {
  std::string_view name;
  std::vector<std::string_view> vertexFiles;
  std::vector<std::string_view> fragmentFiles;
  std::vector<std::string> defines;
};

// Every program the renderers build (tests compile them all).
std::span<const ProgramDesc> builtinPrograms();
const ProgramDesc& builtinProgram(std::string_view name);

// Compiles and links; throws ShaderError with the log (and file names) on failure.
Program buildProgram(const ProgramDesc& desc);

GLint uniformLocation(const Program& program, const char* name);

}  // namespace gfx
