// [SECTION] Element conversion (half floats, byte order, UTF-32/UTF-8)
// [SECTION] .npy reader
// [SECTION] .npy writer
// [SECTION] .npz
// [SECTION] Files
#include "io/npy.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

#include "core/checked.hpp"
#include "core/error.hpp"
#include "io/file.hpp"
#include "io/npy_header.hpp"
#include "io/zip.hpp"

namespace io {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr uint64_t kMagicSize = 6;

[[noreturn]] void fail(std::string_view what, const std::string& problem) {
  throw core::DataError(std::string(what) + ": " + problem);
}

// [SECTION] Element conversion (half floats, byte order, UTF-32/UTF-8)

// Reads one unsigned integer of `width` bytes in the given byte order.
uint64_t readUnsigned(const std::byte* p, uint64_t width, bool bigEndian) {
  uint64_t value = 0;
  for (uint64_t i = 0; i < width; ++i) {
    uint64_t byte = std::to_integer<uint64_t>(bigEndian ? p[i] : p[width - 1 - i]);
    value = (value << 8) | byte;
  }
  return value;
}

// IEEE half → float, exact for every half value (subnormals, infinities, NaN payload kept).
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

// Strict UTF-8 → code points (no overlong forms, no surrogates); nullopt when invalid.
std::optional<std::vector<uint32_t>> decodeUtf8(std::string_view text) {
  std::vector<uint32_t> out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    auto byte = [&](size_t k) {
      return static_cast<uint32_t>(static_cast<unsigned char>(text[k]));
    };
    uint32_t lead = byte(i);
    size_t extra = 0;
    uint32_t c = 0, minimum = 0;
    if (lead < 0x80) {
      c = lead;
    } else if ((lead & 0xe0) == 0xc0) {
      extra = 1, c = lead & 0x1f, minimum = 0x80;
    } else if ((lead & 0xf0) == 0xe0) {
      extra = 2, c = lead & 0x0f, minimum = 0x800;
    } else if ((lead & 0xf8) == 0xf0) {
      extra = 3, c = lead & 0x07, minimum = 0x10000;
    } else {
      return std::nullopt;
    }
    if (extra > 0 && i + extra >= text.size()) return std::nullopt;
    for (size_t k = 1; k <= extra; ++k) {
      uint32_t next = byte(i + k);
      if ((next & 0xc0) != 0x80) return std::nullopt;
      c = (c << 6) | (next & 0x3f);
    }
    if (c < minimum || !validCodePoint(c)) return std::nullopt;
    out.push_back(c);
    i += extra + 1;
  }
  return out;
}

// Reorders column-major (Fortran) data of `shape` into row-major (C) order.
template <typename T>
void fortranToC(std::vector<T>& data, const std::vector<uint64_t>& shape) {
  if (shape.size() < 2 || data.empty()) return;
  size_t rank = shape.size();
  std::vector<uint64_t> cStride(rank, 1);
  for (size_t j = rank - 1; j-- > 0;)
    cStride[j] = cStride[j + 1] * shape[j + 1];
  std::vector<T> out(data.size());
  std::vector<uint64_t> index(rank, 0);
  uint64_t cOffset = 0;
  for (uint64_t f = 0; f < data.size(); ++f) {
    out[cOffset] = std::move(data[f]);
    // Advance the multi-index with the first axis fastest (Fortran order).
    for (size_t j = 0; j < rank; ++j) {
      cOffset += cStride[j];
      if (++index[j] < shape[j]) break;
      cOffset -= cStride[j] * shape[j];
      index[j] = 0;
    }
  }
  data = std::move(out);
}

// [SECTION] .npy reader

void readNumbers(Array& array, const NpyDType& type, std::span<const std::byte> data,
                 uint64_t count, std::string_view what) {
  array.values.resize(count);  // count × itemSize ≤ data.size(), checked by the caller
  if (type.type == DType::F32 && !type.bigEndian && std::endian::native == std::endian::little) {
    if (count) std::memcpy(array.values.data(), data.data(), count * sizeof(float));  // common case
    return;
  }
  const std::byte* p = data.data();
  uint64_t width = type.itemSize;
  for (uint64_t i = 0; i < count; ++i, p += width) {
    uint64_t raw = readUnsigned(p, width, type.bigEndian);
    float value = 0;
    switch (type.type) {
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
    array.values[i] = value;
  }
}

void readStrings(Array& array, const NpyDType& type, std::span<const std::byte> data,
                 uint64_t count, std::string_view what) {
  array.strings.resize(count);
  uint64_t chars = type.itemSize / 4;
  const std::byte* p = data.data();
  for (uint64_t i = 0; i < count; ++i) {
    // NumPy pads with NUL code points; the string ends at the last non-NUL one.
    uint64_t length = chars;
    while (length > 0 && readUnsigned(p + (length - 1) * 4, 4, type.bigEndian) == 0)
      --length;
    std::string& text = array.strings[i];
    for (uint64_t k = 0; k < length; ++k) {
      auto c = static_cast<uint32_t>(readUnsigned(p + k * 4, 4, type.bigEndian));
      if (!validCodePoint(c)) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "U+%04X", c);
        fail(what, "string " + std::to_string(i) + " holds an invalid code point " + hex);
      }
      appendUtf8(text, c);
    }
    p += type.itemSize;
  }
}

}  // namespace

Array parseNpy(std::span<const std::byte> bytes, std::string_view what) {
  if (bytes.size() < kMagicSize || std::memcmp(bytes.data(), kMagic, kMagicSize) != 0) {
    fail(what, "not a .npy file (it does not start with \\x93NUMPY)");
  }
  if (bytes.size() < 10) fail(what, "truncated: the .npy preamble is incomplete");
  auto major = std::to_integer<unsigned>(bytes[6]);
  auto minor = std::to_integer<unsigned>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0) {
    fail(what, "unsupported .npy format version " + std::to_string(major) + "." +
                   std::to_string(minor) + " (attnviz reads 1.0, 2.0 and 3.0)");
  }
  uint64_t lengthWidth = major == 1 ? 2 : 4;
  uint64_t headerAt = 8 + lengthWidth;
  if (bytes.size() < headerAt) fail(what, "truncated: the .npy preamble is incomplete");
  uint64_t headerLength = readUnsigned(bytes.data() + 8, lengthWidth, false);
  uint64_t afterPreamble = bytes.size() - headerAt;
  if (headerLength > afterPreamble) {
    fail(what, "truncated: header declares " + std::to_string(headerLength) + " bytes but " +
                   std::to_string(afterPreamble) + " are present");
  }
  std::string_view headerText(reinterpret_cast<const char*>(bytes.data() + headerAt), headerLength);
  NpyHeader header = parseNpyHeader(headerText, what);
  NpyDType type = parseNpyDescr(header.descr, what);

  Array array;
  array.stored = type.type;
  array.shape = header.shape;
  auto count = core::checkedProduct(header.shape);
  auto dataBytes = count ? core::checkedMul(*count, type.itemSize) : std::nullopt;
  if (!dataBytes) {
    fail(what, "shape " + array.shapeString() + " of " + dtypeName(type.type) +
                   " is too large (its byte size overflows 64 bits)");
  }
  uint64_t present = afterPreamble - headerLength;
  if (*dataBytes > present) {
    fail(what, "truncated: header declares " + std::to_string(*dataBytes) + " bytes of data but " +
                   std::to_string(present) + " are present");
  }
  if (*dataBytes < present) {
    fail(what, std::to_string(present - *dataBytes) + " unexpected bytes after the " +
                   std::to_string(*dataBytes) + " bytes of data");
  }
  auto data = bytes.subspan(headerAt + headerLength);
  if (type.type == DType::Unicode) {
    readStrings(array, type, data, *count, what);
    if (header.fortranOrder) fortranToC(array.strings, array.shape);
  } else {
    readNumbers(array, type, data, *count, what);
    if (header.fortranOrder) fortranToC(array.values, array.shape);
  }
  return array;
}

// [SECTION] .npy writer

std::vector<std::byte> serializeNpy(const Array& array) {
  auto count = core::checkedProduct(array.shape);
  bool strings = array.isStrings();
  uint64_t held = strings ? array.strings.size() : array.values.size();
  if (!count || *count != held) {
    throw core::DataError("cannot write array: shape " + array.shapeString() + " needs " +
                          (count ? std::to_string(*count) : std::string("too many")) +
                          " elements but it holds " + std::to_string(held));
  }
  std::string descr = "<f4";
  uint64_t itemSize = 4;
  std::vector<std::vector<uint32_t>> codePoints;
  if (array.stored == DType::Bool) {
    descr = "|b1";
    itemSize = 1;
  } else if (strings) {
    uint64_t longest = 1;  // NumPy stores empty strings as '<U1'
    codePoints.reserve(array.strings.size());
    for (size_t i = 0; i < array.strings.size(); ++i) {
      auto decoded = decodeUtf8(array.strings[i]);
      if (!decoded) {
        throw core::DataError("cannot write array: string " + std::to_string(i) +
                              " is not valid UTF-8");
      }
      longest = std::max<uint64_t>(longest, decoded->size());
      codePoints.push_back(std::move(*decoded));
    }
    descr = "<U" + std::to_string(longest);
    itemSize = longest * 4;
  }

  std::string header = formatNpyHeader(descr, false, array.shape);
  // Pad with spaces and a final newline so the data starts on a 64-byte boundary, as NumPy does.
  auto padded = [&](uint64_t preambleSize) {
    uint64_t total = preambleSize + header.size() + 1;
    return header.size() + (64 - total % 64) % 64 + 1;
  };
  uint64_t preamble = padded(10) > 0xffff ? 12 : 10;  // version 2.0 only for giant headers
  header.append(padded(preamble) - header.size() - 1, ' ');
  header += '\n';
  auto dataBytes = core::checkedMul(*count, itemSize);
  if (!dataBytes) throw core::DataError("cannot write array: it is too large");

  std::vector<std::byte> out;
  out.reserve(preamble + header.size() + *dataBytes);
  for (uint64_t i = 0; i < kMagicSize; ++i)
    out.push_back(static_cast<std::byte>(kMagic[i]));
  out.push_back(std::byte{preamble == 10 ? uint8_t{1} : uint8_t{2}});
  out.push_back(std::byte{0});
  auto putLE = [&](uint64_t value, uint64_t width) {
    for (uint64_t i = 0; i < width; ++i)
      out.push_back(static_cast<std::byte>((value >> (8 * i)) & 0xff));
  };
  putLE(header.size(), preamble - 8);
  for (char c : header)
    out.push_back(static_cast<std::byte>(c));
  if (array.stored == DType::Bool) {
    for (float v : array.values)
      out.push_back(v != 0.0f ? std::byte{1} : std::byte{0});
  } else if (strings) {
    for (const auto& text : codePoints) {
      for (uint32_t c : text)
        putLE(c, 4);
      for (uint64_t k = text.size(); k < itemSize / 4; ++k)
        putLE(0, 4);
    }
  } else {
    for (float v : array.values)
      putLE(std::bit_cast<uint32_t>(v), 4);
  }
  return out;
}

// [SECTION] .npz

NamedArrays parseNpz(std::span<const std::byte> bytes, std::string_view what) {
  std::vector<ZipMember> members = readZip(bytes, what);
  NamedArrays arrays;
  for (ZipMember& member : members) {
    std::string where = std::string(what) + ": member '" + member.name + "'";
    constexpr std::string_view kSuffix = ".npy";
    if (member.name.size() <= kSuffix.size() || !member.name.ends_with(kSuffix)) {
      fail(where, "is not an array (.npz members are NAME.npy)");
    }
    std::string name = member.name.substr(0, member.name.size() - kSuffix.size());
    Array array = parseNpy(member.data, where);
    std::vector<std::byte>().swap(member.data);  // release each member once parsed
    arrays.add(std::move(name), std::move(array));
  }
  return arrays;
}

std::vector<std::byte> serializeNpz(const NamedArrays& arrays, bool compress) {
  std::vector<ZipMember> members;
  members.reserve(arrays.size());
  for (const auto& [name, array] : arrays.items()) {
    if (name.empty()) throw core::DataError("cannot write .npz: an array has an empty name");
    members.push_back(ZipMember{name + ".npy", serializeNpy(array)});
  }
  return writeZip(members, compress);
}

// [SECTION] Files (io/file.hpp: read whole, write to a temporary file and rename)

Array loadNpy(const std::filesystem::path& path) {
  return parseNpy(readFile(path), path.string());
}

void saveNpy(const std::filesystem::path& path, const Array& array) {
  writeFileAtomically(path, serializeNpy(array));
}

NamedArrays loadNpz(const std::filesystem::path& path) {
  return parseNpz(readFile(path), path.string());
}

void saveNpz(const std::filesystem::path& path, const NamedArrays& arrays, bool compress) {
  writeFileAtomically(path, serializeNpz(arrays, compress));
}

NamedArrays loadArrays(const std::filesystem::path& path) {
  std::vector<std::byte> bytes = readFile(path);
  std::string what = path.string();
  auto startsWith = [&](std::string_view prefix) {
    return bytes.size() >= prefix.size() &&
           std::memcmp(bytes.data(), prefix.data(), prefix.size()) == 0;
  };
  if (startsWith(std::string_view(kMagic, kMagicSize))) {
    NamedArrays arrays;
    arrays.add(path.stem().string(), parseNpy(bytes, what));
    return arrays;
  }
  if (startsWith("PK\x03\x04") || startsWith("PK\x05\x06")) return parseNpz(bytes, what);
  if (bytes.empty()) fail(what, "the file is empty");
  fail(what, "is neither a .npy nor an .npz file");
}

}  // namespace io
