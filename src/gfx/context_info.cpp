#include "gfx/context_info.hpp"

#include "gfx/gl.hpp"

namespace gfx {

int loadGl(ProcLoader loader) {
  const int version = gladLoadGL(loader);
  return GLAD_VERSION_MAJOR(version) * 10 + GLAD_VERSION_MINOR(version);
}

std::string rendererName() {
  const auto* name = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return name ? name : "";
}

bool isSoftwareRenderer() {
  const std::string name = rendererName();
  for (const char* software : {"llvmpipe", "softpipe", "SwiftShader"}) {
    if (name.find(software) != std::string::npos) return true;
  }
  return false;
}

void bindWindowFramebuffer() {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void finish() {
  glFinish();
}

}  // namespace gfx
