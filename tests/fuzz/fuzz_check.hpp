// Shared by the fuzzers: whatever parses must survive a write and re-read unchanged.
#pragma once

#include <bit>
#include <cstdint>
#include <cstdlib>

#include "io/array.hpp"

namespace fuzzcheck {

inline void require(bool ok) {
  if (!ok) std::abort();  // libFuzzer reports the input that got here
}

// Equal shapes and strings, and bit-equal values (NaN payloads included). Non-float dtypes are
// written back as float32 and bool stays bool, so values compare exactly.
inline void requireSame(const io::Array& a, const io::Array& b) {
  require(a.shape == b.shape);
  require(a.strings == b.strings);
  require(a.values.size() == b.values.size());
  for (size_t i = 0; i < a.values.size(); ++i) {
    require(std::bit_cast<uint32_t>(a.values[i]) == std::bit_cast<uint32_t>(b.values[i]));
  }
}

}  // namespace fuzzcheck
