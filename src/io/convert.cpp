// [SECTION] Integers and half floats
// [SECTION] UTF-8
// [SECTION] Numbers of every dtype to float32
#include "io/convert.hpp"

#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "core/checked.hpp"
#include "core/error.hpp"

namespace io {

namespace {

[[noreturn]] void fail(std::string_view what, const std::string& problem) {
  throw core::DataError(std::string(what) + ": " + problem);
}

}  // namespace

// [SECTION] Integers and half floats

uint64_t readUnsigned(const std::byte* p, uint64_t width, bool bigEndian) {
  uint64_t value = 0;
  for (uint64_t i = 0; i < width; ++i) {
    uint64_t byte = std::to_integer<uint64_t>(bigEndian ? p[i] : p[width - 1 - i]);
    value = (value << 8) | byte;
  }
  return value;
}

float halfToFloat(uint16_t half) {
  uint32_t sign = static_cast<uint32_t>(half & 0x8000u) << 16;
  uint32_t exponent = (half >> 10) & 0x1fu;
  uint32_t mantissa = half & 0x3ffu;
  uint32_t bits = 0;
  if (exponent == 0x1f) {
    bits = sign | 0x7f800000u | (mantissa << 13);
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;
  } else {
    // Subnormal half: normalise the mantissa into a float exponent.
    int shift = std::countl_zero(mantissa) - 21;  // leading zeros within the 10-bit field, + 1
    mantissa = (mantissa << shift) & 0x3ffu;
    bits = sign | (static_cast<uint32_t>(113 - shift) << 23) | (mantissa << 13);
  }
  return std::bit_cast<float>(bits);
}

// [SECTION] UTF-8

bool validCodePoint(uint32_t c) {
  return c <= 0x10ffff && (c < 0xd800 || c > 0xdfff);
}

void appendUtf8(std::string& out, uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xc0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xe0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  }
}

size_t utf8Sequence(std::string_view text, size_t i, uint32_t& c) {
  if (i >= text.size()) return 0;
  auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(text[k])); };
  uint32_t lead = byte(i);
  size_t extra = 0;
  uint32_t minimum = 0;
  if (lead < 0x80) {
    c = lead;
    return 1;
  } else if ((lead & 0xe0) == 0xc0) {
    extra = 1, c = lead & 0x1f, minimum = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    extra = 2, c = lead & 0x0f, minimum = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    extra = 3, c = lead & 0x07, minimum = 0x10000;
  } else {
    return 0;
  }
  if (i + extra >= text.size()) return 0;
  for (size_t k = 1; k <= extra; ++k) {
    uint32_t next = byte(i + k);
    if ((next & 0xc0) != 0x80) return 0;
    c = (c << 6) | (next & 0x3f);
  }
  if (c < minimum || !validCodePoint(c)) return 0;
  return extra + 1;
}

std::optional<std::vector<uint32_t>> decodeUtf8(std::string_view text) {
  std::vector<uint32_t> out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t c = 0;
    size_t length = utf8Sequence(text, i, c);
    if (length == 0) return std::nullopt;
    out.push_back(c);
    i += length;
  }
  return out;
}

// [SECTION] Numbers of every dtype to float32

void decodeNumbers(std::vector<float>& out, DType type, uint64_t width, bool bigEndian,
                   std::span<const std::byte> data, uint64_t count, std::string_view what) {
  if (type == DType::Unicode || !core::checkedMul(count, width) || count * width > data.size()) {
    fail(what, "internal error: decodeNumbers got fewer bytes than its elements need");
  }
  out.resize(count);
  if (type == DType::F32 && !bigEndian && std::endian::native == std::endian::little) {
    if (count) std::memcpy(out.data(), data.data(), count * sizeof(float));  // common case
    return;
  }
  const std::byte* p = data.data();
  for (uint64_t i = 0; i < count; ++i, p += width) {
    uint64_t raw = readUnsigned(p, width, bigEndian);
    float value = 0;
    switch (type) {
      case DType::Bool:
        if (raw > 1) {
          fail(what, "bool array holds byte " + std::to_string(raw) + " at index " +
                         std::to_string(i) + " (only 0 and 1 are valid)");
        }
        value = static_cast<float>(raw);
        break;
      case DType::U8:
      case DType::U16:
      case DType::U32:
      case DType::U64:
        value = static_cast<float>(raw);
        break;
      case DType::I8:
        value = static_cast<float>(static_cast<int8_t>(raw));
        break;
      case DType::I16:
        value = static_cast<float>(static_cast<int16_t>(raw));
        break;
      case DType::I32:
        value = static_cast<float>(static_cast<int32_t>(raw));
        break;
      case DType::I64:
        value = static_cast<float>(static_cast<int64_t>(raw));
        break;
      case DType::F16:
        value = halfToFloat(static_cast<uint16_t>(raw));
        break;
      case DType::F32:
        value = std::bit_cast<float>(static_cast<uint32_t>(raw));
        break;
      case DType::F64: {
        double d = std::bit_cast<double>(raw);
        if (std::isfinite(d) &&
            std::fabs(d) > static_cast<double>(std::numeric_limits<float>::max())) {
          char text[32];
          std::snprintf(text, sizeof text, "%g", d);
          fail(what, std::string("float64 value ") + text + " at index " + std::to_string(i) +
                         " does not fit in float32 (attnviz computes in float32)");
        }
        value = static_cast<float>(d);
        break;
      }
      case DType::BF16:
        value = std::bit_cast<float>(static_cast<uint32_t>(raw << 16));
        break;
      case DType::Unicode:
        break;
    }
    out[i] = value;
  }
}

}  // namespace io
