#include "gfx/headless_context.hpp"

#include <cstdio>
#include <stdexcept>

#include <glad/egl.h>

#include "gfx/gl.hpp"

namespace gfx {

namespace {

// eglGetProcAddress returns a generic function pointer; glad wants its own pointer type.
GLADapiproc loadProc(const char* name) {
  return reinterpret_cast<GLADapiproc>(eglGetProcAddress(name));
}

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("gfx: headless OpenGL context: " + what);
}

std::string eglErrorText() {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%04x", eglGetError());
  return buffer;
}

// The surfaceless display is shared by every context of the process; terminate it with the last.
int g_liveContexts = 0;

}  // namespace

HeadlessContext::HeadlessContext(const HeadlessOptions& options) {
  try {
    create(options);
  } catch (...) {
    destroy();
    throw;
  }
}

void HeadlessContext::create(const HeadlessOptions& options) {
  // First pass loads libEGL and the EGL 1.0 functions. glad can only tell the version from a
  // display, so it does not load eglGetPlatformDisplay (1.5) yet: fetch that one directly.
  if (gladLoaderLoadEGL(EGL_NO_DISPLAY) == 0) fail("libEGL.so.1 could not be loaded");
  const auto getPlatformDisplay =
      reinterpret_cast<PFNEGLGETPLATFORMDISPLAYPROC>(eglGetProcAddress("eglGetPlatformDisplay"));
  if (getPlatformDisplay == nullptr) fail("eglGetPlatformDisplay missing (EGL < 1.5)");
  EGLDisplay display =
      getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
  if (display == EGL_NO_DISPLAY) fail("no EGL_PLATFORM_SURFACELESS_MESA display");
  EGLint major = 0, minor = 0;
  if (eglInitialize(display, &major, &minor) != EGL_TRUE) fail("eglInitialize: " + eglErrorText());
  ++g_liveContexts;
  m_display = display;
  // Second pass loads the display's extensions.
  if (gladLoaderLoadEGL(display) == 0) fail("EGL 1.5 entry points missing");
  if (!GLAD_EGL_KHR_surfaceless_context) fail("EGL_KHR_surfaceless_context missing");
  if (eglBindAPI(EGL_OPENGL_API) != EGL_TRUE) fail("eglBindAPI(OpenGL): " + eglErrorText());

  const EGLint configAttributes[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE,
                                     EGL_OPENGL_BIT, EGL_NONE};
  EGLConfig config = nullptr;
  EGLint configCount = 0;
  if (eglChooseConfig(display, configAttributes, &config, 1, &configCount) != EGL_TRUE ||
      configCount < 1) {
    fail("no EGL config for desktop OpenGL");
  }
  const EGLint contextAttributes[] = {EGL_CONTEXT_MAJOR_VERSION,
                                      3,
                                      EGL_CONTEXT_MINOR_VERSION,
                                      3,
                                      EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                      EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                      EGL_CONTEXT_OPENGL_DEBUG,
                                      options.debugContext ? EGL_TRUE : EGL_FALSE,
                                      EGL_NONE};
  EGLContext context = eglCreateContext(display, config, EGL_NO_CONTEXT, contextAttributes);
  if (context == EGL_NO_CONTEXT) fail("eglCreateContext(3.3 core): " + eglErrorText());
  m_context = context;
  makeCurrent();
  m_glVersion = gladLoadGL(loadProc);
  if (m_glVersion == 0) fail("gladLoadGL failed");
  m_glVersion = GLAD_VERSION_MAJOR(m_glVersion) * 10 + GLAD_VERSION_MINOR(m_glVersion);
}

HeadlessContext::~HeadlessContext() {
  destroy();
}

void HeadlessContext::destroy() noexcept {
  if (m_display == nullptr) return;
  auto* display = static_cast<EGLDisplay>(m_display);
  eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  if (m_context != nullptr) eglDestroyContext(display, static_cast<EGLContext>(m_context));
  if (--g_liveContexts == 0) {
    eglTerminate(display);
    eglReleaseThread();
  }
  m_display = nullptr;
  m_context = nullptr;
}

void HeadlessContext::makeCurrent() {
  auto* display = static_cast<EGLDisplay>(m_display);
  if (eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, static_cast<EGLContext>(m_context)) !=
      EGL_TRUE) {
    fail("eglMakeCurrent: " + eglErrorText());
  }
}

std::string HeadlessContext::description() const {
  const auto text = [](GLenum name) {
    const auto* value = reinterpret_cast<const char*>(glGetString(name));
    return std::string(value ? value : "?");
  };
  return "OpenGL " + text(GL_VERSION) + " / " + text(GL_RENDERER);
}

}  // namespace gfx
