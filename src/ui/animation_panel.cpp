// Animation panel: play the computation stage by stage (scene/timeline.hpp). The time itself is
// view.time; these controls only move it (ui/playback.hpp).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "ui/panel_util.hpp"
#include "ui/panels.hpp"
#include "ui/playback.hpp"

namespace ui {
namespace {

constexpr const char* kModeNames[] = {"whole matrix", "row by row", "cell by cell"};
// Widths of the options row's controls, in font heights.
constexpr float kStageWidth = 13.0f, kModeWidth = 8.5f, kQueryWidth = 9.0f, kSpeedWidth = 6.0f;

// Pixel widths of the options row's controls.
float labelled(float width, const char* label) {  // `width` font heights, then the label
  return width * ImGui::GetFontSize() + ImGui::GetStyle().ItemInnerSpacing.x +
         ImGui::CalcTextSize(label).x;
}
float modeWidth() {
  return kModeWidth * ImGui::GetFontSize();
}
float queryWidth() {
  return labelled(kQueryWidth, "explain");
}
float speedWidth() {
  return kSpeedWidth * ImGui::GetFontSize();
}
float loopWidth() {
  return labelled(ImGui::GetFrameHeight() / ImGui::GetFontSize(), "loop");
}
float showResultWidth() {
  return ImGui::CalcTextSize("show result").x + 2.0f * ImGui::GetStyle().FramePadding.x;
}

// The options row's controls after the stage chooser (which starts the row), as
// drawAnimationPanel lays them out: a narrow panel wraps them onto more rows.
std::vector<float> optionWidths(const AppState& state) {
  std::vector<float> widths{modeWidth()};
  if (state.view.animation_mode == scene::AnimationMode::WholeMatrix)
    widths.push_back(queryWidth());
  widths.push_back(speedWidth());
  widths.push_back(loopWidth());
  if (state.view.animate) widths.push_back(showResultWidth());
  return widths;
}

// Rows the options take in a panel whose rows are `room` pixels wide.
int optionRows(const AppState& state, float room) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  float x = kStageWidth * ImGui::GetFontSize();
  int rows = 1;
  for (const float w : optionWidths(state)) {
    if (x + spacing + w > room) {
      ++rows;
      x = w;
    } else {
      x += spacing + w;
    }
  }
  return rows;
}

bool transport(AppState& state, const scene::Timeline& timeline) {
  bool changed = false;
  if (ImGui::Button("|<")) changed |= seek(state, 0.0);
  ImGui::SameLine();
  if (ImGui::Button("<")) changed |= step(state, -1);
  ImGui::SameLine();
  if (ImGui::Button(state.playback.playing ? "pause" : "play", {4.5f * ImGui::GetFontSize(), 0}))
    changed |= togglePlay(state);
  ImGui::SameLine();
  if (ImGui::Button(">")) changed |= step(state, +1);
  ImGui::SameLine();
  if (ImGui::Button(">|")) changed |= seek(state, timeline.duration());
  ImGui::SameLine();
  float t = static_cast<float>(state.view.animate ? state.view.time : timeline.duration());
  char format[32];
  std::snprintf(format, sizeof format, "%%.1f / %.1f s", timeline.duration());
  ImGui::SetNextItemWidth(-2.0f * ImGui::GetFontSize());
  if (ImGui::SliderFloat("##time", &t, 0.0f, static_cast<float>(timeline.duration()), format)) {
    state.playback.playing = false;
    changed |= seek(state, t);
  }
  ImGui::SameLine();
  detail::helpMarker(
      "Space: play/pause.  Right/Left arrow: next/previous step.  Drag the slider "
      "to scrub; changing the model while paused keeps the time.");
  return changed;
}

bool stageChooser(AppState& state, const scene::Timeline& timeline) {
  bool changed = false;
  const scene::Moment now = timeline.at(state.view.time);
  const int current = state.view.animate ? static_cast<int>(now.stage) : scene::kStageCount - 1;
  std::string preview =
      std::to_string(current + 1) + ". " + scene::stageName(static_cast<scene::Stage>(current));
  ImGui::SetNextItemWidth(kStageWidth * ImGui::GetFontSize());
  if (ImGui::BeginCombo("##stage", preview.c_str())) {
    for (int k = 0; k < scene::kStageCount; ++k) {
      const auto stage = static_cast<scene::Stage>(k);
      const std::string item = std::to_string(k + 1) + ". " + scene::stageName(stage);
      if (ImGui::Selectable(item.c_str(), k == current)) {
        state.playback.playing = false;
        changed |= seek(state, timeline.stageStart(stage, std::max(now.query, 0)));
      }
    }
    ImGui::EndCombo();
  }
  return changed;
}

bool queryChooser(AppState& state) {
  const attn::Result& r = *state.result;
  int& sel = state.view.selected_query;
  auto name = [&](int i) {
    const std::string token = i < static_cast<int>(r.tokens.size()) ? r.tokens[i] : "";
    return std::to_string(i) + " " + token;
  };
  const std::string preview = sel >= 0 && sel < r.n ? name(sel) : "last (" + name(r.n - 1) + ")";
  bool changed = false;
  ImGui::SetNextItemWidth(kQueryWidth * ImGui::GetFontSize());
  if (ImGui::BeginCombo("explain", preview.c_str())) {
    if (ImGui::Selectable("last query", sel < 0)) {
      changed = sel != -1;
      sel = -1;
    }
    for (int i = 0; i < r.n; ++i) {
      if (ImGui::Selectable(name(i).c_str(), i == sel)) {
        changed |= sel != i;
        sel = i;
      }
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The query whose dot products, softmax and weighted sum the arrows show");
  return changed;
}

}  // namespace

bool drawAnimationPanel(AppState& state) {
  // Title, transport and options rows; a narrow panel's options take more rows.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float row = (ImGui::GetFrameHeight() + style.ItemSpacing.y) / ImGui::GetFontSize();
  const int options = optionRows(state, detail::bottomPanelWidth() - 2.0f * style.WindowPadding.x);
  detail::placeBottomPanel(6.6f + row * static_cast<float>(options - 1));
  if (!ImGui::Begin("Animation")) {
    ImGui::End();
    return false;
  }
  if (const std::string why = animationUnavailable(state); !why.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("Animation off: %s.", why.c_str());
    ImGui::PopTextWrapPos();
    ImGui::End();
    return false;
  }
  if (!state.result) {
    ImGui::TextDisabled("waiting for the first result%s", "...");
    ImGui::End();
    return false;
  }
  const float f = ImGui::GetFontSize();
  const scene::Timeline timeline = timelineOf(state);
  bool changed = transport(state, timeline);
  changed |= stageChooser(state, timeline);

  detail::sameLineIfFits(modeWidth());
  int mode = static_cast<int>(state.view.animation_mode);
  ImGui::SetNextItemWidth(kModeWidth * f);
  if (ImGui::Combo("##mode", &mode, kModeNames, IM_ARRAYSIZE(kModeNames))) {
    // The same stage of the new timeline, for the same query when it has one.
    const scene::Moment now = timeline.at(state.view.time);
    const bool was_animating = state.view.animate;
    state.view.animation_mode = static_cast<scene::AnimationMode>(mode);
    const scene::Timeline next = timelineOf(state);
    seek(state,
         was_animating ? next.stageStart(now.stage, std::max(now.query, 0)) : next.duration());
    changed = true;
  }
  if (state.view.animation_mode == scene::AnimationMode::WholeMatrix) {
    detail::sameLineIfFits(queryWidth());
    changed |= queryChooser(state);
  }
  detail::sameLineIfFits(speedWidth());
  ImGui::SetNextItemWidth(kSpeedWidth * f);
  ImGui::SliderFloat("##speed", &state.playback.speed, 0.25f, 4.0f, "speed %.2fx",
                     ImGuiSliderFlags_Logarithmic);
  detail::sameLineIfFits(loopWidth());
  ImGui::Checkbox("loop", &state.playback.loop);
  if (state.view.animate) {
    detail::sameLineIfFits(showResultWidth());
    if (ImGui::Button("show result")) changed |= stopAnimation(state);
  }
  // A file whose q/k do not give its weights: the softmax stage morphs into the stored weights.
  if (const auto& c = state.file.check; state.file.open && c && c->max_abs_diff > 1e-3f) {
    ImGui::TextColored(detail::kWarningColor,
                       "scores recomputed from the file's q, k differ from its weights by up to "
                       "%.2g: the softmax stage ends on the stored weights",
                       static_cast<double>(c->max_abs_diff));
  }
  ImGui::End();
  return changed;
}

}  // namespace ui
