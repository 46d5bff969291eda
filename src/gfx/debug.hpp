// GL debug output (KHR_debug): errors are fatal in tests, logged in the app.
#pragma once

#include <cstdint>
#include <string>

namespace gfx {

enum class DebugMode {
  Log,    // errors and warnings go to core::log; the program carries on (app)
  Fatal,  // an error message prints and aborts (tests: a failing GL call is a bug)
};

// Installs the callback on the current context. Returns false when the context lacks KHR_debug
// (then only checkGlErrors() catches errors). Synchronous output, so the failing call is on the
// stack.
bool installDebugOutput(DebugMode mode);

// Error-type messages seen by the callback since start-up, in every mode.
uint64_t debugErrorCount();

// Drains glGetError(); returns "" when clean, otherwise "<where>: GL_INVALID_ENUM, …".
std::string checkGlErrors(const char* where);

}  // namespace gfx
