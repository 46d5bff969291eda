// View panel: how the result is shown (scene::ViewOptions) and where the camera looks.
// [SECTION] Helpers
// [SECTION] Bars: value, colours, range, height
// [SECTION] Heads, query, arrows, decorations
// [SECTION] Camera
#include <imgui.h>

#include <algorithm>
#include <array>
#include <string>

#include "scene/build.hpp"
#include "scene/colormap.hpp"
#include "ui/cell_info.hpp"
#include "ui/panel_util.hpp"
#include "ui/panels.hpp"

namespace ui {
namespace {

// [SECTION] Helpers

// Before the first result, the sizes the parameters ask for.
int resultHeads(const AppState& s) {
  return s.result ? s.result->heads : s.params.heads;
}
int resultQueries(const AppState& s) {
  if (s.result) return s.result->n;
  return s.params.text.empty() ? s.params.seq
                               : static_cast<int>(attn::tokenize(s.params.text).size());
}

// [SECTION] Bars: value, colours, range, height

bool barsSection(scene::ViewOptions& v) {
  bool changed = false;
  static constexpr std::array<scene::BarValue, 3> kValues{
      scene::BarValue::Weights, scene::BarValue::Scores, scene::BarValue::RawScores};
  if (ImGui::BeginCombo("value", barValueName(v.value))) {
    for (const scene::BarValue value : kValues) {
      const bool selected = value == v.value;
      if (ImGui::Selectable(barValueName(value), selected) && !selected) {
        v.value = value;
        v.colormap = scene::suggestedColormap(value);  // the user may still pick another
        changed = true;
      }
    }
    ImGui::EndCombo();
  }

  changed |= detail::colormapCombo(v.colormap);

  int scale = static_cast<int>(v.range_scale);
  changed |= ImGui::RadioButton("linear", &scale, static_cast<int>(scene::RangeScale::Linear));
  ImGui::SameLine();
  changed |= ImGui::RadioButton("log", &scale, static_cast<int>(scene::RangeScale::Log));
  v.range_scale = static_cast<scene::RangeScale>(scale);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("auto range", &v.auto_range);
  detail::helpMarker(
      "Colours only; heights stay linear. Auto: the shown data's min and max (from 0 for weights, "
      "symmetric about 0 for a diverging map).");
  if (!v.auto_range) {
    const float speed = std::max(0.001f, 0.005f * (v.range_max - v.range_min));
    if (ImGui::DragFloatRange2("min / max", &v.range_min, &v.range_max, speed, -1e6f, 1e6f, "%.4g",
                               "%.4g")) {
      changed = true;
      if (v.range_max <= v.range_min) v.range_max = v.range_min + 1e-6f;
    }
  }
  changed |= ImGui::SliderFloat("height", &v.height_scale, 0.1f, 40.0f, "%.2f",
                                ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  changed |=
      ImGui::SliderFloat("gap", &v.bar_gap, 0.0f, 0.9f, "%.2f", ImGuiSliderFlags_AlwaysClamp);
  return changed;
}

// [SECTION] Heads, query, arrows, decorations

bool selectionSection(AppState& s) {
  scene::ViewOptions& v = s.view;
  bool changed = false;
  int layout = static_cast<int>(v.layout);
  changed |=
      ImGui::RadioButton("one head", &layout, static_cast<int>(scene::HeadLayout::SingleHead));
  ImGui::SameLine();
  changed |=
      ImGui::RadioButton("all heads", &layout, static_cast<int>(scene::HeadLayout::AllHeads));
  v.layout = static_cast<scene::HeadLayout>(layout);

  // Clamp to the result shown (the builder would too); report it so the app rebuilds.
  const int heads = std::max(resultHeads(s), 1);
  const int old_head = v.selected_head;
  v.selected_head = std::clamp(v.selected_head, 0, heads - 1);
  changed |= old_head != v.selected_head;
  if (heads > 1) {
    changed |= ImGui::SliderInt("head", &v.selected_head, 0, heads - 1, "%d",
                                ImGuiSliderFlags_AlwaysClamp);
  }

  const int n = std::max(resultQueries(s), 1);
  const int old_query = v.selected_query;
  v.selected_query = std::clamp(v.selected_query, -1, n - 1);
  changed |= old_query != v.selected_query;
  const std::string label =
      v.selected_query < 0
          ? std::string("none")
          : std::to_string(v.selected_query) + ": " +
                (s.result ? queryToken(*s.result, v.selected_query) : std::string());
  changed |= ImGui::SliderInt("query", &v.selected_query, -1, n - 1, label.c_str(),
                              ImGuiSliderFlags_AlwaysClamp);
  detail::helpMarker(
      "Highlights one query row, its q arrow, and the k/v arrows in proportion to its weights. "
      "Click a q arrow in the scene to select it too.");

  ImGui::TextUnformatted("arrows");
  ImGui::SameLine();
  auto roleBox = [&](const char* name, bool* value, scene::Rgba8 color) {
    ImGui::PushStyleColor(ImGuiCol_CheckMark, detail::toImVec4(color));
    changed |= ImGui::Checkbox(name, value);
    ImGui::PopStyleColor();
  };
  roleBox("Q", &v.show_q, scene::kQueryColor);
  ImGui::SameLine();
  roleBox("K", &v.show_k, scene::kKeyColor);
  ImGui::SameLine();
  roleBox("V", &v.show_v, scene::kValueColor);

  changed |= ImGui::Checkbox("labels", &v.show_labels);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("grid", &v.show_grid);
  if (v.show_labels) {
    changed |= ImGui::SliderInt("labels per axis", &v.max_axis_labels, 4, 256, "%d",
                                ImGuiSliderFlags_AlwaysClamp);
  }
  return changed;
}

// [SECTION] Camera

void cameraSection(AppState& s) {
  scene::OrbitCamera& c = s.camera;
  int ortho = c.orthographic ? 1 : 0;
  ImGui::RadioButton("perspective", &ortho, 0);
  ImGui::SameLine();
  ImGui::RadioButton("orthographic", &ortho, 1);
  c.orthographic = ortho == 1;
  detail::helpMarker(
      "Left drag: orbit. Right or middle drag, or Shift + left drag: pan. Wheel: zoom toward the "
      "cursor. Double-click: focus. Click a bar: pin it as a probe.\n"
      "Keys: F frame all, R reset, 1-4 presets, P perspective/orthographic, Up/Down query, "
      "Left/Right head, Esc deselect.");

  static constexpr std::array<std::pair<const char*, scene::ViewPreset>, 4> kPresets{{
      {"1 3/4", scene::ViewPreset::Perspective},
      {"2 top", scene::ViewPreset::TopDown},
      {"3 front", scene::ViewPreset::Front},
      {"4 side", scene::ViewPreset::Side},
  }};
  for (size_t k = 0; k < kPresets.size(); ++k) {
    if (k > 0) ImGui::SameLine();
    if (ImGui::Button(kPresets[k].first)) {
      c.applyPreset(kPresets[k].second, s.bounds_min, s.bounds_max);
    }
  }
  if (ImGui::Button("frame all (F)")) c.frame(s.bounds_min, s.bounds_max, 0.0f);
  ImGui::SameLine();
  if (ImGui::Button("reset (R)")) c.reset(s.bounds_min, s.bounds_max);
}

}  // namespace

bool drawViewPanel(AppState& state) {
  detail::placeLeftPanel(24.5f, 31.0f);
  if (!ImGui::Begin("View")) {
    ImGui::End();
    return false;
  }
  ImGui::PushItemWidth(-8.0f * ImGui::GetFontSize());
  bool changed = barsSection(state.view);
  ImGui::Separator();
  changed |= selectionSection(state);
  ImGui::Separator();
  cameraSection(state);
  ImGui::PopItemWidth();
  ImGui::End();
  return changed;
}

}  // namespace ui
