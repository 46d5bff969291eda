#include "app/commands.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

#include "core/error.hpp"
#include "io/attention_arrays.hpp"
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

}  // namespace

int runCompute(const CommandLine& cl) {
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
  return 0;
}

}  // namespace app
