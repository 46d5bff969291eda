# Build step (cmake -P): writes OUTPUT, a C++ file holding every shader file given in SHADERS
# (a ;-list of paths) as a string, so the program runs from any directory. Raw string literals
# keep the GLSL readable in the generated file; the delimiter cannot occur in GLSL.
set(body "")
foreach(path IN LISTS SHADERS)
  get_filename_component(name "${path}" NAME)
  file(READ "${path}" text)
  string(APPEND body "    {\"${name}\", R\"attnviz_glsl(${text})attnviz_glsl\"},\n")
endforeach()
set(content "// Generated from shaders/ by src/gfx/embed_shaders.cmake. Do not edit.
#include \"gfx/shader_source.hpp\"

namespace gfx::detail {

std::span<const EmbeddedShader> embeddedShaders() {
  static const EmbeddedShader files[] = {
${body}  };
  return files;
}

}  // namespace gfx::detail
")
# Only touch the file when it changes, so unrelated reconfigures rebuild nothing.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${content}")
