// What is drawn over the 3D scene, into ImGui's background draw list (so panels stay on top):
// the scene's labels, the colour-bar legend, pinned-probe markers, the hover tooltip, the
// "computing…" mark and the error banner. The pure layout functions below are what drawOverlay
// draws; tests use them.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <imgui.h>

#include "scene/build.hpp"
#include "scene/camera.hpp"
#include "scene/colormap.hpp"
#include "scene/scene_data.hpp"
#include "ui/app_state.hpp"

namespace ui {

// Draws everything listed above. Call after handleSceneInput (it reads state.hover) and before
// ImGui::Render. `hints`: the mouse and key bindings along the bottom, between the side panels
// (the window; not screenshots or recordings).
void drawOverlay(const AppState& state, const scene::SceneData& scene,
                 const scene::SceneLayout& layout, bool hints = false);

// [SECTION] Labels
struct ScreenLabel {
  size_t index = 0;     // into the label array
  ImVec2 min{}, max{};  // the text's screen rectangle (alignment applied)
  float font_size = 0;  // pixels
};
// Projects labels with the camera and lays out their text with the current font: labels behind
// the camera (or beyond its depth range) and those entirely outside [0, display] are skipped.
std::vector<ScreenLabel> layoutLabels(std::span<const scene::Label> labels,
                                      const scene::OrbitCamera& camera, ImVec2 display);
// The mouse and key bindings of the attention matrix's view (or the picture view's), most useful
// first, as many as fit in `room` pixels at the current font, joined by middle dots.
std::string bindingHints(bool vit, float room);
// The height in pixels of the band at the top of the display that the animation's caption covers
// (its box with all three lines, at the current font size).
float captionBandHeight();

// Drops each label whose rectangle overlaps one already kept, trying the larger text (titles)
// first and then scene order, so a crowded axis shows every k-th token instead of a smear. The
// kept labels stay in their given order.
std::vector<ScreenLabel> withoutOverlaps(std::vector<ScreenLabel> labels);

// Screen position of a world point, or nullopt when it is behind the camera or outside its
// depth range.
std::optional<ImVec2> projectPoint(const scene::OrbitCamera& camera, glm::vec3 p);

// [SECTION] Legend
struct Legend {
  ImVec2 min{}, max{};                     // background box, bottom-right corner of the display
  ImVec2 bar_min{}, bar_max{};             // the gradient; the range's min at the bottom
  std::string title;                       // names the value shown
  std::vector<scene::ColorbarTick> ticks;  // scene::colorbarTicks(range, scale)
  float tickY(float position) const { return bar_max.y - position * (bar_max.y - bar_min.y); }
};
Legend legendLayout(const scene::ViewOptions& view, scene::ValueRange range, ImVec2 display,
                    float font_size);
// The legend box's height and its margin below, in pixels, on a display `display_height` high:
// the right column of panels keeps above it.
float legendBand(float display_height, float font_size);

// [SECTION] Bars
// SceneData::bars index of cell (head, query, key) in the built layout, if that head is shown.
std::optional<size_t> barIndex(const scene::SceneLayout& layout, int head, int query, int key);

// The hover tooltip's lines (empty when nothing is hovered or the result lacks the cell).
std::vector<std::string> tooltipLines(const AppState& state);

}  // namespace ui
