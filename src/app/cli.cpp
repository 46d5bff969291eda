#include "app/cli.hpp"

#include <charconv>
#include <cmath>
#include <functional>
#include <vector>

#include "core/error.hpp"

namespace app {
namespace {

[[noreturn]] void usage(const std::string& message) {
  throw core::UsageError(message + " (see attnviz --help)");
}

template <typename T>
T parseNumber(std::string_view option, std::string_view text) {
  T value{};
  const char* first = text.data();
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last || text.empty()) {
    usage(std::string(option) + " expects a number, got '" + std::string(text) + "'");
  }
  return value;
}

int parsePositive(std::string_view option, std::string_view text, int minimum = 1) {
  long long value = parseNumber<long long>(option, text);
  if (value < minimum || value > 1'000'000'000) {
    usage(std::string(option) + " must be " +
          (minimum == 0 ? "0 or more" : "at least " + std::to_string(minimum)) + ", got " +
          std::string(text));
  }
  return static_cast<int>(value);
}

struct Option {
  std::string_view name;
  std::function<void(CommandLine&, std::string_view)> apply;  // receives the value
  bool model = true;        // a model option (any of them replaces the demo scene's parameters)
  bool recordOnly = false;  // means something only to `attnviz record`
};

double parseSeconds(std::string_view option, std::string_view text) {
  const auto value = parseNumber<double>(option, text);
  if (!(value >= 0.0) || !std::isfinite(value) || value > 1e7)
    usage(std::string(option) + " expects seconds (0 or more), got '" + std::string(text) + "'");
  return value;
}

std::string_view oneOf(std::string_view option, std::string_view value,
                       std::initializer_list<std::string_view> choices) {
  for (std::string_view c : choices)
    if (c == value) return value;
  std::string list;
  for (std::string_view c : choices)
    list += (list.empty() ? "" : ", ") + std::string(c);
  usage(std::string(option) + " must be one of " + list + ", got '" + std::string(value) + "'");
}

void parseSize(CommandLine& c, std::string_view v) {
  auto x = v.find('x');
  if (x == std::string_view::npos)
    usage("--size expects WIDTHxHEIGHT, e.g. 1600x900, got '" + std::string(v) + "'");
  c.view.width = parsePositive("--size width", v.substr(0, x));
  c.view.height = parsePositive("--size height", v.substr(x + 1));
  if (c.view.width > 16384 || c.view.height > 16384)
    usage("--size is limited to 16384x16384, got " + std::string(v));
}

const std::vector<Option>& valueOptions() {
  static const std::vector<Option> options = {
      {"--seq",
       [](CommandLine& c, std::string_view v) { c.params.seq = parsePositive("--seq", v); }},
      {"--source-seq",
       [](CommandLine& c, std::string_view v) {
         c.params.source_seq = parsePositive("--source-seq", v, 0);
       }},
      {"--d-model", [](CommandLine& c,
                       std::string_view v) { c.params.d_model = parsePositive("--d-model", v); }},
      {"--heads",
       [](CommandLine& c, std::string_view v) { c.params.heads = parsePositive("--heads", v); }},
      {"--mask",
       [](CommandLine& c, std::string_view v) { c.params.mask = attn::parseMask(std::string(v)); }},
      {"--temperature",
       [](CommandLine& c, std::string_view v) {
         auto t = parseNumber<float>("--temperature", v);
         if (!(t > 0.0f) || !std::isfinite(t))
           usage("--temperature must be a finite number > 0, got " + std::string(v));
         c.params.temperature = t;
       }},
      {"--seed", [](CommandLine& c,
                    std::string_view v) { c.params.seed = parseNumber<uint64_t>("--seed", v); }},
      {"--text", [](CommandLine& c, std::string_view v) { c.params.text = v; }},
      {"--source-text", [](CommandLine& c, std::string_view v) { c.params.source_text = v; }},
      {"--pattern",
       [](CommandLine& c, std::string_view v) {
         c.params.pattern = attn::parsePattern(std::string(v));
       }},
      {"--inputs", [](CommandLine& c, std::string_view v) { c.inputs = v; }},
      {"--file", [](CommandLine& c, std::string_view v) { c.file = v; }, false},
      {"--batch",
       [](CommandLine& c, std::string_view v) { c.batch = parsePositive("--batch", v, 0); }, false},
      {"--out", [](CommandLine& c, std::string_view v) { c.out = v; }, false},
      {"--size", parseSize, false},
      {"--view",
       [](CommandLine& c, std::string_view v) {
         c.view.preset = oneOf("--view", v, {"perspective", "top", "front", "side"});
       },
       false},
      {"--layout",
       [](CommandLine& c, std::string_view v) {
         c.view.layout = oneOf("--layout", v, {"single", "all"});
       },
       false},
      {"--value",
       [](CommandLine& c, std::string_view v) {
         c.view.value = oneOf("--value", v, {"weights", "scores", "raw"});
       },
       false},
      {"--head",
       [](CommandLine& c, std::string_view v) {
         if (v == "mean" || v == "max") {
           c.view.aggregate = v;
         } else {
           c.view.head = parsePositive("--head", v, 0);
         }
       },
       false},
      {"--show",
       [](CommandLine& c, std::string_view v) {
         c.view.show = oneOf("--show", v, {"layer", "overview", "rollout"});
         c.view.file_view_given = true;
       },
       false},
      {"--layer",
       [](CommandLine& c, std::string_view v) {
         c.view.layer = parsePositive("--layer", v, 0);
         c.view.file_view_given = true;
       },
       false},
      {"--residual",
       [](CommandLine& c, std::string_view v) {
         const auto a = parseNumber<float>("--residual", v);
         if (!(a >= 0.0f && a <= 1.0f))
           usage("--residual must be a number from 0 to 1, got " + std::string(v));
         c.view.residual = a;
         c.view.file_view_given = true;
       },
       false},
      {"--query",
       [](CommandLine& c, std::string_view v) { c.view.query = parsePositive("--query", v, 0); },
       false},
      {"--samples",
       [](CommandLine& c, std::string_view v) {
         c.view.samples = parsePositive("--samples", v, 0);
         if (c.view.samples > 16) usage("--samples must be at most 16, got " + std::string(v));
       },
       false},
      {"--time",
       [](CommandLine& c, std::string_view v) {
         const auto t = parseNumber<double>("--time", v);
         if (!(t >= 0.0) || !std::isfinite(t))
           usage("--time must be a finite number of seconds >= 0, got " + std::string(v));
         c.view.time = t;
       },
       false},
      {"--stage",
       [](CommandLine& c, std::string_view v) {
         c.view.stage = parsePositive("--stage", v);
         if (c.view.stage > 8) usage("--stage must be 1 to 8, got " + std::string(v));
       },
       false},
      {"--animation",
       [](CommandLine& c, std::string_view v) {
         c.view.animation_mode = oneOf("--animation", v, {"whole", "row", "cell"});
       },
       false},
      {"--frames",
       [](CommandLine& c, std::string_view v) { c.view.frames = parsePositive("--frames", v); },
       false},
      {"--fps",
       [](CommandLine& c, std::string_view v) {
         c.record.fps = parsePositive("--fps", v);
         if (c.record.fps > 240) usage("--fps must be at most 240, got " + std::string(v));
       },
       false, true},
      {"--start",
       [](CommandLine& c, std::string_view v) {
         c.record.range.start = parseSeconds("--start", v);
       },
       false, true},
      {"--end",
       [](CommandLine& c, std::string_view v) { c.record.range.end = parseSeconds("--end", v); },
       false, true},
      {"--duration",
       [](CommandLine& c, std::string_view v) {
         c.record.range.duration = parseSeconds("--duration", v);
       },
       false, true},
      {"--turntable",
       [](CommandLine& c, std::string_view v) {
         const auto degrees = parseNumber<float>("--turntable", v);
         if (!std::isfinite(degrees) || std::abs(degrees) > 36000.0f)
           usage("--turntable expects degrees (-36000 to 36000), got " + std::string(v));
         c.record.camera.turntable_degrees = degrees;
       },
       false, true},
  };
  return options;
}

}  // namespace

attn::Params demoParams() {
  attn::Params p;
  p.text = "the cat sat on the mat because it was tired .";
  p.d_model = 64;
  p.heads = 4;
  p.mask = {attn::MaskKind::Causal, 0};
  p.pattern = attn::Pattern::Global;
  return p;
}

CommandLine parseCommandLine(std::span<const std::string_view> args) {
  CommandLine c;
  size_t i = 0;
  bool viewCommand = false;  // `attnviz view FILE`
  if (!args.empty() && !args[0].starts_with("-")) {
    if (args[0] == "compute") {
      c.command = Command::Compute;
    } else if (args[0] == "inspect") {
      c.command = Command::Inspect;
    } else if (args[0] == "view") {
      c.command = Command::Window;
      viewCommand = true;
    } else if (args[0] == "screenshot") {
      c.command = Command::Screenshot;
    } else if (args[0] == "record") {
      c.command = Command::Record;
    } else if (args[0] == "help") {
      c.command = Command::Help;
    } else {
      usage("unknown command '" + std::string(args[0]) + "'");
    }
    ++i;
  }
  std::vector<std::string_view> positional;
  std::string_view recordOption;  // the first record-only option given, for the message
  for (; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      c.command = Command::Help;
      return c;
    }
    if (arg == "--version") {
      c.command = Command::Version;
      return c;
    }
    if (arg == "--verbose" || arg == "-v") {
      c.verbose = true;
      continue;
    }
    if (arg == "--ui") {
      c.view.ui = true;
      continue;
    }
    if (arg == "--play") {
      c.view.play = true;
      continue;
    }
    if (arg == "--transparent") {
      c.record.transparent = true;
      if (recordOption.empty()) recordOption = arg;
      continue;
    }
    if (!arg.starts_with("--")) {
      positional.push_back(arg);
      continue;
    }
    // --name value  or  --name=value
    std::string_view name = arg;
    std::string_view value;
    bool inlineValue = false;
    if (auto eq = arg.find('='); eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      inlineValue = true;
    }
    const auto& options = valueOptions();
    auto it = std::find_if(options.begin(), options.end(),
                           [&](const Option& o) { return o.name == name; });
    if (it == options.end()) usage("unknown option '" + std::string(name) + "'");
    if (!inlineValue) {
      if (i + 1 >= args.size()) usage(std::string(name) + " needs a value");
      value = args[++i];
    }
    it->apply(c, value);
    c.params_given = c.params_given || it->model;
    if (it->recordOnly && recordOption.empty()) recordOption = it->name;
  }
  if (!c.params_given && (c.command == Command::Window || c.command == Command::Screenshot ||
                          c.command == Command::Record)) {
    c.params = demoParams();
  }
  if (!recordOption.empty() && c.command != Command::Record) {
    usage(std::string(recordOption) + " is an option of attnviz record");
  }

  switch (c.command) {
    case Command::Compute:
      if (c.out.empty()) usage("compute needs --out FILE.npz");
      if (!positional.empty()) usage("unexpected argument '" + std::string(positional[0]) + "'");
      if (!c.file.empty() && (c.params_given || !c.inputs.empty()))
        usage("compute --file reads the attention from the file; model options do not apply");
      break;
    case Command::Screenshot:
      if (c.out.empty()) usage("screenshot needs --out FILE.png");
      if (!positional.empty()) usage("unexpected argument '" + std::string(positional[0]) + "'");
      break;
    case Command::Record:
      if (c.out.empty()) usage("record needs --out DIR|FILE.mp4|FILE.gif");
      if (!positional.empty()) usage("unexpected argument '" + std::string(positional[0]) + "'");
      c.record.out = c.out;
      c.record.width = c.view.width;
      c.record.height = c.view.height;
      c.record.ui = c.view.ui;
      c.record.samples = c.view.samples;
      if (c.view.frames > 0) c.record.range.frames = c.view.frames;
      break;
    case Command::Inspect:
      if (positional.size() != 1) usage("inspect needs exactly one FILE");
      if (!c.file.empty()) usage("inspect takes its FILE without --file");
      c.file = positional[0];
      break;
    case Command::Window:
      if (viewCommand) {
        if (positional.size() != 1) usage("view needs exactly one FILE");
        if (!c.file.empty()) usage("view takes its FILE without --file");
        c.file = positional[0];
        break;
      }
      if (!positional.empty()) usage("unexpected argument '" + std::string(positional[0]) + "'");
      break;
    default:
      if (!positional.empty()) usage("unexpected argument '" + std::string(positional[0]) + "'");
  }
  if (!c.file.empty() && c.command != Command::Compute && (c.params_given || !c.inputs.empty()))
    usage("--file shows the attention from the file; model options do not apply");
  if (c.batch != 0 && c.file.empty()) usage("--batch needs --file");
  if ((c.view.file_view_given || !c.view.aggregate.empty()) && c.file.empty())
    usage("--show, --layer, --residual and --head mean|max need --file");
  if (!c.file.empty() && c.view.show != "layer" &&
      (c.view.stage > 0 || c.view.time >= 0.0 || c.view.play))
    usage("the animation explains one layer: --stage, --time and --play need --show layer");
  return c;
}

std::string helpText() {
  return R"(attnviz - see softmax(Q·Kᵀ/√d_k)·V happen, in 3D

Usage:
  attnviz [model options] [view options]  open the 3D viewer (demo scene without model options)
  attnviz view FILE [file options] [view options]
                                          open a model's attention file in the viewer
                                          (.npy/.npz/.safetensors, see docs/FORMAT.md)
  attnviz screenshot --out shot.png [--size WxH] [model options | --file FILE [file options]]
                     [view options]       render one frame offscreen (no display needed)
  attnviz record --out DIR|FILE.mp4|FILE.gif [--fps N] [--size WxH] [range] [--turntable DEG]
                 [--transparent] [model options | --file FILE [file options]] [view options]
                                          record the animation offscreen (no display needed)
  attnviz compute [model options] --out result.npz
                                          run the kernel, write every intermediate
  attnviz compute --file model.npz [--batch B] --out layers.npz
                                          check a model's attention file (.npy/.npz/
                                          .safetensors, see docs/FORMAT.md) and write its
                                          weights, q/k/v, recomputed scores, head mean/max
                                          and rollout in attnviz's layout
  attnviz inspect FILE                    list the arrays of a .npy/.npz/.safetensors file
  attnviz --help | --version

Model options:
  --text "..."          query tokens (whitespace-separated); sets N
  --source-text "..."   key tokens for cross-attention; sets M
  --seq N               number of queries when no text is given (default 8)
  --source-seq M        number of keys for cross-attention (default: self-attention)
  --d-model D           model width (default 64); must be divisible by --heads
  --heads H             attention heads (default 4)
  --mask KIND           none | causal | local:W  (|i-j| <= W)   (default none)
  --temperature T       softmax(scores / T), T > 0 (default 1)
  --seed S              seed for embeddings and weights (default 1)
  --pattern P           random | local | global | translation (default random)
  --inputs in.npz       take x [N,D] and optionally x_kv [M,D], w_q w_k w_v w_o [D,D],
                        b_q b_k b_v b_o [D], mask [N,M] (true = masked),
                        key_padding_mask [M], tokens, source_tokens from a file

File options (view FILE, --file FILE):
  --file FILE           a model's attention file instead of the generated model (the window
                        and screenshot; the window's File panel and drag-and-drop open more)
  --batch B             the batch item of a file with a batch axis (default 0)
  --show S              layer | overview | rollout: one layer; every layer and head as small
                        fields; attention rollout as stacked layer surfaces (default layer)
  --layer L             the layer shown (default 0)
  --head mean|max       the mean or max over the layer's heads instead of one head
  --residual A          rollout's residual share, 0 to 1 (default 0.5); --query I picks the
                        output token whose flows are drawn (default the last)

View options:
  --view V              perspective | top | front | side  (top = the classic 2D heatmap)
  --layout L            single | all   (one head, or every head side by side)
  --value W             weights | scores | raw   (softmax output, q·k/√d_k, q·k)
  --head H              the head shown (default 0)
  --query I             highlight query I and its Q/K/V arrows
  --size WxH            screenshot or recording size in pixels (default 1600x900)
  --ui                  draw the panels in the screenshot or recording too
  --samples N           anti-aliasing samples (0-16; default 4 for screenshots; the window
                        and recordings use 4 on a GPU and 1 on a software renderer)
  --stage K             show the animation at stage K, finished: 1 tokens, 2 projections,
                        3 dot products, 4 scaling, 5 mask, 6 softmax, 7 weighted sum, 8 heads
  --time S              show the animation at S seconds
  --animation MODE      whole | row | cell: the whole matrix at once, query by query, or the
                        dot products one cell at a time (default whole)
  --play                window: start playing the animation (Space plays/pauses)
  --frames N            window: quit after N frames, exit 1 if OpenGL reported an error;
                        screenshot: time N frames and print the median (benchmarks);
                        record: record N frames
Record options:
  --out DIR             PNG frames DIR/frame_000000.png, ... and DIR/manifest.json; DIR is
                        created, or must be empty
  --out FILE.mp4        H.264 video (even width and height); FILE.gif: GIF (two-pass palette,
                        at most 100 million pixels in all). Both need ffmpeg on PATH.
  --fps N               frames per second (default 30); frame i shows the animation at
                        t = start + i / fps, however long it takes to render
  --start S             animation time of the first frame, in seconds (default 0)
  --end S, --duration S, --frames N
                        where to stop (one of them; default: the end of the animation)
  --turntable DEG       turn the camera by DEG degrees about the vertical over the recording
  --transparent         PNG frames with a transparent background
  Ctrl+C stops a recording cleanly: every frame written is complete, the video playable.

In the window with a file: PageUp/PageDown step through the layers, Left/Right through the
heads and then their mean and max, O toggles the overview, a click on an overview field opens
it, a click in the rollout follows that row's token.

Without model options, the viewer opens on the demo: "the cat sat on the mat because it
was tired ." with 4 heads, a causal mask and the global (hub token) pattern.

Other:
  --out FILE            output file (compute, screenshot, record)
  -v, --verbose         more messages (with a file: its layout and how long reading took)

Exit status: 0 success, 1 bad data (files, NaN/Inf, shapes), 2 bad usage.
)";
}

}  // namespace app
