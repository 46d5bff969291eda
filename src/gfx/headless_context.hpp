// An OpenGL 3.3 core context with no window and no X server: EGL on Mesa's surfaceless platform.
// Used by tests, screenshots and recording; render into an OffscreenTarget. The window context
// (GLFW) is the app's; the renderers work the same in both.
#pragma once

#include <string>

namespace gfx {

struct HeadlessOptions {
  bool debugContext = true;  // ask for a KHR_debug-friendly context (cheap on llvmpipe)
};

class HeadlessContext {
 public:
  // Creates the context, makes it current on this thread and loads GL. Throws std::runtime_error
  // with what failed (no EGL, no surfaceless platform, no 3.3 core).
  explicit HeadlessContext(const HeadlessOptions& options = {});
  ~HeadlessContext();
  HeadlessContext(const HeadlessContext&) = delete;
  HeadlessContext& operator=(const HeadlessContext&) = delete;

  void makeCurrent();
  // "OpenGL 4.5 (Core Profile) Mesa 22.3.6 / llvmpipe (LLVM 15.0.6, 256 bits)"
  std::string description() const;
  int glVersion() const { return m_glVersion; }  // e.g. 45 for 4.5

 private:
  void create(const HeadlessOptions& options);
  void destroy() noexcept;

  void* m_display = nullptr;  // EGLDisplay / EGLContext, kept opaque to keep EGL out of the header
  void* m_context = nullptr;
  int m_glVersion = 0;
};

}  // namespace gfx
