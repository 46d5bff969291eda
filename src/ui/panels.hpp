// The side panels, one file each. Each draws one ImGui window (call between ImGui::NewFrame and
// ImGui::Render) and returns whether it changed something the app must act on, as documented.
#pragma once

#include <string>
#include <vector>

#include "record/output.hpp"
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

// Record: output path and format (PNG frames, MP4, GIF), size independent of the window, fps,
// range, panels on or off, transparent background (PNG), turntable, camera keyframes (the current
// view at the current animation time), Record/Stop with progress. Sets state.record.start / stop
// for the app; changes nothing else. Folded on first use. Always false.
bool drawRecordPanel(AppState& state);

// The Record panel's size presets ("1920x1080", …), then "custom".
struct SizePreset {
  const char* name;
  int width, height;
};
inline constexpr SizePreset kRecordSizes[] = {{"1280x720 (720p)", 1280, 720},
                                              {"1920x1080 (1080p)", 1920, 1080},
                                              {"3840x2160 (4K)", 3840, 2160}};
// `out` with its format's ending replaced: "x.mp4" → "x.gif", "x/" → "x.mp4", "x.gif" → "x/".
std::string withOutputKind(const std::string& out, record::OutputKind kind);
// The current view as a keyframe at the animation's current time (replacing one at that time).
void addCurrentView(AppState& state);

// What the file panels ask the app to do.
struct FileChanges {
  bool rebuild = false;  // view changed (layer, heads, model view, residual)
  std::string open;      // read this file (off the render thread); "" for none
  bool close = false;    // back to the generated model
};

// File: a path field with Open, the recent files, the open file's description and warnings, the
// reading state and the last error.
FileChanges drawFilePanel(AppState& state);

// Model, while a file is open (in place of the generated inputs): the file's sizes, the view
// (one layer, the overview of every layer and head, the rollout), the layer (stepped with
// buttons), one head or the mean or max over heads, the rollout's residual share, the score check
// of q/k against the weights, and "back to the generated model".
FileChanges drawModelFilePanel(AppState& state);

// What the panels changed that the app must act on.
struct PanelChanges {
  bool recompute = false;   // params changed
  bool rebuild = false;     // view changed
  std::string open;         // FileChanges::open
  bool close_file = false;  // FileChanges::close, or the ViT panel's way back to the model
};

// ViT (the picture view, state.image set): patches, CLS, temperature and position weight
// (recompute); the map (mean over heads or one head), the query, overlay, heights, opacity,
// colours, grid, labels (rebuild); camera presets; back to the generated model (close_file).
PanelChanges drawVitPanel(AppState& state);

// The panels docked down the edges on first use (the ini file remembers moves): Model (or, while
// a file is open, drawModelFilePanel), File, View, Stats, Probes, Animation, Record; in the ViT
// view, ViT, Stats and Record.
PanelChanges drawPanels(AppState& state);

// The width in pixels the docked panels cover on each side of the display (the wider side), at
// the current font size: the camera frames the scene in what is left.
float sidePanelWidth();

}  // namespace ui
