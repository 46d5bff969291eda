// Rendering the Viewer offscreen at a size of its own, shared by `attnviz screenshot`,
// `attnviz record` and recordings started from the window: an ImGui context for the overlay and
// panels at that size (no platform backend, no ini file, text scaled with the height), and an
// OffscreenTarget. The ImGui context is current only inside use() scopes and render(), so the
// window's own context is untouched between them.
#pragma once

#include <glm/glm.hpp>

#include "app/file_source.hpp"
#include "app/viewer.hpp"
#include "gfx/headless_context.hpp"
#include "gfx/offscreen_target.hpp"

struct ImGuiContext;

namespace app {

// EGL surfaceless OpenGL 3.3 context; a core::DataError saying what failed otherwise.
gfx::HeadlessContext openHeadlessContext();

class OffscreenView;

// What screenshot and record do before their first frame: read the command line's file or
// picture and compute the first inputs (bad input is reported before any GL work), then open the
// EGL context with OpenGL errors logged.
struct HeadlessStart {
  explicit HeadlessStart(const CommandLine& cl);
  ViewerSource source;
  attn::InputMaker makeInputs;  // the generated model's (Viewer's makeInputs)
  attn::Inputs inputs;          // of the first result, when the kernel makes it (source.computed())
  gfx::HeadlessContext context;
};

// The viewer's first scene, with `view`'s ImGui context current so that its camera is framed for
// the view's size: the source's file or ViT map, or else the kernel's result for `inputs`, run on
// this thread (a headless command waits for it anyway).
void showFirst(Viewer& viewer, const ViewerSource& source, const attn::Params& params,
               const attn::Inputs& inputs, const OffscreenView& view);

class OffscreenView {
 public:
  // Needs a current GL context. samples: MSAA samples of the target (1: none).
  OffscreenView(glm::ivec2 size, int samples);
  ~OffscreenView();
  OffscreenView(const OffscreenView&) = delete;
  OffscreenView& operator=(const OffscreenView&) = delete;

  // Makes this view's ImGui context current for the scope (e.g. while the Viewer frames its camera
  // on a first result, which reads the display size), then puts the previous one back.
  class Scope {
   public:
    explicit Scope(ImGuiContext* context);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    ImGuiContext* m_previous;
  };
  Scope use() const { return Scope(m_imgui); }

  // One frame into the target: the Viewer's UI (overlay; panels if its look has them; no input),
  // then the scene, then ImGui on top. `deltaTime`: ImGui's frame step (1/fps when recording).
  void render(Viewer& viewer, bool transparent, float deltaTime);

  const gfx::OffscreenTarget& target() const { return m_target; }
  glm::ivec2 size() const { return m_target.size(); }

 private:
  ImGuiContext* m_imgui = nullptr;
  gfx::OffscreenTarget m_target;
};

}  // namespace app
