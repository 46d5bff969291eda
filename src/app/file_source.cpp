#include "app/file_source.hpp"

#include <chrono>
#include <cstdio>

#include "core/error.hpp"
#include "core/log.hpp"
#include "io/attention_file.hpp"

namespace app {

namespace {

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

std::shared_ptr<const ui::OpenFile> readModelFile(const std::string& path, int batch) {
  const auto start = std::chrono::steady_clock::now();
  io::AttentionOptions options;
  options.batch = batch;
  io::AttentionFile read = io::loadAttentionFile(path, options);
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

std::shared_ptr<const ui::OpenFile> viewerFile(const CommandLine& cl) {
  if (cl.file.empty()) return nullptr;
  auto file = readModelFile(cl.file, cl.batch);
  const attn::ModelAttention& m = *file->model;
  char took[32];
  std::snprintf(took, sizeof took, "%.1f ms", file->load_ms);
  core::logInfo("read " + cl.file + ": " + file->description + ", " +
                core::humanBytes(static_cast<double>(file->bytes)) + " in " + took);
  for (const std::string& warning : file->warnings)
    core::logWarn(cl.file + ": " + warning);
  const ViewChoices& v = cl.view;
  auto range = [&](const char* option, int value, int count, const char* what) {
    if (value >= count) {
      throw core::UsageError(std::string(option) + " " + std::to_string(value) +
                             " is out of range: " + cl.file + " has " + std::to_string(count) +
                             " " + what + " (0 to " + std::to_string(count - 1) + ")");
    }
  };
  range("--layer", v.layer, m.layers, "layer(s)");
  if (v.aggregate.empty()) range("--head", v.head, m.heads, "head(s)");
  if (v.query >= 0) range("--query", v.query, m.n, "quer(ies)");
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
  return file;
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
