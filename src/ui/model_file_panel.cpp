// Model panel while a file is open: which part of the file the scene shows. It replaces the
// generated model's inputs (ui/model_panel.cpp) until "back to the generated model".
// [SECTION] View: layer, overview, rollout
// [SECTION] Layer and heads
// [SECTION] Rollout and score check
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "core/error.hpp"
#include "scene/overview.hpp"
#include "ui/panel_util.hpp"
#include "ui/panels.hpp"
#include "ui/playback.hpp"

namespace ui {
namespace {

// [SECTION] View: layer, overview, rollout

bool viewSection(AppState& state) {
  const attn::ModelAttention& m = *state.file.open->model;
  scene::ViewOptions& v = state.view;
  bool changed = false;
  static constexpr std::array<std::pair<const char*, scene::ModelView>, 3> kViews{{
      {"one layer", scene::ModelView::Layer},
      {"overview", scene::ModelView::Overview},
      {"rollout", scene::ModelView::Rollout},
  }};
  for (size_t k = 0; k < kViews.size(); ++k) {
    if (k > 0) ImGui::SameLine();
    const bool rollout = kViews[k].second == scene::ModelView::Rollout;
    ImGui::BeginDisabled(rollout && m.n != m.m);
    if (ImGui::RadioButton(kViews[k].first, v.model_view == kViews[k].second)) {
      changed |= v.model_view != kViews[k].second;
      v.model_view = kViews[k].second;
    }
    ImGui::EndDisabled();
  }
  detail::helpMarker(
      "one layer: its heads as the kernel's result is drawn (hover, probes, arrows, animation).\n"
      "overview: every layer and head as small fields; click one to open it.\n"
      "rollout: how much each input token flows into an output token through the layers "
      "(self-attention only).\nPageUp/PageDown: layer.  O: overview.");
  if (changed && v.model_view != scene::ModelView::Layer) stopAnimation(state);
  return changed;
}

// [SECTION] Layer and heads

bool layerSection(AppState& state) {
  const attn::ModelAttention& m = *state.file.open->model;
  scene::ViewOptions& v = state.view;
  bool changed = false;
  const float f = ImGui::GetFontSize();
  const int old_layer = v.layer;
  v.layer = std::clamp(v.layer, 0, m.layers - 1);
  if (ImGui::ArrowButton("##previous layer", ImGuiDir_Left)) --v.layer;
  ImGui::SameLine(0.0f, ImGui::GetStyle().ItemInnerSpacing.x);
  if (ImGui::ArrowButton("##next layer", ImGuiDir_Right)) ++v.layer;
  ImGui::SameLine(0.0f, ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::SetNextItemWidth(-4.5f * f);
  ImGui::SliderInt("layer", &v.layer, 0, std::max(m.layers - 1, 0), "%d",
                   ImGuiSliderFlags_AlwaysClamp);
  v.layer = std::clamp(v.layer, 0, m.layers - 1);
  changed |= v.layer != old_layer;

  // One head, or an aggregate of them: a combo of H + 2 choices.
  auto name = [&](int h, attn::HeadAggregate a) {
    if (a != attn::HeadAggregate::None)
      return std::string(attn::aggregateName(a)) + " of " + std::to_string(m.heads) + " heads";
    return "head " + std::to_string(h);
  };
  const std::string preview = name(v.selected_head, v.aggregate);
  ImGui::SetNextItemWidth(-4.5f * f);
  if (ImGui::BeginCombo("heads", preview.c_str())) {
    for (int h = 0; h < m.heads; ++h) {
      const bool selected = v.aggregate == attn::HeadAggregate::None && v.selected_head == h;
      if (ImGui::Selectable(name(h, attn::HeadAggregate::None).c_str(), selected) && !selected) {
        v.selected_head = h;
        v.aggregate = attn::HeadAggregate::None;
        changed = true;
      }
    }
    ImGui::Separator();
    for (const attn::HeadAggregate a : {attn::HeadAggregate::Mean, attn::HeadAggregate::Max}) {
      if (ImGui::Selectable(name(0, a).c_str(), v.aggregate == a) && v.aggregate != a) {
        v.aggregate = a;
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  detail::helpMarker(
      "Left/Right arrows step through the heads, then the mean and the max over heads. The "
      "View panel's 'all heads' shows every head of the layer side by side.");
  return changed;
}

// [SECTION] Rollout and score check

bool rolloutSection(AppState& state) {
  scene::ViewOptions& v = state.view;
  const bool changed = ImGui::SliderFloat("residual \xce\xb1", &v.residual, 0.0f, 1.0f, "%.2f",
                                          ImGuiSliderFlags_AlwaysClamp);
  detail::helpMarker(
      "Rollout (Abnar & Zuidema 2020): each layer's head mean A becomes (1 - \xce\xb1)A + "
      "\xce\xb1I "
      "(the residual connection), rows renormalised, multiplied through the layers. Up/Down or "
      "a click on a row picks the output token whose flows are drawn.");
  if (state.file.rollout && state.file.rollout->residual != v.residual) {
    ImGui::TextColored(detail::kNoteColor, "computing the rollout...");
  }
  return changed;
}

void scoreCheck(const AppState& state) {
  const std::optional<attn::ScoreCheck>& c = state.file.check;
  if (!c || !c->checked) return;
  const bool large = c->max_abs_diff > 1e-3f;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(large ? detail::kWarningColor : detail::kNoteColor,
                     "max |softmax(q\xc2\xb7k\xe1\xb5\x80/\xe2\x88\x9a"
                     "d_k) - weights| = %.2g (head %d, query %d, key %d)",
                     static_cast<double>(c->max_abs_diff), c->head, c->row, c->col);
  if (large) {
    ImGui::TextColored(detail::kWarningColor,
                       "The stored q/k do not reproduce these weights: rotary embeddings applied "
                       "after the capture, another scale, or a position bias. The animation's "
                       "softmax ends on the stored weights.");
  }
  ImGui::PopTextWrapPos();
}

}  // namespace

FileChanges drawModelFilePanel(AppState& state) {
  FileChanges changes;
  detail::placeLeftPanel(0.0f, 24.0f);
  if (!ImGui::Begin("Model")) {
    ImGui::End();
    return changes;
  }
  const OpenFile& file = *state.file.open;
  const attn::ModelAttention& m = *file.model;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(detail::kNoteColor, "the file's attention, in place of the generated model");
  ImGui::PopTextWrapPos();
  ImGui::Text("L = %d layers, H = %d heads", m.layers, m.heads);
  ImGui::Text("N = %d queries x M = %d keys%s", m.n, m.m, m.hasQK() ? "" : ", no q/k/v");
  ImGui::Separator();
  changes.rebuild |= viewSection(state);
  if (state.view.model_view == scene::ModelView::Overview) {
    // Large files: fewer bars, each the largest of its block (scene/overview.hpp).
    if (const int pool = scene::overviewGrid(m, state.view).pool; pool > 1) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(detail::kWarningColor,
                         "%s of weights: each overview bar is the largest of %d x %d cells",
                         core::humanBytes(static_cast<double>(file.bytes)).c_str(), pool, pool);
      ImGui::PopTextWrapPos();
    }
  }
  ImGui::PushItemWidth(-4.5f * ImGui::GetFontSize());
  if (state.view.model_view == scene::ModelView::Rollout) {
    changes.rebuild |= rolloutSection(state);
  } else {
    changes.rebuild |= layerSection(state);
    if (state.view.model_view == scene::ModelView::Layer) scoreCheck(state);
  }
  ImGui::PopItemWidth();
  ImGui::Separator();
  if (ImGui::Button("back to the generated model")) changes.close = true;
  ImGui::End();
  return changes;
}

}  // namespace ui
