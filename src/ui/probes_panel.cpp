// Probes panel: the cells pinned by clicking bars, with their values in the current result.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "ui/cell_info.hpp"
#include "ui/panel_util.hpp"
#include "ui/panels.hpp"

namespace ui {

bool drawProbesPanel(AppState& state) {
  detail::placePanel(true, 18.0f, 19.0f, 14.0f);
  if (!ImGui::Begin("Probes")) {
    ImGui::End();
    return false;
  }
  bool view_changed = false;
  if (state.probes.empty()) {
    ImGui::TextColored(detail::kNoteColor, "Click a bar to pin its cell here.");
    ImGui::End();
    return false;
  }
  if (ImGui::SmallButton("clear all")) state.probes.clear();

  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                     ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY;
  if (ImGui::BeginTable("probes", 6, kFlags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("h");
    ImGui::TableSetupColumn("query", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("weight");
    ImGui::TableSetupColumn("score");
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();

    std::optional<size_t> remove;
    for (size_t k = 0; k < state.probes.size(); ++k) {
      const Probe& p = state.probes[k];
      ImGui::PushID(static_cast<int>(k));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", p.head);
      const std::optional<CellInfo> info =
          state.result ? cellInfo(*state.result, p.head, p.query, p.key) : std::nullopt;
      if (info) {
        ImGui::TableNextColumn();
        ImGui::Text("%d %s", p.query, info->query_token.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d %s", p.key, info->key_token.c_str());
        ImGui::TableNextColumn();
        if (info->masked) {
          ImGui::TextColored(detail::kNoteColor, "masked");
        } else {
          ImGui::Text("%.4f", static_cast<double>(info->weight));
        }
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", static_cast<double>(info->score));
      } else {
        // The cell is outside the current result (a smaller model): keep it until removed.
        ImGui::TableNextColumn();
        ImGui::Text("%d", p.query);
        ImGui::TableNextColumn();
        ImGui::Text("%d", p.key);
        ImGui::TableNextColumn();
        ImGui::TextColored(detail::kNoteColor, "n/a");
        ImGui::TableNextColumn();
      }
      ImGui::TableNextColumn();
      if (ImGui::SmallButton("show")) {
        view_changed |= state.view.selected_head != p.head || state.view.selected_query != p.query;
        state.view.selected_head = p.head;
        state.view.selected_query = p.query;
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Select this head and query in the scene");
      ImGui::SameLine();
      if (ImGui::SmallButton("x")) remove = k;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this probe");
      ImGui::PopID();
    }
    ImGui::EndTable();
    if (remove) state.probes.erase(state.probes.begin() + static_cast<std::ptrdiff_t>(*remove));
  }
  ImGui::End();
  return view_changed;
}

}  // namespace ui
