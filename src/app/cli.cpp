#include "app/cli.hpp"

#include <charconv>
#include <cmath>
#include <functional>
#include <vector>

#include "core/error.hpp"
#include "io/image_file.hpp"

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
         c.view.preset_given = true;
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
      {"--image", [](CommandLine& c, std::string_view v) { c.image = v; }, false},
      {"--patches",
       [](CommandLine& c, std::string_view v) {
         const int p = parsePositive("--patches", v);
         if (p < attn::PatchParams::kMinPatches || p > attn::PatchParams::kMaxPatches) {
           usage("--patches must be " + std::to_string(attn::PatchParams::kMinPatches) + " to " +
                 std::to_string(attn::PatchParams::kMaxPatches) + ", got " + std::string(v));
         }
         c.params.patch.patches = p;
       },
       false},
      {"--query-patch",
       [](CommandLine& c, std::string_view v) {
         c.view.query_cls = v == "cls";
         c.view.query_patch = c.view.query_cls ? -1 : parsePositive("--query-patch", v, 0);
       },
       false},
      {"--map",
       [](CommandLine& c, std::string_view v) {
         c.view.map = oneOf("--map", v, {"head", "mean", "rollout"});
       },
       false},
  };
  return options;
}

// The file extensions of attention files (io/attention_file.hpp): `view FILE` tells them from
// pictures by name.
bool isAttentionPath(std::string_view path) {
  for (std::string_view ext : {".npz", ".npy", ".safetensors"}) {
    if (path.size() > ext.size() && path.ends_with(ext)) return true;
  }
  return false;
}

// The picture options make sense together and only with a picture: `picture_option` (the last of
// --patches, --no-cls) only for a picture whose attention attnviz computes, `view_option` (the
// last of --query-patch, --map, --overlay, --layer) for a picture or a ViT's attention file.
void checkPictureOptions(const CommandLine& c, std::string_view picture_option,
                         std::string_view view_option) {
  // A viewer's file may be a Vision Transformer's (with its picture): known once it is read.
  const bool viewer_file = !c.file.empty() && c.command != Command::Compute;
  if (!c.image.empty() && !io::isImagePath(c.image)) {
    usage("--image expects a .png, .jpg or .jpeg file, got '" + c.image + "'");
  }
  if (!viewer_file && c.view.map == "rollout") {
    usage("--map rollout needs a model's attention file (--file FILE, or: attnviz view FILE)");
  }
  if (viewer_file) {
    if (!picture_option.empty()) {
      usage(std::string(picture_option) +
            " does not apply to a model's attention file (the model chose its patches)");
    }
    return;  // the grid and the query are checked against the file once it is read
  }
  if (c.image.empty()) {
    const std::string_view option = !picture_option.empty() ? picture_option : view_option;
    if (!option.empty()) {
      usage(std::string(option) +
            " applies to a picture: give --image FILE (or: attnviz view FILE)");
    }
    return;
  }
  if (!c.inputs.empty()) usage("--inputs and a picture cannot be combined");
  if (c.command == Command::Inspect) usage("inspect reads arrays, not pictures");
  const int patches = c.params.patch.patches;
  if (c.view.query_patch >= patches * patches) {
    usage("--query-patch " + std::to_string(c.view.query_patch) + " is past the last patch (" +
          std::to_string(patches * patches - 1) + " for " + std::to_string(patches) + "x" +
          std::to_string(patches) + " patches)");
  }
  if (c.view.query_cls && !c.params.patch.cls) {
    usage("--query-patch cls needs the CLS token (leave out --no-cls)");
  }
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
  bool view_command = false;        // `attnviz view FILE`
  std::string_view picture_option;  // the last of --patches, --no-cls (a picture attnviz embeds)
  std::string_view view_option;     // the last option of the picture view (any picture)
  if (!args.empty() && !args[0].starts_with("-")) {
    if (args[0] == "compute") {
      c.command = Command::Compute;
    } else if (args[0] == "inspect") {
      c.command = Command::Inspect;
    } else if (args[0] == "view") {
      c.command = Command::Window;
      view_command = true;
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
    if (arg == "--overlay") {
      c.view.overlay = true;
      continue;
    }
    if (arg == "--no-cls") {
      c.params.patch.cls = false;
      picture_option = "--no-cls";
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
    if (name == "--patches") picture_option = name;
    if (name == "--query-patch" || name == "--map") view_option = name;
  }
  if (c.view.overlay) view_option = "--overlay";
  if (view_command) {
    if (positional.size() != 1)
      usage("view needs exactly one FILE (a picture or an attention file)");
    const std::string_view file = positional[0];
    if (io::isImagePath(file)) {
      if (!c.image.empty()) usage("view PICTURE and --image cannot be combined");
      c.image = file;
    } else if (isAttentionPath(file)) {
      if (!c.file.empty()) usage("view takes its FILE without --file");
      c.file = file;
    } else {
      usage(
          "view opens a picture (.png, .jpg or .jpeg) or an attention file (.npy, .npz, "
          ".safetensors), got '" +
          std::string(file) + "'");
    }
    positional.clear();
  }
  checkPictureOptions(c, picture_option, view_option);
  if (!c.params_given && (c.command == Command::Window || c.command == Command::Screenshot ||
                          c.command == Command::Record)) {
    const attn::PatchParams patch = c.params.patch;  // the picture options stay
    c.params = demoParams();
    c.params.patch = patch;
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
                                          (.npy/.npz/.safetensors, see docs/FORMAT.md); a
                                          Vision Transformer's (with its picture) over it
  attnviz view PICTURE [picture options]  a Vision Transformer's attention over a .png/.jpg
  attnviz screenshot --out shot.png [--size WxH] [model options | --file FILE [file options] |
                     --image PICTURE [picture options]] [view options]
                                          render one frame offscreen (no display needed)
  attnviz record --out DIR|FILE.mp4|FILE.gif [--fps N] [--size WxH] [range] [--turntable DEG]
                 [--transparent] [model options | --file FILE [file options] |
                 --image PICTURE [picture options]] [view options]
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
  In the picture view the animation is the query sweeping the patches (0.1 s each).

In the window with a file: PageUp/PageDown step through the layers, Left/Right through the
heads and then their mean and max, O toggles the overview, a click on an overview field opens
it, a click in the rollout follows that row's token.

Picture options (the Vision Transformer view; attention between patches of the picture,
computed from their colour, texture and position):
  --image PICTURE       a .png, .jpg or .jpeg (also: attnviz view PICTURE)
  --patches P           P x P patches, 4 to 32 (default 16)
  --no-cls              no CLS token (default: token 0 is CLS)
  --query-patch K       the query: patch K (row-major from the top-left, 0 to P*P-1) or cls
                        (default: the centre patch)
  --map M               mean | head | rollout: the mean over heads, the head of --head H, or
                        (attention files) the attention rollout through --layer
  --file VIT.npz        a ViT's attention file (tools/export_attention.py --image writes one:
                        [L, H, 1+P², 1+P²] weights and the picture); also: attnviz view VIT.npz
  --layer L             the layer shown of an attention file (default: the last)
  --overlay             the flat heat overlay over the picture (seen from above unless --view)
  --temperature T       softmax(scores / T): lower is sharper (default 1)
  In the window: click a patch to make it the query, arrow keys move it, C picks CLS,
  O toggles the overlay, H cycles the heads.

Without model options, the viewer opens on the demo: "the cat sat on the mat because it
was tired ." with 4 heads, a causal mask and the global (hub token) pattern.

Other:
  --out FILE            output file (compute, screenshot, record)
  -v, --verbose         more messages (with a file: its layout and how long reading took)

Exit status: 0 success, 1 bad data (files, NaN/Inf, shapes), 2 bad usage.
)";
}

}  // namespace app
