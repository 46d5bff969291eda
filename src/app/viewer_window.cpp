// The interactive viewer: a GLFW window with an OpenGL 3.3 core context, ImGui's GLFW and OpenGL3
// backends, and the frame loop. The kernel runs on the Viewer's worker thread; this loop only
// draws, so it never waits for a computation.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/file_source.hpp"
#include "app/recorder.hpp"
#include "app/viewer.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "gfx/context_info.hpp"
#include "gfx/debug.hpp"
#include "ui/recent_files.hpp"
#include "ui/style.hpp"

namespace app {
namespace {

// Owns glfwInit/glfwTerminate and the window; errors carry GLFW's own description.
class Window {
 public:
  // samples < 0: 4 on a GPU, 0 on a software renderer.
  Window(int width, int height, int samples) {
    glfwSetErrorCallback(
        [](int, const char* text) { core::logWarn(std::string("GLFW: ") + text); });
    if (!glfwInit()) {
      const char* display = std::getenv("DISPLAY");
      throw core::DataError(std::string("cannot open a window") +
                            (display && *display ? "" : " (no display: DISPLAY is not set)") +
                            "; to render without one use: attnviz screenshot --out shot.png");
    }
    // Software renderers (Mesa's llvmpipe) pay for every sample: 4x MSAA costs them about 2x the
    // frame time, so the automatic choice keeps them single-sampled and interactive.
    open(width, height, samples < 0 ? 4 : samples);
    if (samples < 0 && gfx::isSoftwareRenderer()) {
      core::logInfo("software OpenGL renderer: no multisampling (--samples overrides)");
      glfwDestroyWindow(m_window);
      open(width, height, 0);
    }
  }
  ~Window() {
    glfwDestroyWindow(m_window);
    glfwTerminate();
  }
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  GLFWwindow* handle() const { return m_window; }

 private:
  void open(int width, int height, int samples) {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);  // macOS needs it; harmless elsewhere
    glfwWindowHint(GLFW_SAMPLES, samples);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    m_window = glfwCreateWindow(width, height, "attnviz", nullptr, nullptr);
    if (!m_window) {
      glfwTerminate();
      throw core::DataError(
          "cannot create an OpenGL 3.3 core window (is a GL 3.3 driver installed?)");
    }
    glfwMakeContextCurrent(m_window);
    glfwSwapInterval(1);
    if (gfx::loadGl(glfwGetProcAddress) < 33) {
      glfwDestroyWindow(m_window);
      glfwTerminate();
      throw core::DataError("cannot load OpenGL functions");
    }
  }

  GLFWwindow* m_window = nullptr;
};

// ImGui with the GLFW + OpenGL3 backends; the layout file lives in the user's config directory.
class WindowImGui {
 public:
  WindowImGui(GLFWwindow* window, float scale) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    m_iniPath = ui::layoutIniPath();
    ImGui::GetIO().IniFilename = m_iniPath.empty() ? nullptr : m_iniPath.c_str();
    ui::applyStyle(scale);
    ui::loadFonts(scale);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
  }
  ~WindowImGui() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  WindowImGui(const WindowImGui&) = delete;
  WindowImGui& operator=(const WindowImGui&) = delete;

 private:
  std::string m_iniPath;  // ImGui keeps the pointer
};

// Files dropped on the window since the last frame (GLFW calls back inside glfwPollEvents).
std::vector<std::string> g_dropped;

void onDrop(GLFWwindow*, int count, const char** paths) {
  for (int k = 0; k < count; ++k)
    g_dropped.emplace_back(paths[k]);
}

}  // namespace

int runWindow(const CommandLine& cl) {
  // A bad file, picture, size or input is reported before a window opens.
  const ViewerSource source = openViewerSource(cl);
  const attn::InputMaker makeInputs = inputMaker(cl);
  firstInputs(cl, source, makeInputs);
  Window window(cl.view.width, cl.view.height, cl.view.samples);
  glfwSetDropCallback(window.handle(), onDrop);
  gfx::installDebugOutput(gfx::DebugMode::Log);
  float scaleX = 1, scaleY = 1;
  glfwGetWindowContentScale(window.handle(), &scaleX, &scaleY);
  WindowImGui imgui(window.handle(), std::max(1.0f, scaleY));
  {
    Viewer viewer(cl, true, makeInputs, source.picture, source.vit);
    viewer.buildInBackground(true);  // huge scenes and files never stall the frame loop
    // Zoomed out over many bars llvmpipe pays per triangle for cubes a pixel or two wide.
    if (gfx::isSoftwareRenderer()) viewer.setMinBarPixels(3.0f);
    viewer.keepRecentFiles(ui::recentFilesPath());
    if (source.file) {
      viewer.showFile(source.file);
    } else {
      viewer.submit();
    }
    std::unique_ptr<Recorder> recorder;
    const auto start = std::chrono::steady_clock::now();
    auto last = start;
    int frames = 0;
    for (int frame = 0; !glfwWindowShouldClose(window.handle()); ++frame) {
      if (cl.view.frames > 0 && frame >= cl.view.frames) break;
      glfwPollEvents();
      // Several files dropped at once: the last is opened (one scene at a time).
      if (!g_dropped.empty()) {
        viewer.openFile(g_dropped.back());
        g_dropped.clear();
      }
      viewer.prepareFrame();
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGui::NewFrame();
      viewer.updateUi(true);
      ImGui::Render();

      int width = 0, height = 0;
      glfwGetFramebufferSize(window.handle(), &width, &height);
      gfx::bindWindowFramebuffer();
      viewer.drawScene({width, height});
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      glfwSwapBuffers(window.handle());
      serviceRecording(viewer, cl.inputs, recorder);

      auto now = std::chrono::steady_clock::now();
      viewer.state().frame_ms = std::chrono::duration<double, std::milli>(now - last).count();
      last = now;
      ++frames;
    }
    finishRecording(viewer, recorder);
    const double seconds = std::chrono::duration<double>(last - start).count();
    core::logInfo(std::to_string(frames) + " frames, " +
                  std::to_string(frames ? 1000.0 * seconds / frames : 0.0) + " ms per frame");
  }
  if (cl.view.frames > 0 && gfx::debugErrorCount() > 0) {
    throw core::DataError(std::to_string(gfx::debugErrorCount()) + " OpenGL error(s) reported");
  }
  return 0;
}

}  // namespace app
