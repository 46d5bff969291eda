// libFuzzer target: io::parseNpz on arbitrary bytes must either return the arrays or throw
// core::DataError; parsed archives must round-trip through serializeNpz (stored and deflated).
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/error.hpp"
#include "fuzz_check.hpp"
#include "io/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto bytes = std::as_bytes(std::span(data, size));
  io::NamedArrays arrays;
  try {
    arrays = io::parseNpz(bytes, "fuzz.npz");
  } catch (const core::DataError&) {
    return 0;
  }
  for (bool compress : {false, true}) {
    auto back = io::parseNpz(io::serializeNpz(arrays, compress), "rewritten.npz");
    fuzzcheck::require(back.size() == arrays.size());
    for (size_t i = 0; i < arrays.size(); ++i) {
      fuzzcheck::require(back.items()[i].first == arrays.items()[i].first);
      fuzzcheck::requireSame(arrays.items()[i].second, back.items()[i].second);
    }
  }
  return 0;
}
