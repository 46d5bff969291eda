#include "app/offscreen_view.hpp"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <memory>
#include <string>

#include "app/commands.hpp"
#include "core/error.hpp"
#include "gfx/debug.hpp"
#include "ui/style.hpp"

namespace app {

gfx::HeadlessContext openHeadlessContext() {
  try {
    return gfx::HeadlessContext({.debugContext = false});
  } catch (const std::exception& e) {
    throw core::DataError(std::string("cannot create an offscreen OpenGL 3.3 context: ") +
                          e.what());
  }
}

HeadlessStart::HeadlessStart(const CommandLine& cl)
    : source(openViewerSource(cl)),
      makeInputs(inputMaker(cl)),
      inputs(firstInputs(cl, source, makeInputs)),
      context(openHeadlessContext()) {
  gfx::installDebugOutput(gfx::DebugMode::Log);
}

void showFirst(Viewer& viewer, const ViewerSource& source, const attn::Params& params,
               const attn::Inputs& inputs, const OffscreenView& view) {
  attn::Computed computed;
  if (source.computed()) {
    computed.params = params;
    computed.result = std::make_shared<const attn::Result>(attn::forward(inputs));
  }
  const OffscreenView::Scope scope = view.use();
  if (source.file) {
    viewer.showFile(source.file);
  } else if (source.vit) {
    viewer.submit();  // the file's map, now that the display size is known
  } else {
    viewer.accept(std::move(computed));
  }
}

OffscreenView::Scope::Scope(ImGuiContext* context) : m_previous(ImGui::GetCurrentContext()) {
  ImGui::SetCurrentContext(context);
}

OffscreenView::Scope::~Scope() {
  ImGui::SetCurrentContext(m_previous);
}

OffscreenView::OffscreenView(glm::ivec2 size, int samples) : m_target(size.x, size.y, samples) {
  ImGuiContext* const previous = ImGui::GetCurrentContext();
  IMGUI_CHECKVERSION();
  m_imgui = ImGui::CreateContext();
  ImGui::SetCurrentContext(m_imgui);  // CreateContext leaves an existing (window's) one current
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(static_cast<float>(size.x), static_cast<float>(size.y));
  io.DeltaTime = 1.0f / 60.0f;
  // Sizes relative to 900 px high, so a 4K frame is not a page of tiny text.
  const float scale = std::max(1.0f, static_cast<float>(size.y) / 900.0f);
  ui::applyStyle(scale);
  ui::loadFonts(scale);
  const bool initialised = ImGui_ImplOpenGL3_Init("#version 330 core");
  ImGui::SetCurrentContext(previous);
  if (!initialised) {
    ImGui::DestroyContext(m_imgui);
    throw core::DataError("cannot initialise ImGui's OpenGL renderer");
  }
}

OffscreenView::~OffscreenView() {
  const Scope scope = use();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext(m_imgui);  // the scope then restores the previous context (or none)
}

void OffscreenView::render(Viewer& viewer, bool transparent, float deltaTime) {
  const Scope scope = use();
  // ImGui asserts on a zero step (a fixed-step recording sets its own).
  ImGui::GetIO().DeltaTime = std::max(deltaTime, 1e-4f);
  viewer.prepareFrame();  // glyphs of a file's tokens, before the frame uses the font
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  viewer.updateUi(false);
  ImGui::Render();
  m_target.bind();
  viewer.drawScene(m_target.size(), transparent, true);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

}  // namespace app
