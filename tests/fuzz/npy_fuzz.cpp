// libFuzzer target: io::parseNpy on arbitrary bytes must either return an array or throw
// core::DataError; a parsed array must round-trip through serializeNpy.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/error.hpp"
#include "fuzz_check.hpp"
#include "io/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto bytes = std::as_bytes(std::span(data, size));
  io::Array array;
  try {
    array = io::parseNpy(bytes, "fuzz.npy");
  } catch (const core::DataError&) {
    return 0;
  }
  auto written = io::serializeNpy(array);
  fuzzcheck::requireSame(array, io::parseNpy(written, "rewritten.npy"));
  return 0;
}
