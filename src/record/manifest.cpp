#include "record/manifest.hpp"

#include <charconv>
#include <cstdio>

namespace record {

namespace {

std::string number(double value) {
  char text[32];
  const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
  return ec == std::errc() ? std::string(text, end) : "0";
}

std::string quoted(const std::string& text) {
  std::string out(1, '"');  // appended, not "\"" + s: GCC 12's -Wrestrict false positive
  out += jsonEscape(text);
  out += '"';
  return out;
}

}  // namespace

std::string jsonEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string manifestJson(const Manifest& m, int frame_count) {
  const attn::Params& p = m.params;
  std::string json = "{\n";
  json += "  \"format\": \"attnviz frames\",\n";
  json += "  \"attnviz_version\": " + quoted(m.version) + ",\n";
  json += "  \"fps\": " + std::to_string(m.fps) + ",\n";
  json += "  \"width\": " + std::to_string(m.width) + ",\n";
  json += "  \"height\": " + std::to_string(m.height) + ",\n";
  json += "  \"frame_count\": " + std::to_string(frame_count) + ",\n";
  json += "  \"frames_requested\": " + std::to_string(m.frames_requested) + ",\n";
  json += "  \"complete\": " + std::string(frame_count == m.frames_requested ? "true" : "false") +
          ",\n";
  json += "  \"frame_pattern\": \"frame_%06d.png\",\n";
  json += "  \"first_frame\": 0,\n";
  json += "  \"start_time\": " + number(m.start_time) + ",\n";
  json += "  \"transparent\": " + std::string(m.transparent ? "true" : "false") + ",\n";
  json += "  \"file\": " + quoted(m.file) + ",\n";
  json += "  \"picture\": " + quoted(m.picture) + ",\n";
  json += "  \"seed\": " + std::to_string(p.seed) + ",\n";
  json += "  \"parameters\": {\n";
  json += "    \"text\": " + quoted(p.text) + ",\n";
  json += "    \"source_text\": " + quoted(p.source_text) + ",\n";
  json += "    \"seq\": " + std::to_string(p.seq) + ",\n";
  json += "    \"source_seq\": " + std::to_string(p.source_seq) + ",\n";
  json += "    \"d_model\": " + std::to_string(p.d_model) + ",\n";
  json += "    \"heads\": " + std::to_string(p.heads) + ",\n";
  json += "    \"mask\": " + quoted(attn::maskName(p.mask)) + ",\n";
  json += "    \"temperature\": " + number(static_cast<double>(p.temperature)) + ",\n";
  json += "    \"pattern\": " + quoted(attn::patternName(p.pattern)) + ",\n";
  json += "    \"seed\": " + std::to_string(p.seed) + ",\n";
  json += "    \"patches\": " + std::to_string(p.patch.patches) + ",\n";
  json += "    \"cls\": " + std::string(p.patch.cls ? "true" : "false") + ",\n";
  json += "    \"patch_position\": " + number(static_cast<double>(p.patch.position)) + ",\n";
  json += "    \"inputs\": " + quoted(m.inputs) + "\n";
  json += "  }\n";
  json += "}\n";
  return json;
}

}  // namespace record
