// Playing the animation: the app's clock and the user's controls turned into view.time. The scene
// itself only reads view.time (see scene/timeline.hpp); these functions are the only writers.
#pragma once

#include <string>

#include "scene/timeline.hpp"
#include "ui/app_state.hpp"

namespace ui {

// The timeline of the current result and animation mode (empty before the first result).
scene::Timeline timelineOf(const AppState& state);

// Why the animation cannot run on what is shown, or "" when it can: it explains one layer's
// computation and recomputes the scores from q and k, so a file's overview, rollout, a file
// without q/k and an aggregate over heads have none. The controls below do nothing then.
std::string animationUnavailable(const AppState& state);

// Each returns true when the view changed (rebuild the scene).

// Advances a playing animation by `seconds` of wall time × speed; at the end it loops or stops.
bool advancePlayback(AppState& state, double seconds);
// Space: play/pause. Playing from the finished state (or with the animation off) starts over.
bool togglePlay(AppState& state);
// →/←: the next/previous segment (pauses).
bool step(AppState& state, int direction);
// Sets the time (clamped), turning the animation on.
bool seek(AppState& state, double t);
// Back to the finished computation (animation off, paused).
bool stopAnimation(AppState& state);

}  // namespace ui
