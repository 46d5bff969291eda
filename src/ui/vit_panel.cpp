// ViT panel: the picture view. What the kernel computes from the picture (patches, CLS,
// temperature, position weight: recompute) and how its attention is shown (the map, the query,
// bars or overlay, colours: rebuild).
// [SECTION] Patches: what is computed (or the model file's layer)
// [SECTION] Map and query
// [SECTION] Bars, overlay, colours
// [SECTION] Camera
#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "attn/patch_embeddings.hpp"
#include "scene/vit_build.hpp"
#include "ui/panel_util.hpp"
#include "ui/panels.hpp"
#include "ui/vit_input.hpp"

namespace ui {
namespace {

// [SECTION] Patches: what is computed

bool patchSection(AppState& s) {
  attn::PatchParams& p = s.params.patch;
  const core::Image& image = *s.image;
  const std::string name = std::filesystem::path(s.image_path).filename().string();
  ImGui::TextColored(detail::kNoteColor, "%s  %dx%d", name.c_str(), image.width, image.height);
  bool changed = false;
  // Never more patches per side than the picture has pixels.
  const int most = std::clamp(std::min(image.width, image.height), attn::PatchParams::kMinPatches,
                              attn::PatchParams::kMaxPatches);
  if (ImGui::SliderInt("patches", &p.patches, attn::PatchParams::kMinPatches, most, "%d per side",
                       ImGuiSliderFlags_AlwaysClamp)) {
    changed = true;
  }
  detail::helpMarker(
      "The picture is cut into P x P patches, one token each, as a Vision Transformer does "
      "(non-square pictures get non-square patches, as if resized to a square).");
  changed |= ImGui::Checkbox("CLS token", &p.cls);
  detail::helpMarker(
      "Token 0, ahead of the patches. Here it carries the mean colour and texture of the "
      "picture and no position; its weight is the pillar left of the picture.");
  changed |= ImGui::SliderFloat("temperature", &s.params.temperature, 0.05f, 10.0f, "%.2f",
                                ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  changed |=
      ImGui::SliderFloat("position", &p.position, 0.0f, 3.0f, "%.2f", ImGuiSliderFlags_AlwaysClamp);
  detail::helpMarker(
      "Without a model file the attention is computed from the pixels: each head is a "
      "similarity kernel over patch colour, texture and position. This weighs the position "
      "(0: patches of equal colour and texture attend equally wherever they are).");
  return changed;
}

// A model's attention file: what it holds, and the layer shown (a view change: the app turns the
// layer into the result drawn).
bool modelSection(AppState& s) {
  ImGui::TextColored(detail::kNoteColor, "%s  (picture %dx%d)", s.model_name.c_str(),
                     s.image->width, s.image->height);
  const int heads = s.result ? s.result->heads : 0;
  ImGui::Text("%d layers", s.model_layers);
  if (heads > 0 && s.view.vit.map != scene::VitMap::Rollout) {
    ImGui::SameLine();
    ImGui::Text("x %d heads", heads);
  }
  int layer = std::max(s.view.vit.layer, 0);
  if (s.model_layers > 1 && ImGui::SliderInt("layer", &layer, 0, s.model_layers - 1, "%d",
                                             ImGuiSliderFlags_AlwaysClamp)) {
    return setVitLayer(s, layer);
  }
  detail::helpMarker("[ and ]: previous and next layer.");
  return false;
}

// [SECTION] Map and query

bool mapSection(AppState& s) {
  scene::ViewOptions& v = s.view;
  bool changed = false;
  const int heads = s.result ? s.result->heads : attn::kPatchHeads;
  int map = static_cast<int>(v.vit.map);
  changed |=
      ImGui::RadioButton("mean over heads", &map, static_cast<int>(scene::VitMap::MeanOverHeads));
  ImGui::SameLine();
  changed |= ImGui::RadioButton("one head", &map, static_cast<int>(scene::VitMap::Head));
  if (s.model_layers > 0) {
    ImGui::SameLine();
    changed |= ImGui::RadioButton("rollout", &map, static_cast<int>(scene::VitMap::Rollout));
  }
  v.vit.map = static_cast<scene::VitMap>(map);
  if (v.vit.map == scene::VitMap::Head && heads > 1) {
    const std::string name = vitMapName(v, heads);
    changed |= ImGui::SliderInt("head", &v.selected_head, 0, heads - 1, name.c_str(),
                                ImGuiSliderFlags_AlwaysClamp);
  }
  detail::helpMarker(
      "H cycles: mean, head 0, head 1, ... (and, for a model file, the attention rollout: "
      "how much of each token flows from each patch through every layer up to this one, "
      "Abnar and Zuidema 2020, residual share 0.5).");

  // The query: the patch shown, and shortcuts to CLS and the centre.
  const std::optional<attn::PatchGrid> grid =
      s.result ? scene::vitGrid(*s.result, *s.image) : std::nullopt;
  if (grid) {
    const int query = scene::vitQueryToken(*grid, v);
    ImGui::Text("query  %s", grid->tokenName(query).c_str());
    ImGui::SameLine();
    if (grid->cls() && ImGui::SmallButton("CLS")) {
      changed |= v.selected_query != 0;
      v.selected_query = 0;
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("centre")) {
      changed |= v.selected_query != -1;
      v.selected_query = -1;
    }
    detail::helpMarker(
        "Click a patch (or its bar) to make it the query; arrow keys move it, C picks CLS, Esc "
        "the centre patch.");
  }
  ImGui::Checkbox("query follows the mouse", &s.vit_follow_mouse);
  return changed;
}

// [SECTION] Bars, overlay, colours

bool lookSection(AppState& s) {
  scene::VitOptions& v = s.view.vit;
  bool changed = false;
  bool overlay = v.overlay;
  if (ImGui::Checkbox("2D overlay (O)", &overlay)) changed |= toggleVitOverlay(s);
  detail::helpMarker(
      "The classic heat overlay: the weights as a translucent colour layer over the flat "
      "picture, seen from above. Off: bars rise from the patches.");
  if (v.overlay) {
    changed |= ImGui::SliderFloat("opacity", &v.overlay_opacity, 0.05f, 1.0f, "%.2f",
                                  ImGuiSliderFlags_AlwaysClamp);
  } else {
    changed |= ImGui::SliderFloat("height", &v.height, 0.5f, 20.0f, "%.1f",
                                  ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
    detail::helpMarker("World height of the tallest patch bar (the picture is 16 wide).");
    changed |=
        ImGui::SliderFloat("gap", &v.bar_gap, 0.0f, 0.9f, "%.2f", ImGuiSliderFlags_AlwaysClamp);
    changed |= ImGui::SliderFloat("bar opacity", &v.bar_opacity, 0.1f, 1.0f, "%.2f",
                                  ImGuiSliderFlags_AlwaysClamp);
    detail::helpMarker("Bars also fade out towards zero height, so the picture shows through.");
  }
  changed |= detail::colormapCombo(s.view.colormap);
  changed |= ImGui::Checkbox("patch grid", &s.view.show_grid);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("labels", &s.view.show_labels);
  return changed;
}

// [SECTION] Camera

void cameraSection(AppState& s) {
  scene::OrbitCamera& c = s.camera;
  if (ImGui::Button("3/4 view"))
    c.applyPreset(scene::ViewPreset::Perspective, s.bounds_min, s.bounds_max);
  ImGui::SameLine();
  if (ImGui::Button("top")) c.applyPreset(scene::ViewPreset::TopDown, s.bounds_min, s.bounds_max);
  ImGui::SameLine();
  if (ImGui::Button("frame all (F)")) c.frame(s.bounds_min, s.bounds_max, 0.0f);
}

}  // namespace

PanelChanges drawVitPanel(AppState& state) {
  PanelChanges changes;
  detail::placeLeftPanel(0.0f, 34.0f);
  if (!ImGui::Begin("ViT")) {
    ImGui::End();
    return changes;
  }
  if (!state.image) {
    ImGui::TextColored(detail::kNoteColor, "no picture");
    ImGui::End();
    return changes;
  }
  ImGui::PushItemWidth(-8.0f * ImGui::GetFontSize());
  if (state.model_layers > 0) {
    changes.rebuild = modelSection(state);
  } else {
    changes.recompute = patchSection(state);
  }
  ImGui::Separator();
  changes.rebuild |= mapSection(state);
  ImGui::Separator();
  changes.rebuild |= lookSection(state);
  ImGui::Separator();
  cameraSection(state);
  ImGui::PopItemWidth();
  ImGui::Separator();
  if (ImGui::Button("back to the generated model")) changes.close_file = true;
  detail::helpMarker("The attention matrix of the Model panel's parameters (text, heads, mask).");
  ImGui::End();
  return changes;
}

}  // namespace ui
