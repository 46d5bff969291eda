// The command line: `attnviz [COMMAND] [OPTIONS]`. Parsing is separate from running so the rules
// (and their messages) are in one place; every problem is a core::UsageError (exit 2).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "attn/params.hpp"
#include "record/settings.hpp"

namespace app {

enum class Command { Window, Compute, Inspect, Screenshot, Record, Help, Version };

// How a rendered frame looks: the view options that the command line can set.
struct ViewChoices {
  int width = 1600, height = 900;      // --size WxH
  std::string preset = "perspective";  // --view perspective|top|front|side
  bool ui = false;                     // --ui: draw the panels too
  std::string layout = "single";       // --layout single|all
  std::string value = "weights";       // --value weights|scores|raw
  int head = 0;                        // --head H
  std::string aggregate;               // --head mean|max (files): "" for one head
  int query = -1;                      // --query I (-1: none)
  int frames = 0;    // --frames N: the window quits after N frames (0: never); record: N frames
  int samples = -1;  // --samples N: MSAA samples (-1: automatic)
  // The animation: --time S or --stage K (1-8: that stage, finished) turn it on; --play plays it.
  double time = -1.0;
  int stage = 0;
  std::string animation_mode = "whole";  // --animation whole|row|cell
  bool play = false;
  // Model files (--file): what part of the file is shown.
  std::string show = "layer";  // --show layer|overview|rollout
  // --layer L; -1: the default, the first layer of a model's file, the last of a ViT's
  int layer = -1;
  float residual = 0.5f;         // --residual A: rollout's residual share
  bool file_view_given = false;  // --show, --layer or --residual given (they need --file)
  bool preset_given = false;     // --view was given (the overlay otherwise starts top-down)
  // The picture (ViT) view: the query patch (--query-patch K, or cls), the heat overlay, and the
  // map shown (--map head|mean|rollout; head = --head H; rollout: attention files).
  int query_patch = -1;
  bool query_cls = false;
  bool overlay = false;
  std::string map = "mean";
};

struct CommandLine {
  Command command = Command::Window;
  attn::Params params;        // model options, shared by every command that runs the kernel
  bool params_given = false;  // any model option given (else the viewers show demoParams())
  ViewChoices view;
  // record: --out, --size, --ui, --samples and --frames copied in from the above; --fps,
  // --start, --end, --duration, --turntable, --transparent.
  record::Settings record;
  std::string out;     // --out
  std::string inputs;  // --inputs in.npz
  std::string image;   // --image pic.png or `view pic.png`: the Vision Transformer view
  std::string file;    // inspect's FILE, view FILE, or --file (a model's attention file; with a
                       // picture, a Vision Transformer's)
  int batch = 0;       // --batch B: the batch item of a file with a batch axis
  bool verbose = false;
};

// The built-in demo scene: a short real sentence, a few heads, a causal mask.
attn::Params demoParams();

// args excludes the program name.
CommandLine parseCommandLine(std::span<const std::string_view> args);

// The text of `attnviz --help`.
std::string helpText();

}  // namespace app
