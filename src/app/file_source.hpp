// Model files for the viewers: reading one (io::loadAttentionFile, checked, timed) and what the
// views derive from it — a layer's Result (or an aggregate over its heads) with its score check,
// or the rollout at a residual share. Plain functions: the Viewer runs them on its worker
// threads in the window and inline when headless.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/cli.hpp"
#include "attn/compute_worker.hpp"
#include "attn/model_attention.hpp"
#include "attn/rollout.hpp"
#include "core/image.hpp"
#include "io/vit_file.hpp"
#include "scene/view_options.hpp"
#include "ui/app_state.hpp"

namespace app {

// Reads and checks a file (a core::Error naming the file and the problem otherwise).
std::shared_ptr<const ui::OpenFile> readModelFile(const std::string& path, int batch = 0);

// What the viewers open from the command line (view FILE, --file, --image), read before any
// window or GL context so that a bad file is one line and exit 1, then the view options checked
// against it: --layer, --head, --query and --query-patch out of range are usage errors (exit 2);
// the rollout of cross-attention and the animation of a file without q and k are data errors
// (exit 1). At most one is set; none: the generated model.
struct ViewerSource {
  std::shared_ptr<const ui::OpenFile> file;    // a model's attention: layer, overview, rollout
  std::shared_ptr<const io::VitFile> vit;      // a Vision Transformer's attention over its picture
  std::shared_ptr<const core::Image> picture;  // a picture alone: attnviz's own patch heads
  bool computed() const { return !file && !vit; }  // the kernel makes the first result
};
// The file is read once; it is a Vision Transformer's when it holds its picture (an `image`
// array) or --image gives one.
ViewerSource openViewerSource(const CommandLine& cl);
// The kernel's inputs for the source's first result: the picture's patches, or `makeInputs`' for
// the generated model; none for a file. Bad input throws here, before any window or GL work.
attn::Inputs firstInputs(const CommandLine& cl, const ViewerSource& source,
                         const attn::InputMaker& makeInputs);

// What a view of an open file needs computed.
struct ModelRequest {
  std::shared_ptr<const ui::OpenFile> file;
  scene::ModelView view = scene::ModelView::Layer;
  int layer = 0;
  attn::HeadAggregate aggregate = attn::HeadAggregate::None;
  float residual = 0.5f;
  // Same file, and the same inputs for the view (Overview needs none).
  bool sameWork(const ModelRequest& other) const;
};
ModelRequest modelRequest(const ui::AppState& state);  // for state.file.open and state.view

struct ModelAnswer {
  ModelRequest request;
  std::shared_ptr<const attn::Result> result;      // Layer
  std::optional<attn::ScoreCheck> check;           // Layer, with q and k
  std::shared_ptr<const ui::RolloutData> rollout;  // Rollout
  std::string error;  // a core::Error message (a layer out of range, rollout of cross-attention)
  double ms = 0;
};
// Never throws: errors go to ModelAnswer::error.
ModelAnswer computeModelView(const ModelRequest& request);

}  // namespace app
