// The Vision Transformer view's controls over the state (no ImGui calls here except in
// handleVitKeys): the query patch, the heat overlay with its top-down camera, the head shown, and
// what the tooltip says. Each returns true when state.view changed (rebuild the scene).
//
//   click / hover (with "follow the mouse") a patch or its bar: it becomes the query
//   arrow keys: move the query patch · C: the CLS token as the query · Esc: back to the centre
//   O: the flat heat overlay (top-down camera) and back · H: mean over heads → head 0 → … → mean
//   (→ rollout for a model file) · [ ]: previous/next layer of a model file
#pragma once

#include <string>
#include <vector>

#include "scene/build.hpp"
#include "ui/app_state.hpp"

namespace ui {

// The query token (CLS included); false when it is already the query or not a token of the grid.
bool setVitQuery(AppState& state, const scene::VitLayout& vit, int token);
// One patch up/down/left/right from the shown query, stopping at the picture's edges; from CLS, to
// the first patch.
bool moveVitQuery(AppState& state, const scene::VitLayout& vit, int rows, int columns);
// Overlay on: remembers the camera and looks straight down; off: restores that camera (or the 3/4
// view when the overlay was on from the start).
bool toggleVitOverlay(AppState& state);
// Mean over heads → head 0 → … → head H-1 (→ rollout when state.model_layers > 0) → mean.
bool cycleVitMap(AppState& state, int heads);
// A model file's layer, clamped to its layers; false when it stays.
bool setVitLayer(AppState& state, int layer);

// The keys above (call when the scene is the ViT view and ImGui does not want the keyboard).
bool handleVitKeys(AppState& state, const scene::VitLayout& vit);

// What the tooltip says about state.hover.token (empty when nothing is hovered).
std::vector<std::string> vitTooltipLines(const AppState& state, const scene::VitLayout& vit);

// "mean over 4 heads", "head 1 (brightness, texture)" (synthetic heads), "layer 3, head 1",
// "rollout through layer 3".
std::string vitMapName(const scene::ViewOptions& view, int heads);

}  // namespace ui
