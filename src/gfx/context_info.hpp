// The few context-wide GL calls the app needs, so that only gfx/ includes GL.
#pragma once

#include <string>

namespace gfx {

// A window system's "get GL function" (glfwGetProcAddress). Loads GL for the current context;
// returns the GL version (major * 10 + minor), 0 on failure.
using ProcLoader = void (*(*)(const char* name))();
int loadGl(ProcLoader loader);

// GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)".
std::string rendererName();
// Mesa's llvmpipe/softpipe or SwiftShader: every sample costs fill rate there.
bool isSoftwareRenderer();
// Binds the window's own framebuffer (0) for drawing.
void bindWindowFramebuffer();
// Waits for the GPU to finish (timing).
void finish();

}  // namespace gfx
