// [SECTION] Header length and JSON
// [SECTION] Tensor entries
// [SECTION] Offsets tile the buffer
// [SECTION] Reader
// [SECTION] Writer
#include "io/safetensors.hpp"

#include <algorithm>
#include <bit>

#include "core/checked.hpp"
#include "core/error.hpp"
#include "io/convert.hpp"
#include "io/file_bytes.hpp"
#include "io/json.hpp"

namespace io {

namespace {

constexpr uint64_t kLengthBytes = 8;
constexpr size_t kMaxDims = 64;  // as for .npy

[[noreturn]] void fail(std::string_view what, const std::string& problem) {
  throw core::DataError(std::string(what) + ": " + problem);
}

// [SECTION] Header length and JSON

struct SafeDType {
  std::string_view name;
  DType type;
  uint64_t size;
};

constexpr SafeDType kReadable[] = {{"F32", DType::F32, 4},
                                   {"F16", DType::F16, 2},
                                   {"BF16", DType::BF16, 2},
                                   {"F64", DType::F64, 8}};

// Built by appending: GCC 12 raises a false -Wrestrict on "literal" + std::string&&.
std::string inQuotes(std::string_view name) {
  std::string text = "'";
  text += name;
  text += '\'';
  return text;
}

// "[begin, end]"
std::string rangeText(uint64_t begin, uint64_t end) {
  std::string text = "[";
  text += std::to_string(begin);
  text += ", ";
  text += std::to_string(end);
  text += ']';
  return text;
}

std::string shapeText(const std::vector<uint64_t>& shape) {
  Array a;
  a.shape = shape;
  return a.shapeString();
}

// [SECTION] Tensor entries

struct Entry {
  std::string name;
  const SafeDType* dtype = nullptr;
  std::vector<uint64_t> shape;
  uint64_t count = 0;
  uint64_t begin = 0, end = 0;
};

uint64_t entryUint(const JsonValue& v, std::string_view where, std::string_view field) {
  auto value = v.asUint64();
  if (!value) {
    fail(where,
         std::string(field) + " must hold non-negative integers below 2^64, got " +
             (v.kind == JsonValue::Kind::Number ? v.text : std::string(jsonKindName(v.kind))));
  }
  return *value;
}

Entry readEntry(const std::string& name, const JsonValue& info, uint64_t bufferSize,
                std::string_view what) {
  std::string where = std::string(what) + ": tensor " + inQuotes(name);
  if (name.empty()) fail(what, "a tensor has an empty name");
  if (!info.isObject()) {
    fail(where, "expected an object with dtype, shape and data_offsets, got " +
                    std::string(jsonKindName(info.kind)));
  }
  for (const auto& [key, value] : info.members) {
    if (key != "dtype" && key != "shape" && key != "data_offsets")
      fail(where, "unknown field " + inQuotes(key) + " (expected dtype, shape and data_offsets)");
  }
  const JsonValue* dtype = info.find("dtype");
  const JsonValue* shape = info.find("shape");
  const JsonValue* offsets = info.find("data_offsets");
  if (!dtype) fail(where, "missing field 'dtype'");
  if (!shape) fail(where, "missing field 'shape'");
  if (!offsets) fail(where, "missing field 'data_offsets'");
  if (!dtype->isString()) fail(where, "dtype must be a string such as \"F32\"");
  if (!shape->isArray()) fail(where, "shape must be an array of integers such as [2, 3]");
  if (!offsets->isArray() || offsets->items.size() != 2)
    fail(where, "data_offsets must be an array [BEGIN, END]");

  Entry e;
  e.name = name;
  for (const SafeDType& known : kReadable)
    if (known.name == dtype->text) e.dtype = &known;
  if (!e.dtype) {
    fail(where, "dtype " + inQuotes(dtype->text) +
                    " is not supported (attnviz reads F32, F16, BF16 and F64)");
  }
  if (shape->items.size() > kMaxDims) fail(where, "more than 64 dimensions in shape");
  for (const JsonValue& dim : shape->items)
    e.shape.push_back(entryUint(dim, where, "shape"));
  auto count = core::checkedProduct(e.shape);
  auto bytes = count ? core::checkedMul(*count, e.dtype->size) : std::nullopt;
  if (!bytes) {
    fail(where, "shape " + shapeText(e.shape) + " of " + std::string(e.dtype->name) +
                    " is too large (its byte size overflows 64 bits)");
  }
  e.count = *count;
  e.begin = entryUint(offsets->items[0], where, "data_offsets");
  e.end = entryUint(offsets->items[1], where, "data_offsets");
  std::string range = rangeText(e.begin, e.end);
  if (e.begin > e.end) fail(where, "data_offsets " + range + " end before they begin");
  if (e.end > bufferSize) {
    fail(where, "data_offsets " + range + " reach past the end of the " +
                    std::to_string(bufferSize) + "-byte data buffer (truncated file?)");
  }
  if (e.end - e.begin != *bytes) {
    fail(where, "data_offsets " + range + " hold " + std::to_string(e.end - e.begin) +
                    " bytes, but shape " + shapeText(e.shape) + " of " +
                    std::string(e.dtype->name) + " needs " + std::to_string(*bytes));
  }
  return e;
}

// [SECTION] Offsets tile the buffer

// Sorted by offset, every tensor must start where the previous one ended and the last must end at
// the end of the buffer: anything else is an overlap (two names for the same bytes) or bytes that
// belong to nobody.
void checkTiling(std::vector<const Entry*> entries, uint64_t bufferSize, std::string_view what) {
  std::sort(entries.begin(), entries.end(), [](const Entry* a, const Entry* b) {
    return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
  });
  uint64_t previousEnd = 0;
  const Entry* previous = nullptr;
  auto range = [](const Entry* e) { return rangeText(e->begin, e->end); };
  for (const Entry* e : entries) {
    if (e->begin < previousEnd) {
      fail(what, "tensors " + inQuotes(previous->name) + " " + range(previous) + " and " +
                     inQuotes(e->name) + " " + range(e) + " overlap in the data buffer");
    }
    if (e->begin > previousEnd) {
      fail(what, "bytes [" + std::to_string(previousEnd) + ", " + std::to_string(e->begin) +
                     ") of the data buffer belong to no tensor (a hole before " +
                     inQuotes(e->name) + ")");
    }
    previousEnd = e->end;
    previous = e;
  }
  if (previousEnd != bufferSize) {
    fail(what, std::to_string(bufferSize - previousEnd) + " unexpected bytes after the last " +
                   "tensor's data (the buffer holds " + std::to_string(bufferSize) + " bytes)");
  }
}

}  // namespace

// [SECTION] Reader

bool looksLikeSafetensors(std::span<const std::byte> bytes) {
  if (bytes.size() <= kLengthBytes) return false;
  uint64_t length = readUnsigned(bytes.data(), kLengthBytes, false);
  return length > 0 && length <= bytes.size() - kLengthBytes &&
         length <= kSafetensorsMaxHeaderBytes && bytes[kLengthBytes] == std::byte{'{'};
}

NamedArrays parseSafetensors(std::span<const std::byte> bytes, std::string_view what) {
  if (bytes.size() < kLengthBytes) {
    fail(what, "truncated: a .safetensors file starts with an 8-byte header length, the file has " +
                   std::to_string(bytes.size()) + " bytes");
  }
  uint64_t headerLength = readUnsigned(bytes.data(), kLengthBytes, false);
  uint64_t afterLength = bytes.size() - kLengthBytes;
  if (headerLength > kSafetensorsMaxHeaderBytes) {
    fail(what, "header length " + std::to_string(headerLength) + " exceeds the limit of " +
                   std::to_string(kSafetensorsMaxHeaderBytes) +
                   " bytes (not a .safetensors file?)");
  }
  if (headerLength > afterLength) {
    fail(what, "truncated: the header declares " + std::to_string(headerLength) + " bytes but " +
                   std::to_string(afterLength) + " follow the length");
  }
  std::string_view text(reinterpret_cast<const char*>(bytes.data() + kLengthBytes), headerLength);
  std::string headerWhat = std::string(what) + ": header";
  JsonLimits limits;
  limits.max_bytes = kSafetensorsMaxHeaderBytes;
  JsonValue header = parseJson(text, headerWhat, limits);
  if (!header.isObject()) {
    fail(headerWhat,
         "expected a JSON object of tensors, got " + std::string(jsonKindName(header.kind)));
  }

  const uint64_t bufferSize = afterLength - headerLength;
  const auto buffer = bytes.subspan(kLengthBytes + headerLength);
  NamedArrays arrays;
  std::vector<Entry> entries;
  entries.reserve(header.members.size());
  for (const auto& [name, value] : header.members) {
    if (name == "__metadata__") {
      if (!value.isObject())
        fail(headerWhat, "__metadata__ must be an object of strings, got " +
                             std::string(jsonKindName(value.kind)));
      for (const auto& [key, entry] : value.members) {
        if (!entry.isString()) {
          fail(headerWhat, "__metadata__ must map strings to strings; " + inQuotes(key) +
                               " holds " + std::string(jsonKindName(entry.kind)));
        }
        arrays.setMetadata(key, entry.text);
      }
      continue;
    }
    entries.push_back(readEntry(name, value, bufferSize, what));
  }
  std::vector<const Entry*> order;
  for (const Entry& e : entries)
    order.push_back(&e);
  checkTiling(order, bufferSize, what);

  for (const Entry& e : entries) {
    Array array;
    array.shape = e.shape;
    array.stored = e.dtype->type;
    decodeNumbers(array.values, e.dtype->type, e.dtype->size, false,
                  buffer.subspan(e.begin, e.end - e.begin), e.count,
                  std::string(what) + ": tensor " + inQuotes(e.name));
    arrays.add(e.name, std::move(array));
  }
  return arrays;
}

NamedArrays loadSafetensors(const std::filesystem::path& path) {
  return parseSafetensors(readFileBytes(path), path.string());
}

// [SECTION] Writer

std::vector<std::byte> serializeSafetensors(const NamedArrays& arrays) {
  std::string header = "{";
  if (!arrays.metadataItems().empty()) {
    header += "\"__metadata__\":{";
    bool first = true;
    for (const auto& [key, value] : arrays.metadataItems()) {
      if (!decodeUtf8(key) || !decodeUtf8(value))
        throw core::DataError("cannot write .safetensors: metadata " + inQuotes(key) +
                              " is not valid UTF-8");
      if (!first) header += ',';
      header += jsonQuote(key);
      header += ':';
      header += jsonQuote(value);
      first = false;
    }
    header += "}";
  }
  uint64_t offset = 0;
  for (const auto& [name, array] : arrays.items()) {
    std::string where = "cannot write .safetensors: array " + inQuotes(name);
    if (name.empty() || name == "__metadata__" || !decodeUtf8(name))
      throw core::DataError("cannot write .safetensors: invalid array name " + inQuotes(name));
    if (array.isStrings()) {
      throw core::DataError(where +
                            " holds text; .safetensors stores numbers only (put text in the "
                            "metadata)");
    }
    auto count = core::checkedProduct(array.shape);
    if (!count || *count != array.values.size()) {
      throw core::DataError(where + ": shape " + array.shapeString() + " does not match its " +
                            std::to_string(array.values.size()) + " values");
    }
    auto end = core::checkedAdd(offset, *count * 4);  // values.size() * 4 fits: it is in memory
    if (!end) throw core::DataError(where + " is too large");
    if (header.size() > 1) header += ',';
    header += jsonQuote(name);
    header += ":{\"dtype\":\"F32\",\"shape\":[";
    for (size_t i = 0; i < array.shape.size(); ++i) {
      if (i) header += ',';
      header += std::to_string(array.shape[i]);
    }
    header += "],\"data_offsets\":[";
    header += std::to_string(offset);
    header += ',';
    header += std::to_string(*end);
    header += "]}";
    offset = *end;
  }
  header += "}";
  header.append((kLengthBytes - header.size() % kLengthBytes) % kLengthBytes, ' ');

  std::vector<std::byte> out;
  out.reserve(kLengthBytes + header.size() + offset);
  for (uint64_t i = 0; i < kLengthBytes; ++i)
    out.push_back(static_cast<std::byte>((header.size() >> (8 * i)) & 0xff));
  for (char c : header)
    out.push_back(static_cast<std::byte>(c));
  for (const auto& [name, array] : arrays.items()) {
    for (float v : array.values) {
      uint32_t bits = std::bit_cast<uint32_t>(v);
      for (int i = 0; i < 4; ++i)
        out.push_back(static_cast<std::byte>((bits >> (8 * i)) & 0xff));
    }
  }
  return out;
}

void saveSafetensors(const std::filesystem::path& path, const NamedArrays& arrays) {
  writeFileAtomically(path, serializeSafetensors(arrays));
}

}  // namespace io
