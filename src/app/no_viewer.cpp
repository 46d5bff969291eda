// Builds without ATTNVIZ_GUI (the sanitizer configuration) keep the command line but not the
// viewers.
#include "app/commands.hpp"
#include "core/error.hpp"

namespace app {

int runWindow(const CommandLine&) {
  throw core::UsageError(
      "this attnviz was built without the viewer (ATTNVIZ_GUI=OFF); use compute or inspect");
}

int runScreenshot(const CommandLine& cl) {
  return runWindow(cl);
}

int runRecord(const CommandLine& cl) {
  return runWindow(cl);
}

}  // namespace app
