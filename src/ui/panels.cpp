#include "ui/panels.hpp"

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
  const float f = ImGui::GetFontSize(), margin = 0.6f * f;
  const float w = width * f;
  const float x = right ? io.DisplaySize.x - w - margin : margin;
  ImGui::SetNextWindowPos({x, margin + y * f}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({w, height * f}, ImGuiCond_FirstUseEver);
}

}  // namespace detail

PanelChanges drawPanels(AppState& state) {
  PanelChanges changes;
  changes.recompute = drawModelPanel(state);
  changes.rebuild = drawViewPanel(state);
  drawStatsPanel(state);
  changes.rebuild |= drawProbesPanel(state);
  return changes;
}

}  // namespace ui
