#include "app/file_source.hpp"

#include <chrono>
#include <cstdio>

#include "app/commands.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "io/attention_file.hpp"

namespace app {

namespace {

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

std::shared_ptr<ui::OpenFile> modelFile(io::AttentionFile read, const std::string& path,
                                        std::chrono::steady_clock::time_point start) {
  auto file = std::make_shared<ui::OpenFile>();
  file->path = path;
  read.attention.source_file = path;
  file->model = std::make_shared<const attn::ModelAttention>(std::move(read.attention));
  file->description = std::move(read.description);
  file->warnings = std::move(read.warnings);
  file->bytes = read.bytes;
  file->load_ms = millisecondsSince(start);
  return file;
}

[[noreturn]] void outOfRange(const std::string& option, int value, const std::string& file,
                             int count, const char* what) {
  throw core::UsageError(option + " " + std::to_string(value) + " is out of range: " + file +
                         " has " + std::to_string(count) + " " + what + " (0 to " +
                         std::to_string(count - 1) + ")");
}

void checkModelFile(const ui::OpenFile& file, const CommandLine& cl) {
  const attn::ModelAttention& m = *file.model;
  char took[32];
  std::snprintf(took, sizeof took, "%.1f ms", file.load_ms);
  core::logInfo("read " + cl.file + ": " + file.description + ", " +
                core::humanBytes(static_cast<double>(file.bytes)) + " in " + took);
  for (const std::string& warning : file.warnings)
    core::logWarn(cl.file + ": " + warning);
  const ViewChoices& v = cl.view;
  if (v.query_patch >= 0 || v.query_cls || v.overlay || v.map != "mean") {
    throw core::UsageError(cl.file +
                           " holds no picture: --query-patch, --map and --overlay show a Vision "
                           "Transformer's attention over its picture (give it with --image)");
  }
  if (v.layer >= m.layers) outOfRange("--layer", v.layer, cl.file, m.layers, "layer(s)");
  if (v.aggregate.empty() && v.head >= m.heads)
    outOfRange("--head", v.head, cl.file, m.heads, "head(s)");
  if (v.query >= m.n) outOfRange("--query", v.query, cl.file, m.n, "quer(ies)");
  if (v.show == "rollout" && m.n != m.m) {
    throw core::DataError(cl.file +
                          ": attention rollout needs self-attention (N = M), the file "
                          "has N = " +
                          std::to_string(m.n) + " and M = " + std::to_string(m.m));
  }
  const bool animated = v.stage > 0 || v.time >= 0.0 || v.play;
  if (animated && (!m.hasQK() || !v.aggregate.empty())) {
    throw core::DataError(
        cl.file +
        (m.hasQK() ? ": the mean or max over heads has no q, k" : ": the file has no q and k") +
        ": the animation recomputes the scores from them");
  }
}

void checkVitFile(const io::VitFile& vit, const CommandLine& cl) {
  for (const std::string& warning : vit.attention.warnings)
    core::logWarn(cl.file + ": " + warning);
  if (cl.view.show != "layer" || !cl.view.aggregate.empty() || cl.view.residual != 0.5f) {
    throw core::UsageError("--show, --head mean|max and --residual are for a model's attention; " +
                           cl.file + " is a Vision Transformer's over its picture: use --map");
  }
  const attn::ModelAttention& m = vit.attention.attention;
  const attn::PatchGrid& g = vit.grid;
  if (cl.view.layer >= m.layers)
    outOfRange("--layer", cl.view.layer, cl.file, m.layers, "layer(s)");
  if (cl.view.query_patch >= g.patchCount()) {
    throw core::UsageError(
        "--query-patch " + std::to_string(cl.view.query_patch) + " is past the last patch of " +
        cl.file + " (" + std::to_string(g.patchCount() - 1) + " for " +
        std::to_string(g.patches()) + "x" + std::to_string(g.patches()) + " patches)");
  }
  if (cl.view.query_cls && !g.cls()) {
    throw core::UsageError("--query-patch cls: " + cl.file + " has no CLS token");
  }
}

}  // namespace

std::shared_ptr<const ui::OpenFile> readModelFile(const std::string& path, int batch) {
  const auto start = std::chrono::steady_clock::now();
  io::AttentionOptions options;
  options.batch = batch;
  return modelFile(io::loadAttentionFile(path, options), path, start);
}

ViewerSource openViewerSource(const CommandLine& cl) {
  ViewerSource source;
  if (cl.file.empty()) {
    source.picture = loadPicture(cl);
    return source;
  }
  const auto start = std::chrono::steady_clock::now();
  io::AttentionOptions options;
  options.batch = cl.batch;
  const io::NamedArrays arrays = io::loadAttentionArrays(cl.file, options, io::kMaxPictureBytes);
  if (!cl.image.empty() || arrays.find("image")) {
    auto vit = std::make_shared<io::VitFile>(io::vitFromArrays(arrays, cl.file, cl.image, options));
    checkVitFile(*vit, cl);
    source.vit = std::move(vit);
  } else {
    auto file = modelFile(io::attentionFromArrays(arrays, cl.file, options), cl.file, start);
    checkModelFile(*file, cl);
    source.file = std::move(file);
  }
  return source;
}

attn::Inputs firstInputs(const CommandLine& cl, const ViewerSource& source,
                         const attn::InputMaker& makeInputs) {
  if (source.picture) return inputMaker(cl, source.picture)(cl.params);
  return source.computed() ? makeInputs(cl.params) : attn::Inputs{};
}

bool ModelRequest::sameWork(const ModelRequest& other) const {
  if (file != other.file || view != other.view) return false;
  switch (view) {
    case scene::ModelView::Layer:
      return layer == other.layer && aggregate == other.aggregate;
    case scene::ModelView::Rollout:
      return residual == other.residual;
    case scene::ModelView::Overview:
      break;
  }
  return true;
}

ModelRequest modelRequest(const ui::AppState& state) {
  ModelRequest r;
  r.file = state.file.open;
  r.view = state.view.model_view;
  r.layer = state.view.layer;
  r.aggregate = state.view.aggregate;
  r.residual = state.view.residual;
  return r;
}

ModelAnswer computeModelView(const ModelRequest& request) {
  ModelAnswer answer;
  answer.request = request;
  if (!request.file) return answer;
  const auto start = std::chrono::steady_clock::now();
  const attn::ModelAttention& model = *request.file->model;
  try {
    if (request.view == scene::ModelView::Layer) {
      auto result = std::make_shared<attn::Result>(
          request.aggregate == attn::HeadAggregate::None
              ? attn::layerResult(model, request.layer)
              : attn::aggregateResult(model, request.layer, request.aggregate));
      if (!result->scores.empty()) answer.check = attn::checkScoresAgainstWeights(*result);
      answer.result = std::move(result);
    } else if (request.view == scene::ModelView::Rollout) {
      auto rollout = std::make_shared<ui::RolloutData>();
      rollout->residual = request.residual;
      rollout->mixing = attn::rolloutMixing(model, request.residual);
      rollout->partial = attn::rollout(model, request.residual);
      answer.rollout = std::move(rollout);
    }
  } catch (const core::Error& e) {
    answer.error = e.what();
  }
  answer.ms = millisecondsSince(start);
  return answer;
}

}  // namespace app
