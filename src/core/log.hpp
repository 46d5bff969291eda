// Minimal leveled logging to stderr. Quiet by default; --verbose raises the level.
#pragma once

#include <string_view>

namespace core {

enum class LogLevel { Error = 0, Warn = 1, Info = 2, Debug = 3 };

void setLogLevel(LogLevel level);
LogLevel logLevel();
void log(LogLevel level, std::string_view message);

inline void logWarn(std::string_view m) {
  log(LogLevel::Warn, m);
}
inline void logInfo(std::string_view m) {
  log(LogLevel::Info, m);
}
inline void logDebug(std::string_view m) {
  log(LogLevel::Debug, m);
}

}  // namespace core
