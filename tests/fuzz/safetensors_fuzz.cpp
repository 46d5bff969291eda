// libFuzzer target: io::parseSafetensors on arbitrary bytes must either return the arrays or throw
// core::DataError; a parsed file must round-trip through serializeSafetensors (values as F32,
// metadata unchanged).
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/error.hpp"
#include "fuzz_check.hpp"
#include "io/safetensors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto bytes = std::as_bytes(std::span(data, size));
  io::NamedArrays arrays;
  try {
    arrays = io::parseSafetensors(bytes, "fuzz.safetensors");
  } catch (const core::DataError&) {
    return 0;
  }
  auto back = io::parseSafetensors(io::serializeSafetensors(arrays), "rewritten.safetensors");
  fuzzcheck::require(back.size() == arrays.size());
  fuzzcheck::require(back.metadataItems() == arrays.metadataItems());
  for (size_t i = 0; i < arrays.size(); ++i) {
    fuzzcheck::require(back.items()[i].first == arrays.items()[i].first);
    fuzzcheck::requireSame(arrays.items()[i].second, back.items()[i].second);
  }
  return 0;
}
