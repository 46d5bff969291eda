// manifest.json beside a PNG sequence: what a script needs to turn the frames back into a video
// or to reproduce them (fps, size, count, the model parameters and seed, the attnviz version).
#pragma once

#include <string>

#include "attn/params.hpp"

namespace record {

struct Manifest {
  std::string version;  // attnviz's
  int fps = 30;
  int width = 0, height = 0;
  int frames_requested = 0;  // the plan's; frame_count below may be fewer (stopped early)
  double start_time = 0.0;   // animation time of frame 0; frame i shows start + i / fps
  bool transparent = false;
  attn::Params params;
  std::string inputs;   // --inputs file, or empty
  std::string file;     // the model attention file shown instead of the generated model, or empty
  std::string picture;  // the picture view's picture (or the ViT file holding it), or empty
};

// The JSON text, with `frame_count` frames written. Strings are escaped; numbers use the shortest
// form that reads back exactly.
std::string manifestJson(const Manifest& manifest, int frame_count);

// Escapes a string for a JSON string literal (quotes not included). Valid UTF-8 passes through.
std::string jsonEscape(const std::string& text);

}  // namespace record
