#include "gfx/debug.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/log.hpp"
#include "gfx/gl.hpp"

namespace gfx {

namespace {

std::atomic<uint64_t> g_errorCount{0};
DebugMode g_mode = DebugMode::Log;

const char* errorName(GLenum error) {
  switch (error) {
    case GL_INVALID_ENUM:
      return "GL_INVALID_ENUM";
    case GL_INVALID_VALUE:
      return "GL_INVALID_VALUE";
    case GL_INVALID_OPERATION:
      return "GL_INVALID_OPERATION";
    case GL_INVALID_FRAMEBUFFER_OPERATION:
      return "GL_INVALID_FRAMEBUFFER_OPERATION";
    case GL_OUT_OF_MEMORY:
      return "GL_OUT_OF_MEMORY";
    default:
      return "GL error";
  }
}

void GLAD_API_PTR onDebugMessage(GLenum /*source*/, GLenum type, GLuint id, GLenum severity,
                                 GLsizei length, const GLchar* message, const void* /*user*/) {
  if (severity == GL_DEBUG_SEVERITY_NOTIFICATION) return;
  const std::string_view text(
      message, length < 0 ? std::char_traits<char>::length(message) : static_cast<size_t>(length));
  const bool isError = type == GL_DEBUG_TYPE_ERROR;
  if (isError) g_errorCount.fetch_add(1);
  if (isError && g_mode == DebugMode::Fatal) {
    // Throwing through the driver is undefined, so a fatal error ends the process right here,
    // with the offending call on the stack for a debugger.
    std::fprintf(stderr, "gfx: fatal GL error (id %u): %.*s\n", id, static_cast<int>(text.size()),
                 text.data());
    std::abort();
  }
  const std::string line =
      std::string("GL ") + (isError ? "error: " : "debug: ") + std::string(text);
  if (isError || severity == GL_DEBUG_SEVERITY_HIGH) {
    core::logWarn(line);
  } else {
    core::logDebug(line);
  }
}

}  // namespace

bool installDebugOutput(DebugMode mode) {
  g_mode = mode;
  if (!GLAD_GL_KHR_debug) return false;
  glEnable(GL_DEBUG_OUTPUT);
  glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS);
  glDebugMessageCallback(onDebugMessage, nullptr);
  glDebugMessageControl(GL_DONT_CARE, GL_DONT_CARE, GL_DONT_CARE, 0, nullptr, GL_TRUE);
  return true;
}

uint64_t debugErrorCount() {
  return g_errorCount.load();
}

std::string checkGlErrors(const char* where) {
  std::string result;
  // Bounded: a lost context may report errors forever.
  for (int i = 0; i < 16; ++i) {
    const GLenum error = glGetError();
    if (error == GL_NO_ERROR) break;
    result += result.empty() ? std::string(where) + ": " : ", ";
    result += errorName(error);
  }
  return result;
}

}  // namespace gfx
