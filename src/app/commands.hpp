// What each command does once the command line is parsed. Each throws core::Error on bad input.
#pragma once

#include <memory>

#include "app/cli.hpp"
#include "attn/compute_worker.hpp"
#include "core/image.hpp"

namespace app {

// The picture of the Vision Transformer view (--image or `view FILE`), read once; null without.
std::shared_ptr<const core::Image> loadPicture(const CommandLine& cl);

// How every command turns parameters into kernel inputs: generated from them, --inputs FILE (read
// once, here, so a bad file is reported before any work) with the parameters applied, or patch
// embeddings of `picture` (attn/patch_embeddings.hpp) when there is one.
attn::InputMaker inputMaker(const CommandLine& cl,
                            std::shared_ptr<const core::Image> picture = nullptr);

int runCompute(const CommandLine& cl);
int runInspect(const CommandLine& cl);
// The viewer (viewer_window.cpp, viewer_headless.cpp; without ATTNVIZ_GUI they explain that).
int runWindow(const CommandLine& cl);
int runScreenshot(const CommandLine& cl);
int runRecord(const CommandLine& cl);  // record_headless.cpp

}  // namespace app
