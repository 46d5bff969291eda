#include "ui/vit_input.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "attn/patch_embeddings.hpp"

namespace ui {

bool setVitQuery(AppState& state, const scene::VitLayout& vit, int token) {
  if (token < 0 || token >= vit.grid.tokenCount() || token == vit.query) return false;
  state.view.selected_query = token;
  return true;
}

bool moveVitQuery(AppState& state, const scene::VitLayout& vit, int rows, int columns) {
  const attn::PatchGrid& g = vit.grid;
  const int patch = g.patchOfToken(vit.query);
  if (patch < 0) return setVitQuery(state, vit, g.tokenOf(0));
  const int r = std::clamp(g.rowOfPatch(patch) + rows, 0, g.patches() - 1);
  const int c = std::clamp(g.columnOfPatch(patch) + columns, 0, g.patches() - 1);
  return setVitQuery(state, vit, g.tokenOf(g.patchOf(r, c)));
}

bool toggleVitOverlay(AppState& state) {
  scene::VitOptions& v = state.view.vit;
  v.overlay = !v.overlay;
  if (v.overlay) {
    state.camera_before_overlay = state.camera;
    state.camera.applyPreset(scene::ViewPreset::TopDown, state.bounds_min, state.bounds_max);
  } else if (state.camera_before_overlay) {
    state.camera = *state.camera_before_overlay;
    state.camera_before_overlay.reset();
  } else {  // started in the overlay: the usual 3/4 view
    state.camera.applyPreset(scene::ViewPreset::Perspective, state.bounds_min, state.bounds_max);
  }
  return true;
}

bool cycleVitMap(AppState& state, int heads) {
  scene::ViewOptions& v = state.view;
  if (v.vit.map == scene::VitMap::MeanOverHeads) {
    v.vit.map = scene::VitMap::Head;
    v.selected_head = 0;
  } else if (v.vit.map == scene::VitMap::Head && v.selected_head + 1 < heads) {
    ++v.selected_head;
  } else if (v.vit.map == scene::VitMap::Head && state.model_layers > 0) {
    v.vit.map = scene::VitMap::Rollout;
  } else {
    v.vit.map = scene::VitMap::MeanOverHeads;
  }
  return true;
}

bool setVitLayer(AppState& state, int layer) {
  if (state.model_layers <= 0) return false;
  layer = std::clamp(layer, 0, state.model_layers - 1);
  if (layer == state.view.vit.layer) return false;
  state.view.vit.layer = layer;
  return true;
}

bool handleVitKeys(AppState& state, const scene::VitLayout& vit) {
  auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
  auto named = [](ImGuiKey key) {
    const int index = ImGui::GetKeyIndex(key);
    return index >= 0 && ImGui::IsKeyPressed(index, true);
  };
  bool changed = false;
  if (named(ImGuiKey_UpArrow)) changed |= moveVitQuery(state, vit, -1, 0);
  if (named(ImGuiKey_DownArrow)) changed |= moveVitQuery(state, vit, +1, 0);
  if (named(ImGuiKey_LeftArrow)) changed |= moveVitQuery(state, vit, 0, -1);
  if (named(ImGuiKey_RightArrow)) changed |= moveVitQuery(state, vit, 0, +1);
  if (pressed('C') && vit.grid.cls()) changed |= setVitQuery(state, vit, 0);
  const int escape = ImGui::GetKeyIndex(ImGuiKey_Escape);
  if (escape >= 0 && pressed(escape) && state.view.selected_query != -1) {
    state.view.selected_query = -1;  // the centre patch
    changed = true;
  }
  if (pressed('O')) changed |= toggleVitOverlay(state);
  if (pressed('H') && state.result) changed |= cycleVitMap(state, state.result->heads);
  if (pressed('[')) changed |= setVitLayer(state, state.view.vit.layer - 1);
  if (pressed(']')) changed |= setVitLayer(state, state.view.vit.layer + 1);
  return changed;
}

std::string vitMapName(const scene::ViewOptions& view, int heads) {
  const int layer = view.vit.layer;  // >= 0: a model file's
  if (view.vit.map == scene::VitMap::Rollout) {
    return "rollout through layer " + std::to_string(std::max(layer, 0));
  }
  std::string name = layer >= 0 ? "layer " + std::to_string(layer) + ", " : "";
  if (view.vit.map == scene::VitMap::MeanOverHeads) {
    return name + "mean over " + std::to_string(heads) + " heads";
  }
  const int h = std::clamp(view.selected_head, 0, std::max(heads - 1, 0));
  name += "head " + std::to_string(h);
  if (layer < 0 && heads == attn::kPatchHeads) {
    name += " (" + std::string(attn::patchHeadName(h)) + ")";
  }
  return name;
}

std::vector<std::string> vitTooltipLines(const AppState& state, const scene::VitLayout& vit) {
  std::vector<std::string> lines;
  const auto& hit = state.hover.token;
  if (!hit || hit->token < 0 || hit->token >= static_cast<int>(vit.row.size())) return lines;
  const attn::PatchGrid& g = vit.grid;
  const int patch = g.patchOfToken(hit->token);
  if (patch >= 0) {
    const attn::PixelRect px = g.pixels(patch);
    lines.push_back("patch " + g.tokenName(hit->token) + "  (token " + std::to_string(hit->token) +
                    ", pixels " + std::to_string(px.x0) + "-" + std::to_string(px.x1 - 1) + " x " +
                    std::to_string(px.y0) + "-" + std::to_string(px.y1 - 1) + ")");
  } else {
    lines.push_back("CLS token (token 0)");
  }
  const float w = vit.row[static_cast<size_t>(hit->token)];
  const double uniform = 1.0 / static_cast<double>(vit.row.size());
  char text[96];
  std::snprintf(text, sizeof text, "weight from %s: %.4g  (%.2gx uniform)",
                g.tokenName(vit.query).c_str(), static_cast<double>(w),
                static_cast<double>(w) / uniform);
  lines.emplace_back(text);
  if (state.result) lines.push_back(vitMapName(state.view, state.result->heads));
  if (hit->token != vit.query) lines.emplace_back("click: make it the query");
  return lines;
}

}  // namespace ui
