#include "app/commands.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

#include "attn/model_attention.hpp"
#include "attn/rollout.hpp"
#include "core/error.hpp"
#include "io/attention_arrays.hpp"
#include "io/attention_file.hpp"
#include "io/image_file.hpp"
#include "io/npy.hpp"

namespace app {

std::shared_ptr<const core::Image> loadPicture(const CommandLine& cl) {
  if (cl.image.empty()) return nullptr;
  return std::make_shared<const core::Image>(io::loadImage(cl.image));
}

attn::InputMaker inputMaker(const CommandLine& cl, std::shared_ptr<const core::Image> picture) {
  if (picture) {
    return [picture](const attn::Params& params) {
      return attn::patchInputs(*picture, params.patch, params.temperature);
    };
  }
  if (cl.inputs.empty()) return attn::makeInputs;
  auto arrays = std::make_shared<const io::NamedArrays>(io::loadArrays(cl.inputs));
  return [arrays, file = cl.inputs](const attn::Params& params) {
    return io::inputsFromArrays(*arrays, params, file);
  };
}

namespace {

void reportFullyMasked(const attn::Result& r) {
  if (r.fully_masked_rows.empty()) return;
  std::fprintf(stderr,
               "attnviz: note: %zu query row(s) have every key masked; their weights are all 0\n",
               r.fully_masked_rows.size());
}

// compute --file: the checks of io/attention_file, then attnviz's layout of the whole model plus
// what the views derive from it (scores, head aggregates, rollout), so a file can be checked and
// compared without a window.
int runComputeFile(const CommandLine& cl) {
  io::AttentionOptions options;
  options.batch = cl.batch;
  const io::AttentionFile file = io::loadAttentionFile(cl.file, options);
  const attn::ModelAttention& a = file.attention;
  for (const std::string& warning : file.warnings)
    std::fprintf(stderr, "attnviz: warning: %s: %s\n", cl.file.c_str(), warning.c_str());

  io::NamedArrays out = io::modelToArrays(a);
  const auto L = static_cast<uint64_t>(a.layers), H = static_cast<uint64_t>(a.heads);
  const auto N = static_cast<uint64_t>(a.n), M = static_cast<uint64_t>(a.m);
  std::vector<float> scores, mean, top, rollout;
  attn::ScoreCheck worst;
  int worstLayer = 0;
  for (int l = 0; l < a.layers; ++l) {
    if (a.hasQK()) {
      const attn::Result r = attn::layerResult(a, l);
      scores.insert(scores.end(), r.scores.data().begin(), r.scores.data().end());
      const attn::ScoreCheck check = attn::checkScoresAgainstWeights(r);
      if (l == 0 || check.max_abs_diff > worst.max_abs_diff) {
        worst = check;
        worstLayer = l;
      }
    }
    const attn::Matrix m = attn::headMean(a, l), x = attn::headMax(a, l);
    mean.insert(mean.end(), m.data(), m.data() + m.size());
    top.insert(top.end(), x.data(), x.data() + x.size());
  }
  if (a.hasQK()) out.add("scores", io::Array::floats({L, H, N, M}, std::move(scores)));
  out.add("head_mean", io::Array::floats({L, N, M}, std::move(mean)));
  out.add("head_max", io::Array::floats({L, N, M}, std::move(top)));
  if (a.n == a.m) {
    for (const attn::Matrix& r : attn::rollout(a))
      rollout.insert(rollout.end(), r.data(), r.data() + r.size());
    out.add("rollout", io::Array::floats({L, N, N}, std::move(rollout)));
  }
  io::saveNpz(cl.out, out);

  std::printf("read %s: %s; L=%d H=%d N=%d M=%d", cl.file.c_str(), file.description.c_str(),
              a.layers, a.heads, a.n, a.m);
  if (a.hasQK()) std::printf(" d_k=%d q/k%s", a.d_k, a.hasV() ? "/v" : "");
  std::printf(", %s%s\n", core::humanBytes(static_cast<double>(file.bytes)).c_str(),
              a.tokens.empty() ? ", no tokens" : "");
  if (worst.checked) {
    std::printf("max |softmax(q·kᵀ/√d_k) − weights| = %.2g at layer %d head %d query %d key %d%s\n",
                static_cast<double>(worst.max_abs_diff), worstLayer, worst.head, worst.row,
                worst.col,
                worst.max_abs_diff > 1e-3f
                    ? " (the stored q/k are not what made these weights: rotary embeddings, "
                      "another scale or a position bias?)"
                    : "");
  }
  std::printf("wrote %s: weights%s head_mean head_max%s\n", cl.out.c_str(),
              a.hasQK() ? (a.hasV() ? " q k v scores" : " q k scores") : "",
              a.n == a.m ? " rollout (residual 0.5)" : "");
  return 0;
}

}  // namespace

int runCompute(const CommandLine& cl) {
  if (!cl.file.empty()) return runComputeFile(cl);
  attn::Inputs in = inputMaker(cl, loadPicture(cl))(cl.params);
  attn::Result r = attn::forward(in);
  io::saveNpz(cl.out, io::resultToArrays(r, in));
  reportFullyMasked(r);
  std::printf("wrote %s: N=%d M=%d d_model=%d heads=%d d_k=%d mask=%s%s\n", cl.out.c_str(), r.n,
              r.m, r.d_model, r.heads, r.d_k, attn::maskName(cl.params.mask).c_str(),
              in.explicit_mask.size() || !in.key_padding.empty() ? "+file" : "");
  return 0;
}

int runInspect(const CommandLine& cl) {
  io::NamedArrays arrays = io::loadArrays(cl.file);
  std::printf("%s: %zu array(s)\n", cl.file.c_str(), arrays.size());
  for (const auto& [name, a] : arrays.items()) {
    std::string summary;
    if (a.isStrings()) {
      for (size_t i = 0; i < a.strings.size() && i < 6; ++i)
        summary += (i ? " " : "") + a.strings[i];
      if (a.strings.size() > 6) summary += " …";
    } else if (!a.values.empty()) {
      float lo = std::numeric_limits<float>::infinity(), hi = -lo;
      size_t nonFinite = 0;
      for (float v : a.values) {
        if (!std::isfinite(v)) {
          ++nonFinite;
          continue;
        }
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      char text[96];
      if (nonFinite == a.values.size()) {
        std::snprintf(text, sizeof text, "no finite values");
      } else {
        std::snprintf(text, sizeof text, "min %.6g  max %.6g", double(lo), double(hi));
      }
      summary = text;
      if (nonFinite) summary += "  (" + std::to_string(nonFinite) + " NaN/Inf)";
    }
    std::printf("  %-16s %-8s %-18s %s\n", name.c_str(), io::dtypeName(a.stored).c_str(),
                a.shapeString().c_str(), summary.c_str());
  }
  for (const auto& [key, value] : arrays.metadataItems()) {
    constexpr size_t kShown = 60;
    std::string shown = value.size() > kShown ? value.substr(0, kShown) + " …" : value;
    for (char& c : shown)
      if (c == '\n' || c == '\t') c = ' ';
    std::printf("  metadata %-16s %s\n", key.c_str(), shown.c_str());
  }
  return 0;
}

}  // namespace app
