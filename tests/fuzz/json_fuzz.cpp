// libFuzzer target: io::parseJson on arbitrary text must either return a value or throw
// core::DataError (limits keep time, stack and memory bounded); every string it returns is valid
// UTF-8 and survives jsonQuote and a second parse unchanged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "fuzz_check.hpp"
#include "io/convert.hpp"
#include "io/json.hpp"

namespace {

void checkStrings(const io::JsonValue& v) {
  if (v.isString()) {
    fuzzcheck::require(io::decodeUtf8(v.text).has_value());
    fuzzcheck::require(io::parseJson(io::jsonQuote(v.text), "quoted").text == v.text);
  }
  for (const io::JsonValue& item : v.items)
    checkStrings(item);
  for (const auto& [key, member] : v.members) {
    fuzzcheck::require(io::decodeUtf8(key).has_value());
    checkStrings(member);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  io::JsonValue value;
  try {
    value = io::parseJson(text, "fuzz.json");
  } catch (const core::DataError&) {
    return 0;
  }
  checkStrings(value);
  return 0;
}
