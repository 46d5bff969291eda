// Element conversion shared by the file readers (.npy, .safetensors) and the JSON parser: stored
// numbers of every dtype to float32 (half and bfloat16 exactly, float64 range-checked), byte order,
// and strict UTF-8 both ways.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/array.hpp"

namespace io {

// One unsigned integer of `width` (<= 8) bytes in the given byte order.
uint64_t readUnsigned(const std::byte* p, uint64_t width, bool bigEndian);

// IEEE half → float, exact for every half value (subnormals, infinities, NaN payload kept).
float halfToFloat(uint16_t half);

// A Unicode scalar value: at most U+10FFFF and not a surrogate.
bool validCodePoint(uint32_t c);
void appendUtf8(std::string& out, uint32_t c);
// The length (1-4) of the valid UTF-8 sequence at text[i], its code point in `c`; 0 when the bytes
// there are not valid UTF-8 (overlong, surrogate, truncated, stray continuation byte).
size_t utf8Sequence(std::string_view text, size_t i, uint32_t& c);
// Strict UTF-8 → code points (no overlong forms, no surrogates); nullopt when invalid.
std::optional<std::vector<uint32_t>> decodeUtf8(std::string_view text);

// Decodes `count` numbers of `type` (`width` bytes each, in the given byte order) from the front of
// `data` into `out` as float32. Bool bytes other than 0/1 and finite float64 values beyond the
// float32 range are core::DataError "<what>: …"; NaN and Inf pass (callers validate values).
void decodeNumbers(std::vector<float>& out, DType type, uint64_t width, bool bigEndian,
                   std::span<const std::byte> data, uint64_t count, std::string_view what);

}  // namespace io
