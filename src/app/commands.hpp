// What each command does once the command line is parsed. Each throws core::Error on bad input.
#pragma once

#include "app/cli.hpp"

namespace app {

// The kernel's inputs for the model options (and --inputs, when given).
attn::Inputs buildInputs(const CommandLine& cl);

int runCompute(const CommandLine& cl);
int runInspect(const CommandLine& cl);
// The viewer (viewer_window.cpp, viewer_headless.cpp; without ATTNVIZ_GUI they explain that).
int runWindow(const CommandLine& cl);
int runScreenshot(const CommandLine& cl);

}  // namespace app
