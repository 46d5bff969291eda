// [SECTION] Dict literal parser
// [SECTION] dtype strings
// [SECTION] Formatting
#include "io/npy_header.hpp"

#include <bit>
#include <optional>

#include "core/checked.hpp"
#include "core/error.hpp"

namespace io {

// [SECTION] Dict literal parser

namespace {

// NumPy allows 64 dimensions at most (32 before 2.0).
constexpr size_t kMaxDims = 64;

class DictParser {
 public:
  DictParser(std::string_view text, std::string_view what) : m_text(text), m_what(what) {}

  NpyHeader parse() {
    NpyHeader header;
    bool seenDescr = false, seenFortran = false, seenShape = false;
    skipSpace();
    expect('{', "the header must be a dict starting with '{'");
    skipSpace();
    while (!atEnd() && peek() != '}') {
      std::string key = parseString("a quoted key");
      skipSpace();
      expect(':', "expected ':' after key '" + key + "'");
      skipSpace();
      if (key == "descr") {
        if (seenDescr) fail("duplicate key 'descr'");
        seenDescr = true;
        if (!atEnd() && peek() == '[') {
          fail("structured dtypes (a list in 'descr') are not supported; save plain arrays");
        }
        header.descr = parseString("a quoted dtype string for 'descr'");
      } else if (key == "fortran_order") {
        if (seenFortran) fail("duplicate key 'fortran_order'");
        seenFortran = true;
        header.fortranOrder = parseBool();
      } else if (key == "shape") {
        if (seenShape) fail("duplicate key 'shape'");
        seenShape = true;
        header.shape = parseShape();
      } else {
        fail("unknown key '" + key + "'");
      }
      skipSpace();
      if (!atEnd() && peek() == ',') {
        ++m_pos;
        skipSpace();
      } else {
        break;
      }
    }
    expect('}', "expected ',' or '}' in the header dict");
    // NumPy pads the dict with spaces and ends it with a newline; nothing else may follow.
    skipSpace();
    if (!atEnd()) fail("unexpected text after the header dict");
    if (!seenDescr) fail("missing key 'descr'");
    if (!seenFortran) fail("missing key 'fortran_order'");
    if (!seenShape) fail("missing key 'shape'");
    return header;
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const {
    throw core::DataError(std::string(m_what) + ": bad .npy header: " + problem);
  }
  bool atEnd() const { return m_pos >= m_text.size(); }
  char peek() const { return m_text[m_pos]; }
  void skipSpace() {
    while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
      ++m_pos;
    }
  }
  void expect(char c, const std::string& problem) {
    if (atEnd() || peek() != c) fail(problem);
    ++m_pos;
  }
  bool consumeWord(std::string_view word) {
    if (m_text.substr(m_pos, word.size()) != word) return false;
    m_pos += word.size();
    return true;
  }

  // 'text' or "text", no escapes (no valid header needs them).
  std::string parseString(const std::string& expected) {
    if (atEnd() || (peek() != '\'' && peek() != '"')) fail("expected " + expected);
    char quote = peek();
    size_t start = ++m_pos;
    while (!atEnd() && peek() != quote) {
      if (peek() == '\\') fail("escape sequences are not allowed in header strings");
      if (peek() == '\n') fail("unterminated string");
      ++m_pos;
    }
    if (atEnd()) fail("unterminated string");
    std::string value(m_text.substr(start, m_pos - start));
    ++m_pos;
    return value;
  }

  bool parseBool() {
    if (consumeWord("True")) return true;
    if (consumeWord("False")) return false;
    fail("'fortran_order' must be True or False");
  }

  uint64_t parseDim() {
    if (!atEnd() && peek() == '-') fail("negative dimension in 'shape'");
    if (atEnd() || peek() < '0' || peek() > '9')
      fail("expected a dimension (an integer) in 'shape'");
    size_t start = m_pos;
    uint64_t value = 0;
    while (!atEnd() && peek() >= '0' && peek() <= '9') {
      auto next = core::checkedMul(value, 10);
      if (next) next = core::checkedAdd(*next, static_cast<uint64_t>(peek() - '0'));
      if (!next) fail("dimension in 'shape' does not fit in 64 bits");
      value = *next;
      ++m_pos;
    }
    if (m_pos - start > 1 && m_text[start] == '0') fail("leading zero in a 'shape' dimension");
    if (!atEnd() && peek() == 'L') ++m_pos;  // Python 2 long suffix, written by old NumPy
    return value;
  }

  // () | (d,) | (d, d, ...) with an optional trailing comma; "(3)" is an int, not a tuple.
  std::vector<uint64_t> parseShape() {
    expect('(', "'shape' must be a tuple such as (3, 4)");
    std::vector<uint64_t> shape;
    skipSpace();
    bool trailingComma = false;
    while (!atEnd() && peek() != ')') {
      if (shape.size() == kMaxDims) fail("more than 64 dimensions in 'shape'");
      shape.push_back(parseDim());
      skipSpace();
      trailingComma = false;
      if (!atEnd() && peek() == ',') {
        ++m_pos;
        trailingComma = true;
        skipSpace();
      } else {
        break;
      }
    }
    expect(')', "expected ',' or ')' in 'shape'");
    if (shape.size() == 1 && !trailingComma) fail("'shape' must be a tuple; write (n,) for 1-D");
    return shape;
  }

  std::string_view m_text;
  std::string_view m_what;
  size_t m_pos = 0;
};

}  // namespace

NpyHeader parseNpyHeader(std::string_view text, std::string_view what) {
  return DictParser(text, what).parse();
}

// [SECTION] dtype strings

NpyDType parseNpyDescr(std::string_view descr, std::string_view what) {
  auto fail = [&](const std::string& problem) -> NpyDType {
    throw core::DataError(std::string(what) + ": " + problem);
  };
  auto unsupported = [&]() -> NpyDType {
    return fail("unsupported dtype '" + std::string(descr) +
                "'; attnviz reads bool, int8-64, uint8-64, float16/32/64 and unicode arrays");
  };
  if ((!descr.empty() && descr[0] == 'O') || (descr.size() >= 2 && descr[1] == 'O')) {
    return fail("holds Python objects (pickle); attnviz refuses pickled arrays");
  }
  if (descr.size() < 2) return unsupported();
  NpyDType out;
  char order = descr[0];
  if (order == '>') {
    out.bigEndian = true;
  } else if (order == '=') {
    out.bigEndian = std::endian::native == std::endian::big;  // the writer's order, taken as ours
  } else if (order != '<' && order != '|') {
    return unsupported();
  }
  char kind = descr[1];
  std::string_view sizeText = descr.substr(2);
  if (sizeText.empty() || sizeText.size() > 12) return unsupported();
  uint64_t size = 0;
  for (char c : sizeText) {
    if (c < '0' || c > '9') return unsupported();
    size = size * 10 + static_cast<uint64_t>(c - '0');  // at most 12 digits: cannot overflow
  }
  if (kind == 'U') {
    if (size == 0) return fail("unsupported dtype '" + std::string(descr) + "' (zero-length text)");
    auto bytes = core::checkedMul(size, 4);
    if (!bytes) return unsupported();
    out.type = DType::Unicode;
    out.itemSize = *bytes;
    return out;
  }
  if (kind == 'S' || kind == 'a') {
    return fail("byte-string dtype '" + std::string(descr) +
                "' is not supported; save text as unicode (str) arrays");
  }
  struct Known {
    char kind;
    uint64_t size;
    DType type;
  };
  static constexpr Known kKnown[] = {
      {'b', 1, DType::Bool}, {'i', 1, DType::I8},  {'i', 2, DType::I16}, {'i', 4, DType::I32},
      {'i', 8, DType::I64},  {'u', 1, DType::U8},  {'u', 2, DType::U16}, {'u', 4, DType::U32},
      {'u', 8, DType::U64},  {'f', 2, DType::F16}, {'f', 4, DType::F32}, {'f', 8, DType::F64},
  };
  for (const Known& known : kKnown) {
    if (known.kind == kind && known.size == size) {
      out.type = known.type;
      out.itemSize = size;
      return out;
    }
  }
  return unsupported();
}

// [SECTION] Formatting

std::string formatNpyHeader(std::string_view descr, bool fortranOrder,
                            const std::vector<uint64_t>& shape) {
  std::string text = "{'descr': '";
  text += descr;
  text += "', 'fortran_order': ";
  text += fortranOrder ? "True" : "False";
  text += ", 'shape': (";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) text += ", ";
    text += std::to_string(shape[i]);
  }
  if (shape.size() == 1) text += ",";
  text += "), }";
  return text;
}

}  // namespace io
