// [SECTION] Fortran order
// [SECTION] .npy reader
// [SECTION] .npy writer
// [SECTION] .npz
// [SECTION] Files
#include "io/npy.hpp"

#include <bit>
#include <cstdio>
#include <cstring>

#include "core/checked.hpp"
#include "core/error.hpp"
#include "io/convert.hpp"
#include "io/file_bytes.hpp"
#include "io/npy_header.hpp"
#include "io/safetensors.hpp"
#include "io/zip.hpp"

namespace io {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr uint64_t kMagicSize = 6;

[[noreturn]] void fail(std::string_view what, const std::string& problem) {
  throw core::DataError(std::string(what) + ": " + problem);
}

// [SECTION] Fortran order

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
    decodeNumbers(array.values, type.type, type.itemSize, type.bigEndian, data, *count, what);
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

// [SECTION] Files

Array loadNpy(const std::filesystem::path& path) {
  return parseNpy(readFileBytes(path), path.string());
}

void saveNpy(const std::filesystem::path& path, const Array& array) {
  writeFileAtomically(path, serializeNpy(array));
}

NamedArrays loadNpz(const std::filesystem::path& path) {
  return parseNpz(readFileBytes(path), path.string());
}

void saveNpz(const std::filesystem::path& path, const NamedArrays& arrays, bool compress) {
  writeFileAtomically(path, serializeNpz(arrays, compress));
}

NamedArrays loadArrays(const std::filesystem::path& path) {
  std::vector<std::byte> bytes = readFileBytes(path);
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
  // .safetensors has no magic: trust the extension (so its errors are the parser's, not ours),
  // else a plausible header length followed by '{'.
  if (path.extension() == ".safetensors" || looksLikeSafetensors(bytes))
    return parseSafetensors(bytes, what);
  fail(what, "is not a .npy, .npz or .safetensors file");
}

}  // namespace io
