// The side panels, one file each. Each draws one ImGui window (call between ImGui::NewFrame and
// ImGui::Render) and returns whether it changed something the app must act on, as documented.
#pragma once

#include <vector>

#include "ui/app_state.hpp"

namespace ui {

// Model: text or sequence length, cross-attention source, d_model, heads (divisors of d_model
// only), mask + window, temperature, pattern, seed. True when state.params changed: submit a new
// computation.
bool drawModelPanel(AppState& state);

// Head counts the Model panel offers for d_model: its divisors, ascending (at most 64).
std::vector<int> headChoices(int d_model);
// Where heads snaps when d_model changes: the largest divisor of d_model not above `heads`.
int snapHeads(int d_model, int heads);

// View: value shown, colormap, range, height, gap, layout, selected head and query, arrows,
// labels, grid; camera projection and presets. True when state.view changed: rebuild the scene.
// Camera changes (presets, projection, frame, reset) apply directly and return false.
bool drawViewPanel(AppState& state);

// Stats: frame and kernel time, computing mark, result shape, instance counts, PCA explained
// variance of the selected head, LOD notice, the error in red. Read-only: always false.
bool drawStatsPanel(AppState& state);

// Probes: the pinned cells (query token, key token, weight, score) with remove buttons; a row's
// "show" button selects its head and query. True when state.view changed (rebuild the scene);
// removing probes alone returns false.
bool drawProbesPanel(AppState& state);

// Animation: play/pause, step, scrub, stage, mode, the query explained, speed, loop; "show
// result" leaves the animation. True when state.view changed (rebuild the scene).
bool drawAnimationPanel(AppState& state);

// What a panel changed that the app must act on.
struct PanelChanges {
  bool recompute = false;  // params changed
  bool rebuild = false;    // view changed
};

// ViT (the picture view, state.image set): patches, CLS, temperature and position weight
// (recompute); the map (mean over heads or one head), the query, overlay, heights, opacity,
// colours, grid, labels (rebuild); camera presets.
PanelChanges drawVitPanel(AppState& state);

// The panels docked down the left edge on first use (the ini file remembers moves): Model, View,
// Stats, Probes, Animation; in the ViT view, ViT and Stats.
PanelChanges drawPanels(AppState& state);

// The width in pixels the docked panels cover on each side of the display (the wider side), at
// the current font size: the camera frames the scene in what is left.
float sidePanelWidth();

}  // namespace ui
