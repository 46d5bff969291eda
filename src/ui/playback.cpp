#include "ui/playback.hpp"

#include <algorithm>
#include <cmath>

namespace ui {

scene::Timeline timelineOf(const AppState& state) {
  if (!state.result) return {};
  return scene::Timeline(state.view.animation_mode, state.result->n, state.result->m);
}

std::string animationUnavailable(const AppState& state) {
  if (state.file.open && state.view.model_view != scene::ModelView::Layer)
    return "the animation explains one layer: choose 'one layer' in the Model panel";
  const attn::Result* r = state.result.get();
  if (r && r->scores.empty()) {
    if (state.view.aggregate != attn::HeadAggregate::None && state.file.open)
      return std::string("the ") + attn::aggregateName(state.view.aggregate) +
             " over heads has no q, k to compute scores from: pick one head";
    return "the animation recomputes the scores from q and k, and this file has none "
           "(tools/export_attention.py captures them)";
  }
  return {};
}

bool seek(AppState& state, double t) {
  const double duration = timelineOf(state).duration();
  const double clamped = std::clamp(t, 0.0, duration);
  const bool changed = !state.view.animate || state.view.time != clamped;
  state.view.animate = true;
  state.view.time = clamped;
  return changed;
}

bool advancePlayback(AppState& state, double seconds) {
  if (!state.playback.playing || !state.view.animate) return false;
  if (!animationUnavailable(state).empty()) return stopAnimation(state);
  const double duration = timelineOf(state).duration();
  if (duration <= 0.0) return false;
  double t = state.view.time + seconds * static_cast<double>(state.playback.speed);
  if (t >= duration) {
    if (state.playback.loop) {
      t = std::fmod(t, duration);
    } else {
      t = duration;
      state.playback.playing = false;
    }
  }
  return seek(state, t);
}

bool togglePlay(AppState& state) {
  if (state.playback.playing) {
    state.playback.playing = false;
    return false;
  }
  const double duration = timelineOf(state).duration();
  if (duration <= 0.0 || !animationUnavailable(state).empty()) return false;
  state.playback.playing = true;
  const bool restart = !state.view.animate || state.view.time >= duration;
  return seek(state, restart ? 0.0 : state.view.time);
}

bool step(AppState& state, int direction) {
  const scene::Timeline timeline = timelineOf(state);
  if (timeline.duration() <= 0.0 || !animationUnavailable(state).empty()) return false;
  state.playback.playing = false;
  if (!state.view.animate) return seek(state, 0.0);
  return seek(state, direction > 0 ? timeline.nextStep(state.view.time)
                                   : timeline.previousStep(state.view.time));
}

bool stopAnimation(AppState& state) {
  state.playback.playing = false;
  const bool changed = state.view.animate;
  state.view.animate = false;
  return changed;
}

}  // namespace ui
