// What to record: filled by `attnviz record`'s options or by the Record panel, read by the app's
// recorder. Plain data.
#pragma once

#include <optional>
#include <string>

#include "scene/camera_path.hpp"

namespace record {

// Which part of the animation. At most one of end, duration and frames; none: to the end of the
// animation.
struct Range {
  double start = 0.0;                // --start S
  std::optional<double> end{};       // --end S
  std::optional<double> duration{};  // --duration S
  std::optional<int> frames{};       // --frames N
};

struct Settings {
  std::string out;  // DIR (PNG sequence), FILE.mp4 or FILE.gif
  int width = 1920, height = 1080;
  int fps = 30;
  Range range;
  bool ui = false;             // draw the panels too (the overlay's labels always are)
  bool transparent = false;    // PNG only: the background is left transparent
  int samples = -1;            // MSAA samples; -1: 4 on a GPU, none on a software renderer
  scene::CameraMotion camera;  // keyframes and turntable
};

}  // namespace record
