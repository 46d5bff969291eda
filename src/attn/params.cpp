#include "attn/params.hpp"

#include <charconv>

#include "core/error.hpp"

namespace attn {

const char* patternName(Pattern p) {
  switch (p) {
    case Pattern::Random:
      return "random";
    case Pattern::Local:
      return "local";
    case Pattern::Global:
      return "global";
    case Pattern::Translation:
      return "translation";
  }
  return "random";
}

Pattern parsePattern(const std::string& name) {
  for (Pattern p : {Pattern::Random, Pattern::Local, Pattern::Global, Pattern::Translation}) {
    if (name == patternName(p)) return p;
  }
  throw core::UsageError("unknown pattern '" + name +
                         "' (choose random, local, global or translation)");
}

std::string maskName(const MaskSpec& mask) {
  switch (mask.kind) {
    case MaskKind::None:
      return "none";
    case MaskKind::Causal:
      return "causal";
    case MaskKind::Local:
      return "local:" + std::to_string(mask.window);
  }
  return "none";
}

MaskSpec parseMask(const std::string& text) {
  if (text == "none") return {};
  if (text == "causal") return {MaskKind::Causal, 0};
  if (text.starts_with("local:")) {
    const char* first = text.data() + 6;
    const char* last = text.data() + text.size();
    int window = -1;
    auto [ptr, ec] = std::from_chars(first, last, window);
    if (ec == std::errc() && ptr == last && first != last && window >= 0)
      return {MaskKind::Local, window};
    throw core::UsageError("bad local mask '" + text +
                           "': the window must be an integer >= 0, e.g. local:2");
  }
  throw core::UsageError("unknown mask '" + text + "' (choose none, causal or local:W)");
}

std::vector<std::string> tokenize(const std::string& text) {
  std::vector<std::string> tokens;
  std::string current;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      if (!current.empty()) tokens.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

}  // namespace attn
