// File panel: open a model's attention file (.npz, .npy, .safetensors; docs/FORMAT.md) by path,
// from the recent files or by dropping it on the window; what was read, its warnings, and why a
// file could not be opened. Reading happens in the app, off the render thread.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "ui/panel_util.hpp"
#include "ui/panels.hpp"
#include "ui/style.hpp"

namespace ui {
namespace {

constexpr size_t kShownWarnings = 4;

std::string fileName(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  return name.empty() ? path : name;
}

void openFileSection(const OpenFile& f) {
  const attn::ModelAttention& m = *f.model;
  ImGui::TextUnformatted(fileName(f.path).c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.path.c_str());
  ImGui::TextColored(detail::kNoteColor, "%d layers x %d heads, N = %d, M = %d", m.layers, m.heads,
                     m.n, m.m);
  ImGui::TextColored(detail::kNoteColor, "%s, %s, read in %.1f ms",
                     m.hasQK() ? (m.hasV() ? "q, k, v" : "q, k") : "no q/k/v",
                     core::humanBytes(static_cast<double>(f.bytes)).c_str(), f.load_ms);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(detail::kNoteColor, "%s", f.description.c_str());
  ImGui::PopTextWrapPos();
  if (!f.warnings.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, detail::kWarningColor);
    ImGui::PushTextWrapPos(0.0f);
    for (size_t k = 0; k < std::min(f.warnings.size(), kShownWarnings); ++k)
      ImGui::Text("warning: %s", f.warnings[k].c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    if (f.warnings.size() > kShownWarnings) {
      ImGui::TextColored(detail::kWarningColor, "and %zu more warning(s)",
                         f.warnings.size() - kShownWarnings);
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        for (const std::string& w : f.warnings)
          ImGui::TextUnformatted(w.c_str());
        ImGui::EndTooltip();
      }
    }
  }
}

}  // namespace

FileChanges drawFilePanel(AppState& state) {
  FileChanges changes;
  detail::placeRightPanel(detail::RightPanel::File);
  if (!ImGui::Begin("File")) {
    ImGui::End();
    return changes;
  }
  FileState& file = state.file;
  const float f = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(-4.2f * f);
  const bool entered =
      ImGui::InputTextWithHint("##path", ".npz, .npy, .safetensors or a picture", &file.path_input,
                               ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  const bool clicked = ImGui::Button("Open", {-1.0f, 0.0f});
  if ((entered || clicked) && !file.path_input.empty()) changes.open = file.path_input;
  ImGui::TextColored(detail::kNoteColor, "or drop a file on the window");
  detail::helpMarker(
      "Attention weights [N, M], [H, N, M], [L, H, N, M] or [L, B, H, N, M] under a name such as "
      "attentions or attn_weights, with optional q, k, v and tokens (docs/FORMAT.md). "
      "tools/export_attention.py writes them from PyTorch and HuggingFace models.");

  if (!file.loading.empty()) {
    ImGui::TextColored(detail::kWarningColor, "reading %s%s", fileName(file.loading).c_str(),
                       ellipsis());
  }
  if (!file.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, detail::kErrorColor);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(file.error.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    if (file.open) ImGui::TextColored(detail::kNoteColor, "still showing the file below");
  }
  if (file.open) {
    ImGui::Separator();
    openFileSection(*file.open);
  }
  if (!file.recent.empty()) {
    ImGui::Separator();
    ImGui::TextUnformatted("Recent");
    for (size_t k = 0; k < file.recent.size(); ++k) {
      ImGui::PushID(static_cast<int>(k));
      const std::string& path = file.recent[k];
      const bool current = file.open && file.open->path == path;
      if (ImGui::Selectable(fileName(path).c_str(), current) && !current) changes.open = path;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", path.c_str());
      ImGui::PopID();
    }
  }
  ImGui::End();
  return changes;
}

}  // namespace ui
