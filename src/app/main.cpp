// attnviz entry point: parse the command line, run the command, turn errors into one line and an
// exit status (2 usage, 1 data).
#include <malloc.h>

#include <cstdio>
#include <exception>
#include <string_view>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

int main(int argc, char** argv) {
  // Keep freed memory: llvmpipe frees and re-faults its per-draw buffers every frame otherwise,
  // which costs 2-4x in frame time on software rendering (page faults are slow here).
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  std::vector<std::string_view> args(argv + 1, argv + argc);
  try {
    app::CommandLine cl = app::parseCommandLine(args);
    if (cl.verbose) core::setLogLevel(core::LogLevel::Info);
    switch (cl.command) {
      case app::Command::Help:
        std::fputs(app::helpText().c_str(), stdout);
        return 0;
      case app::Command::Version:
        std::puts("attnviz " ATTNVIZ_VERSION);
        return 0;
      case app::Command::Compute:
        return app::runCompute(cl);
      case app::Command::Inspect:
        return app::runInspect(cl);
      case app::Command::Screenshot:
        return app::runScreenshot(cl);
      case app::Command::Record:
        return app::runRecord(cl);
      case app::Command::Window:
        return app::runWindow(cl);
    }
  } catch (const core::Error& e) {
    std::fprintf(stderr, "attnviz: error: %s\n", e.what());
    return e.exitCode();
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "attnviz: error: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "attnviz: internal error: %s\n", e.what());
    return 3;
  }
  return 0;
}
