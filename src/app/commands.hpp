// What each command does once the command line is parsed. Each throws core::Error on bad input.
#pragma once

#include "app/cli.hpp"
#include "attn/compute_worker.hpp"

namespace app {

// How every command turns parameters into kernel inputs: generated from them, or --inputs FILE
// (read once, here, so a bad file is reported before any work) with the parameters applied.
attn::InputMaker inputMaker(const CommandLine& cl);

int runCompute(const CommandLine& cl);
int runInspect(const CommandLine& cl);
// The viewer (viewer_window.cpp, viewer_headless.cpp; without ATTNVIZ_GUI they explain that).
int runWindow(const CommandLine& cl);
int runScreenshot(const CommandLine& cl);
int runRecord(const CommandLine& cl);  // record_headless.cpp

}  // namespace app
