// [SECTION] Values
// [SECTION] Parser: structure
// [SECTION] Parser: strings
// [SECTION] Parser: numbers and literals
// [SECTION] Writing
#include "io/json.hpp"

#include <charconv>
#include <cstdio>
#include <unordered_set>

#include "core/checked.hpp"
#include "core/error.hpp"
#include "io/convert.hpp"

namespace io {

// [SECTION] Values

const JsonValue* JsonValue::find(std::string_view key) const {
  for (const JsonMember& member : members)
    if (member.key == key) return &member.value;
  return nullptr;
}

std::optional<uint64_t> JsonValue::asUint64() const {
  if (kind != Kind::Number || text.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;  // sign, fraction or exponent
    auto next = core::checkedMul(value, 10);
    if (next) next = core::checkedAdd(*next, static_cast<uint64_t>(c - '0'));
    if (!next) return std::nullopt;
    value = *next;
  }
  return value;
}

std::string_view jsonKindName(JsonValue::Kind kind) {
  switch (kind) {
    case JsonValue::Kind::Null:
      return "null";
    case JsonValue::Kind::Bool:
      return "a boolean";
    case JsonValue::Kind::Number:
      return "a number";
    case JsonValue::Kind::String:
      return "a string";
    case JsonValue::Kind::Array:
      return "an array";
    case JsonValue::Kind::Object:
      return "an object";
  }
  return "a value";
}

// [SECTION] Parser: structure

namespace {

class Parser {
 public:
  Parser(std::string_view text, std::string_view what, const JsonLimits& limits)
      : m_text(text), m_what(what), m_limits(limits) {}

  JsonValue parseDocument() {
    if (m_text.size() > m_limits.max_bytes) {
      m_pos = m_limits.max_bytes;
      fail("the text is larger than the limit of " + std::to_string(m_limits.max_bytes) + " bytes");
    }
    skipSpace();
    JsonValue value = parseValue(0);
    skipSpace();
    if (!atEnd()) fail("unexpected " + describeHere() + " after the value");
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const {
    throw core::DataError(std::string(m_what) + ": bad JSON at byte " + std::to_string(m_pos) +
                          ": " + problem);
  }
  bool atEnd() const { return m_pos >= m_text.size(); }
  char peek() const { return m_text[m_pos]; }
  unsigned char peekByte() const { return static_cast<unsigned char>(m_text[m_pos]); }
  void skipSpace() {
    while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
      ++m_pos;
  }
  // "end of text", "'x'", "byte 0x01" for messages.
  std::string describeHere() const {
    if (atEnd()) return "end of text";
    unsigned char c = peekByte();
    if (c >= 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
    char hex[16];
    std::snprintf(hex, sizeof hex, "byte 0x%02X", c);
    return hex;
  }
  void expect(char c, const char* problem) {
    if (atEnd() || peek() != c) fail(std::string(problem) + ", got " + describeHere());
    ++m_pos;
  }
  void countValue() {
    if (++m_values > m_limits.max_values)
      fail("more than " + std::to_string(m_limits.max_values) + " values");
  }

  JsonValue parseValue(int depth) {
    if (atEnd()) fail("expected a value, got end of text");
    countValue();
    JsonValue value;
    value.offset = m_pos;
    char c = peek();
    if (c == '{' || c == '[') {
      if (depth >= m_limits.max_depth)
        fail("nesting deeper than " + std::to_string(m_limits.max_depth) + " levels");
      if (c == '{') {
        parseObject(value, depth + 1);
      } else {
        parseArray(value, depth + 1);
      }
    } else if (c == '"') {
      value.kind = JsonValue::Kind::String;
      value.text = parseString();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      parseNumber(value);
    } else if (c == 't' || c == 'f' || c == 'n') {
      parseLiteral(value);
    } else {
      fail("expected a value, got " + describeHere());
    }
    return value;
  }

  void parseObject(JsonValue& value, int depth) {
    value.kind = JsonValue::Kind::Object;
    ++m_pos;  // '{'
    skipSpace();
    if (!atEnd() && peek() == '}') {
      ++m_pos;
      return;
    }
    std::unordered_set<std::string> keys;
    for (;;) {
      skipSpace();
      if (atEnd() || peek() != '"') {
        if (!atEnd() && peek() == '}' && !value.members.empty()) fail("trailing comma before '}'");
        fail("expected a string key, got " + describeHere());
      }
      size_t keyAt = m_pos;
      std::string key = parseString();
      if (!keys.insert(key).second) {
        m_pos = keyAt;
        fail("duplicate key '" + key + "'");
      }
      skipSpace();
      expect(':', "expected ':' after a key");
      skipSpace();
      JsonValue member = parseValue(depth);
      value.members.push_back(JsonMember{std::move(key), std::move(member)});
      skipSpace();
      if (!atEnd() && peek() == ',') {
        ++m_pos;
        continue;
      }
      expect('}', "expected ',' or '}' in an object");
      return;
    }
  }

  void parseArray(JsonValue& value, int depth) {
    value.kind = JsonValue::Kind::Array;
    ++m_pos;  // '['
    skipSpace();
    if (!atEnd() && peek() == ']') {
      ++m_pos;
      return;
    }
    for (;;) {
      skipSpace();
      if (!atEnd() && peek() == ']' && !value.items.empty()) fail("trailing comma before ']'");
      value.items.push_back(parseValue(depth));
      skipSpace();
      if (!atEnd() && peek() == ',') {
        ++m_pos;
        continue;
      }
      expect(']', "expected ',' or ']' in an array");
      return;
    }
  }

  // [SECTION] Parser: strings

  uint32_t parseHex4() {
    if (m_text.size() - m_pos < 4) {
      m_pos = m_text.size();
      fail("unterminated \\u escape");
    }
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i, ++m_pos) {
      char c = peek();
      uint32_t digit = 0;
      if (c >= '0' && c <= '9') {
        digit = static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<uint32_t>(c - 'A' + 10);
      } else {
        fail("\\u must be followed by four hex digits, got " + describeHere());
      }
      value = value * 16 + digit;
    }
    return value;
  }

  // At '"': the decoded UTF-8 text, m_pos after the closing quote.
  std::string parseString() {
    ++m_pos;  // '"'
    std::string out;
    for (;;) {
      if (atEnd()) fail("unterminated string");
      unsigned char c = peekByte();
      if (c == '"') {
        ++m_pos;
        return out;
      }
      if (c < 0x20) fail("raw control character " + describeHere() + " in a string (escape it)");
      if (c == '\\') {
        parseEscape(out);
        continue;
      }
      uint32_t codePoint = 0;
      size_t length = utf8Sequence(m_text, m_pos, codePoint);
      if (length == 0) fail("invalid UTF-8 in a string");
      out.append(m_text.substr(m_pos, length));
      m_pos += length;
    }
  }

  void parseEscape(std::string& out) {
    size_t escapeAt = m_pos;
    ++m_pos;  // '\'
    if (atEnd()) fail("unterminated string");
    char c = peek();
    ++m_pos;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out += c;
        return;
      case 'b':
        out += '\b';
        return;
      case 'f':
        out += '\f';
        return;
      case 'n':
        out += '\n';
        return;
      case 'r':
        out += '\r';
        return;
      case 't':
        out += '\t';
        return;
      case 'u':
        break;
      default:
        --m_pos;
        fail("invalid escape: " + describeHere() + " after '\\' in a string");
    }
    uint32_t unit = parseHex4();
    if (unit >= 0xdc00 && unit <= 0xdfff) {
      m_pos = escapeAt;
      fail("lone low surrogate in a \\u escape");
    }
    if (unit >= 0xd800 && unit <= 0xdbff) {
      // A high surrogate must be followed by an escaped low one: together one code point.
      if (m_text.substr(m_pos, 2) != "\\u") {
        m_pos = escapeAt;
        fail("lone high surrogate in a \\u escape");
      }
      m_pos += 2;
      uint32_t low = parseHex4();
      if (low < 0xdc00 || low > 0xdfff) {
        m_pos = escapeAt;
        fail("lone high surrogate in a \\u escape");
      }
      unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
    }
    appendUtf8(out, unit);
  }

  // [SECTION] Parser: numbers and literals

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  void parseNumber(JsonValue& value) {
    size_t start = m_pos;
    auto digits = [&](const char* problem) {
      if (atEnd() || peek() < '0' || peek() > '9') fail(problem);
      while (!atEnd() && peek() >= '0' && peek() <= '9')
        ++m_pos;
    };
    if (peek() == '-') ++m_pos;
    if (!atEnd() && peek() == '0') {
      ++m_pos;
      if (!atEnd() && peek() >= '0' && peek() <= '9') fail("leading zero in a number");
    } else {
      digits("expected a digit after '-'");
    }
    if (!atEnd() && peek() == '.') {
      ++m_pos;
      digits("expected a digit after the decimal point");
    }
    if (!atEnd() && (peek() == 'e' || peek() == 'E')) {
      ++m_pos;
      if (!atEnd() && (peek() == '+' || peek() == '-')) ++m_pos;
      digits("expected a digit in the exponent");
    }
    value.kind = JsonValue::Kind::Number;
    value.text = std::string(m_text.substr(start, m_pos - start));
    const char* first = m_text.data() + start;
    const char* last = m_text.data() + m_pos;
    auto [ptr, ec] = std::from_chars(first, last, value.number);
    if (ec == std::errc::result_out_of_range) {
      // Too small for a double is zero; too large is an error (no file here needs such numbers).
      size_t exponent = value.text.find_first_of("eE");
      bool negativeExponent = exponent != std::string::npos && value.text[exponent + 1] == '-';
      size_t integer = value.text[0] == '-' ? 1 : 0;
      if (negativeExponent || value.text[integer] == '0') {
        value.number = value.text[0] == '-' ? -0.0 : 0.0;
        return;
      }
      m_pos = start;
      fail("number " + value.text + " is out of the range of a double");
    }
    if (ec != std::errc() || ptr != last) {
      m_pos = start;
      fail("invalid number");
    }
  }

  void parseLiteral(JsonValue& value) {
    auto is = [&](std::string_view word) { return m_text.substr(m_pos, word.size()) == word; };
    if (is("true")) {
      value.kind = JsonValue::Kind::Bool;
      value.boolean = true;
      m_pos += 4;
    } else if (is("false")) {
      value.kind = JsonValue::Kind::Bool;
      m_pos += 5;
    } else if (is("null")) {
      m_pos += 4;
    } else {
      fail("expected a value, got " + describeHere());
    }
  }

  std::string_view m_text;
  std::string_view m_what;
  JsonLimits m_limits;
  size_t m_pos = 0;
  size_t m_values = 0;
};

}  // namespace

JsonValue parseJson(std::string_view text, std::string_view what, const JsonLimits& limits) {
  return Parser(text, what, limits).parseDocument();
}

// [SECTION] Writing

std::string jsonQuote(std::string_view text) {
  std::string out = "\"";
  out.reserve(text.size() + 2);
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (byte < 0x20) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04X", byte);
      out += escape;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace io
