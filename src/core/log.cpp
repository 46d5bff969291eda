#include "core/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace core {
namespace {
std::atomic<LogLevel> g_level{LogLevel::Warn};
std::mutex g_mutex;  // whole lines from the worker and render threads
constexpr const char* kPrefix[] = {"error", "warning", "info", "debug"};
}  // namespace

void setLogLevel(LogLevel level) {
  g_level = level;
}
LogLevel logLevel() {
  return g_level;
}

void log(LogLevel level, std::string_view message) {
  if (level > g_level.load()) return;
  std::lock_guard lock(g_mutex);
  std::fprintf(stderr, "attnviz: %s: %.*s\n", kPrefix[static_cast<int>(level)],
               static_cast<int>(message.size()), message.data());
}

}  // namespace core
