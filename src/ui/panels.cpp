#include "ui/panels.hpp"

#include <algorithm>

#include "ui/panel_util.hpp"

namespace ui {
namespace detail {

void helpMarker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void placePanel(bool right, float y, float width, float height) {
  const ImGuiIO& io = ImGui::GetIO();
  const float f = ImGui::GetFontSize(), margin = kPanelMargin * f;
  const float w = width * f, top = margin + y * f;
  const float x = right ? io.DisplaySize.x - w - margin : margin;
  // Never past the bottom of the display (small windows get scroll bars instead).
  const float h = std::max(std::min(height * f, io.DisplaySize.y - margin - top), 4.0f * f);
  ImGui::SetNextWindowPos({x, top}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({w, h}, ImGuiCond_FirstUseEver);
}

void placeBottomPanel(float height) {
  const ImGuiIO& io = ImGui::GetIO();
  const float f = ImGui::GetFontSize(), margin = kPanelMargin * f;
  const float side = sidePanelWidth();
  const float w = std::max(io.DisplaySize.x - 2.0f * side, 24.0f * f);
  const float h = height * f;
  const float y = std::max(io.DisplaySize.y - h - 2.2f * f, margin);  // the hints line below
  ImGui::SetNextWindowPos({0.5f * (io.DisplaySize.x - w), y}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({w, h}, ImGuiCond_FirstUseEver);
}

}  // namespace detail

float sidePanelWidth() {
  // Before the first NewFrame the current font size is still 0: use the loaded font's own size.
  float font = ImGui::GetFontSize();
  const ImGuiIO& io = ImGui::GetIO();
  if (font <= 0.0f && !io.Fonts->ConfigData.empty()) {
    font = io.Fonts->ConfigData[0].SizePixels * io.FontGlobalScale;
  }
  return (std::max(detail::kLeftColumnWidth, detail::kRightColumnWidth) +
          2.0f * detail::kPanelMargin) *
         font;
}

PanelChanges drawPanels(AppState& state) {
  PanelChanges changes;
  auto take = [&](FileChanges file) {
    changes.rebuild |= file.rebuild;
    if (!file.open.empty()) changes.open = std::move(file.open);
    changes.close_file |= file.close;
  };
  if (state.file.open) {
    take(drawModelFilePanel(state));
  } else {
    changes.recompute = drawModelPanel(state);
  }
  take(drawFilePanel(state));
  changes.rebuild |= drawViewPanel(state);
  drawStatsPanel(state);
  changes.rebuild |= drawProbesPanel(state);
  changes.rebuild |= drawAnimationPanel(state);
  drawRecordPanel(state);
  return changes;
}

}  // namespace ui
