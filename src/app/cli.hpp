// The command line: `attnviz [COMMAND] [OPTIONS]`. Parsing is separate from running so the rules
// (and their messages) are in one place; every problem is a core::UsageError (exit 2).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "attn/params.hpp"

namespace app {

enum class Command { Demo, Compute, Inspect, Help, Version };

struct CommandLine {
  Command command = Command::Demo;
  attn::Params params;  // model options, shared by every command that runs the kernel
  std::string out;      // --out
  std::string inputs;   // --inputs in.npz
  std::string file;     // inspect's FILE
  bool verbose = false;
};

// args excludes the program name.
CommandLine parseCommandLine(std::span<const std::string_view> args);

// The text of `attnviz --help`.
std::string helpText();

}  // namespace app
