// A small strict JSON parser (RFC 8259) for the header of .safetensors files and for the JSON text
// that attention files carry (tokens, meta_json). Strict on purpose: duplicate keys, invalid UTF-8,
// lone surrogates, raw control characters in strings, leading zeros, trailing commas, NaN and
// comments are errors. Size, nesting depth and value count are limited, so hostile input costs
// bounded time, stack and memory. Errors are core::DataError
//   "<what>: bad JSON at byte <offset>: <problem>"
// with the offset counted from the first byte of the text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace io {

struct JsonMember;

struct JsonValue {
  enum class Kind : uint8_t { Null, Bool, Number, String, Array, Object };

  Kind kind = Kind::Null;
  bool boolean = false;
  double number = 0;                // Number (nearest double)
  std::string text;                 // String: the decoded UTF-8; Number: the literal as written
  std::vector<JsonValue> items;     // Array
  std::vector<JsonMember> members;  // Object, in file order, keys unique
  size_t offset = 0;                // byte offset of the value's first character

  bool isObject() const { return kind == Kind::Object; }
  bool isArray() const { return kind == Kind::Array; }
  bool isString() const { return kind == Kind::String; }
  // An object's member, or null (also for non-objects).
  const JsonValue* find(std::string_view key) const;
  // The exact value of a non-negative integer literal below 2^64 ("12", not "12.0", "1e3" or
  // "-1"); nullopt otherwise. Sizes and offsets need this: a double is exact only up to 2^53.
  std::optional<uint64_t> asUint64() const;
};

// Defined after JsonValue: a std::pair<std::string, JsonValue> member would need JsonValue
// complete inside its own definition (clang rejects it; a vector of an incomplete type is fine).
struct JsonMember {
  std::string key;
  JsonValue value;
};

// "an object", "a string", … for messages.
std::string_view jsonKindName(JsonValue::Kind kind);

struct JsonLimits {
  size_t max_bytes = 100'000'000;  // the .safetensors reference implementation's header cap
  int max_depth = 64;              // arrays and objects nested in each other
  size_t max_values = 1u << 20;    // every value, members and items included
};

JsonValue parseJson(std::string_view text, std::string_view what, const JsonLimits& limits = {});

// `text` as a JSON string literal, quotes included: '"' and '\' escaped, control characters as
// \n, \t or \u00XX; other UTF-8 passes through unchanged.
std::string jsonQuote(std::string_view text);

}  // namespace io
