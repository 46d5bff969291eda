#include "ui/panels.hpp"

#include <algorithm>

#include "scene/colormap.hpp"
#include "ui/overlay.hpp"
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

namespace {

// `y`, `width` and `height` in font heights.
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

}  // namespace

void placeLeftPanel(float y, float height) {
  placePanel(false, y, kLeftColumnWidth, height);
}

void placeRightPanel(RightPanel panel) {
  // Font heights: Stats, the gaps between panels, Record's title bar when folded, Record open.
  constexpr float kStats = 17.5f, kGap = 0.5f, kRecordTitle = 1.6f, kRecord = 24.0f;
  constexpr float kMostSpare = 8.5f, kLeastSpare = 4.0f;  // Probes and File each
  const float display = ImGui::GetIO().DisplaySize.y, f = ImGui::GetFontSize();
  const float room = (display - legendBand(display, f)) / f - 2.0f * kPanelMargin;
  const float spare =
      std::clamp(0.5f * (room - kStats - 3.0f * kGap - kRecordTitle), kLeastSpare, kMostSpare);
  const float probes = kStats + kGap, file = probes + spare + kGap, record = file + spare + kGap;
  switch (panel) {
    case RightPanel::Stats:
      return placePanel(true, 0.0f, kRightColumnWidth, kStats);
    case RightPanel::Probes:
      return placePanel(true, probes, kRightColumnWidth, spare);
    case RightPanel::File:
      return placePanel(true, file, kRightColumnWidth, spare);
    case RightPanel::Record:
      return placePanel(true, record, kRightColumnWidth, kRecord);
  }
}

float bottomPanelWidth() {
  return std::max(ImGui::GetIO().DisplaySize.x - 2.0f * sidePanelWidth(),
                  24.0f * ImGui::GetFontSize());
}

void placeBottomPanel(float height) {
  const ImGuiIO& io = ImGui::GetIO();
  const float f = ImGui::GetFontSize(), margin = kPanelMargin * f;
  const float w = bottomPanelWidth();
  const float h = height * f;
  const float y = std::max(io.DisplaySize.y - h - 2.2f * f, margin);  // the hints line below
  ImGui::SetNextWindowPos({0.5f * (io.DisplaySize.x - w), y}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({w, h}, ImGuiCond_FirstUseEver);
}

void sameLineIfFits(float width) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right)
    ImGui::SameLine();
}

// A horizontal gradient of `map` in the next item's place.
void colormapSwatch(scene::Colormap map, ImVec2 size) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  constexpr int kSteps = 32;
  for (int s = 0; s < kSteps; ++s) {
    const float t0 = static_cast<float>(s) / kSteps, t1 = static_cast<float>(s + 1) / kSteps;
    const ImU32 a = toImU32(scene::sampleColormap(map, t0));
    const ImU32 b = toImU32(scene::sampleColormap(map, t1));
    dl->AddRectFilledMultiColor({p.x + t0 * size.x, p.y}, {p.x + t1 * size.x, p.y + size.y}, a, b,
                                b, a);
  }
  ImGui::Dummy(size);
}

bool colormapCombo(scene::Colormap& colormap) {
  bool changed = false;
  const float f = ImGui::GetFontSize();
  if (ImGui::BeginCombo("colormap", scene::colormapName(colormap))) {
    for (int k = 0; k < scene::kColormapCount; ++k) {
      const auto map = static_cast<scene::Colormap>(k);
      const bool selected = map == colormap;
      ImGui::PushID(k);
      if (ImGui::Selectable("##map", selected, 0, {0.0f, f})) {
        changed |= !selected;
        colormap = map;
      }
      ImGui::SameLine(0.0f, 0.0f);
      ImGui::SetCursorPosX(ImGui::GetStyle().WindowPadding.x);
      colormapSwatch(map, {5.0f * f, f});
      ImGui::SameLine();
      ImGui::TextUnformatted(scene::colormapName(map));
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  colormapSwatch(colormap, {ImGui::CalcItemWidth(), 0.5f * f});
  return changed;
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
  if (state.image) {  // the Vision Transformer view: its own panel, files, numbers, recording
    changes = drawVitPanel(state);
    take(drawFilePanel(state));
    drawStatsPanel(state);
    drawRecordPanel(state);
    return changes;
  }
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
