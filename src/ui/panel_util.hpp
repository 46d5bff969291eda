// Small helpers shared by the panels (internal to ui/).
#pragma once

#include <imgui.h>

#include "scene/colormap.hpp"
#include "scene/scene_data.hpp"

namespace ui::detail {

// scene::Rgba8 and ImU32 share the layout (red in the lowest byte), see overlay.cpp.
inline ImU32 toImU32(scene::Rgba8 c) {
  return static_cast<ImU32>(c);
}
inline ImVec4 toImVec4(scene::Rgba8 c) {
  return ImGui::ColorConvertU32ToFloat4(toImU32(c));
}

inline const ImVec4 kErrorColor{1.00f, 0.42f, 0.38f, 1.0f};
inline const ImVec4 kWarningColor{1.00f, 0.78f, 0.30f, 1.0f};
inline const ImVec4 kNoteColor{0.60f, 0.64f, 0.70f, 1.0f};

// "(?)" with a wrapped tooltip.
void helpMarker(const char* text);

// A horizontal gradient of `map` in the next item's place.
void colormapSwatch(scene::Colormap map, ImVec2 size);
// "colormap" combo (each entry with its gradient) and the chosen map's gradient below it.
// True when the map changed.
bool colormapCombo(scene::Colormap& colormap);

// Panel columns, in font heights: sidePanelWidth() derives the space they cover from these.
inline constexpr float kLeftColumnWidth = 22.0f;   // Model, View
inline constexpr float kRightColumnWidth = 21.0f;  // Stats, Probes
inline constexpr float kPanelMargin = 0.6f;        // from the display's edges

// Places a panel of the left column on first use, `y` from the top and `height` in font heights.
void placeLeftPanel(float y, float height);
// The right column, top to bottom, above the colour legend in the bottom right corner.
enum class RightPanel { Stats, Probes, File, Record };
// Places a panel of the right column on first use. On a short display Probes and File (mostly
// room for what comes) give up height so that Record's title bar still ends above the legend.
void placeRightPanel(RightPanel panel);
// Places a panel on first use between the two columns at the bottom (above the key hints),
// `height` in font heights.
void placeBottomPanel(float height);
float bottomPanelWidth();  // pixels
// SameLine() when an item `width` pixels wide still fits the window's row; otherwise the item
// starts a new row.
void sameLineIfFits(float width);

}  // namespace ui::detail
