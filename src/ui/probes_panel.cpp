// Probes panel: the cells pinned by clicking bars, with their values in the current result.
// Clicking a row selects its head and query in the scene; "x" removes it.
#include <imgui.h>

#include <optional>
#include <string>

#include "ui/cell_info.hpp"
#include "ui/panel_util.hpp"
#include "ui/panels.hpp"

namespace ui {

bool drawProbesPanel(AppState& state) {
  detail::placeRightPanel(detail::RightPanel::Probes);
  if (!ImGui::Begin("Probes")) {
    ImGui::End();
    return false;
  }
  if (state.probes.empty()) {
    ImGui::TextColored(detail::kNoteColor, "Click a bar to pin its cell here.");
    ImGui::End();
    return false;
  }
  if (ImGui::SmallButton("clear all")) state.probes.clear();
  ImGui::SameLine();
  ImGui::TextColored(detail::kNoteColor, "click a row to select it");

  bool view_changed = false;
  std::optional<size_t> remove;
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("probes", 6, kFlags)) {
    ImGui::TableSetupColumn("#");
    ImGui::TableSetupColumn("query", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("weight");
    ImGui::TableSetupColumn("score");
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();

    for (size_t k = 0; k < state.probes.size(); ++k) {
      const Probe p = state.probes[k];
      ImGui::PushID(static_cast<int>(k));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      // The number matches the marker drawn on the bar; the row is one selectable.
      const std::string number = std::to_string(k + 1);
      const bool selected =
          state.view.selected_head == p.head && state.view.selected_query == p.query;
      if (ImGui::Selectable(
              number.c_str(), selected,
              ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
        view_changed |= !selected;
        state.view.selected_head = p.head;
        state.view.selected_query = p.query;
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("head %d: select this head and query", p.head);
      const std::optional<CellInfo> info =
          state.result ? cellInfo(*state.result, p.head, p.query, p.key) : std::nullopt;
      ImGui::TableNextColumn();
      ImGui::Text("%d %s", p.query, info ? info->query_token.c_str() : "");
      ImGui::TableNextColumn();
      ImGui::Text("%d %s", p.key, info ? info->key_token.c_str() : "");
      ImGui::TableNextColumn();
      if (!info) {
        // Outside the current result (a smaller model): kept until removed.
        ImGui::TextColored(detail::kNoteColor, "n/a");
      } else if (info->masked) {
        ImGui::TextColored(detail::kNoteColor, "masked");
      } else {
        ImGui::Text("%.4f", static_cast<double>(info->weight));
      }
      ImGui::TableNextColumn();
      if (info && info->has_scores) ImGui::Text("%.3f", static_cast<double>(info->score));
      ImGui::TableNextColumn();
      if (ImGui::SmallButton("x")) remove = k;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this probe");
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (remove) state.probes.erase(state.probes.begin() + static_cast<std::ptrdiff_t>(*remove));
  ImGui::End();
  return view_changed;
}

}  // namespace ui
