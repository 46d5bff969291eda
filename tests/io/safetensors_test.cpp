// .safetensors reader and writer: files written by Python by hand (the format's byte layout), round
// trips, loadArrays dispatch, and hostile images (each must raise core::DataError naming the file
// and the problem, never crash).
// [SECTION] Files written by Python
// [SECTION] Round trips and loadArrays
// [SECTION] Hostile images: lengths and JSON
// [SECTION] Hostile images: tensor entries
// [SECTION] Hostile images: offsets
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <optional>

#include "core/error.hpp"
#include "io/npy.hpp"
#include "io/safetensors.hpp"
#include "io_test_util.hpp"

using iotest::bytesOf;
using iotest::putLE;

namespace {

// A .safetensors image: the header's length (or `declared`), the header text, then `data`.
std::vector<std::byte> image(std::string_view header, const std::vector<std::byte>& data = {},
                             std::optional<uint64_t> declared = std::nullopt) {
  std::vector<std::byte> out;
  putLE(out, declared.value_or(header.size()), 8);
  iotest::append(out, bytesOf(header));
  iotest::append(out, data);
  return out;
}

std::vector<std::byte> zeros(size_t n) {
  return std::vector<std::byte>(n, std::byte{0});
}

std::string errorOf(std::span<const std::byte> bytes) {
  try {
    io::parseSafetensors(bytes, "m.safetensors");
  } catch (const core::DataError& error) {
    return error.what();
  }
  return "(no error)";
}

// One tensor entry's JSON (built by appending: GCC 12 raises a false -Wrestrict on
// "literal" + std::string&&).
std::string entry(std::string_view name, std::string_view dtype, std::string_view shape,
                  uint64_t begin, uint64_t end) {
  std::string text = "\"";
  text += name;
  text += "\":{\"dtype\":\"";
  text += dtype;
  text += "\",\"shape\":";
  text += shape;
  text += ",\"data_offsets\":[";
  text += std::to_string(begin);
  text += ',';
  text += std::to_string(end);
  text += "]}";
  return text;
}

// A header object of the given entries.
std::string object(std::initializer_list<std::string> entries) {
  std::string text = "{";
  for (const std::string& e : entries) {
    if (text.size() > 1) text += ',';
    text += e;
  }
  text += '}';
  return text;
}

}  // namespace

// [SECTION] Files written by Python (tests/data/io/make_safetensors_fixtures.py)

TEST_CASE("safetensors: Python's file with F32, F16, BF16, F64, a scalar, an empty tensor") {
  auto arrays = io::loadSafetensors(iotest::fixture("mixed.safetensors"));
  REQUIRE(arrays.size() == 6);
  // Header order, not data order (the fixture lays the data out in reverse).
  CHECK(arrays.items()[0].first == "f32");
  CHECK(arrays.items()[5].first == "empty");

  const io::Array* f32 = arrays.find("f32");
  REQUIRE(f32 != nullptr);
  CHECK(f32->stored == io::DType::F32);
  CHECK(f32->shape == std::vector<uint64_t>{2, 3});
  CHECK(f32->values == std::vector<float>{-1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f});

  const io::Array* f16 = arrays.find("f16");
  REQUIRE(f16 != nullptr);
  CHECK(f16->stored == io::DType::F16);
  REQUIRE(f16->values.size() == 4);
  CHECK(f16->values[0] == std::ldexp(1.0f, -24));
  CHECK(f16->values[1] == 65504.0f);
  CHECK(f16->values[2] == 0.0f);
  CHECK(std::signbit(f16->values[2]));
  CHECK(f16->values[3] == 0.333251953125f);

  const io::Array* bf16 = arrays.find("bf16");
  REQUIRE(bf16 != nullptr);
  CHECK(bf16->stored == io::DType::BF16);
  CHECK(bf16->shape == std::vector<uint64_t>{2, 2});
  CHECK(bf16->values == std::vector<float>{1.0f, -2.5f, 3.140625f, 0.10009765625f});

  const io::Array* f64 = arrays.find("f64");
  REQUIRE(f64 != nullptr);
  CHECK(f64->stored == io::DType::F64);
  CHECK(f64->values == std::vector<float>{1.5f, -2.25f, static_cast<float>(1e-3)});

  CHECK(arrays.find("scalar")->shape.empty());
  CHECK(arrays.find("scalar")->values == std::vector<float>{3.5f});
  CHECK(arrays.find("empty")->shape == std::vector<uint64_t>{0, 3});
  CHECK(arrays.find("empty")->values.empty());

  REQUIRE(arrays.metadataItems().size() == 2);
  CHECK(*arrays.metadata("format") == "pt");
  CHECK(*arrays.metadata("tokens") == "[\"the\", \"cat\", \"h\\u00e9\"]");
  CHECK(arrays.metadata("missing") == nullptr);
}

TEST_CASE("safetensors: loadArrays reads .safetensors by extension and by content") {
  auto direct = io::loadArrays(iotest::fixture("single.safetensors"));
  REQUIRE(direct.find("x") != nullptr);
  CHECK(direct.find("x")->values == std::vector<float>{1, 2});
  iotest::TempDir dir;
  std::filesystem::copy_file(iotest::fixture("single.safetensors"), dir.path() / "model.bin");
  auto byContent = io::loadArrays(dir.path() / "model.bin");
  CHECK(byContent.find("x")->values == std::vector<float>{1, 2});
  // A broken file named .safetensors gets the parser's message, not "unknown format".
  std::ofstream(dir.path() / "bad.safetensors") << "hello";
  try {
    io::loadArrays(dir.path() / "bad.safetensors");
    FAIL("expected a DataError");
  } catch (const core::DataError& error) {
    CHECK(std::string(error.what()) ==
          (dir.path() / "bad.safetensors").string() +
              ": truncated: a .safetensors file starts with an 8-byte header length, the file "
              "has 5 bytes");
  }
  std::ofstream(dir.path() / "text.bin") << "hello, world";
  try {
    io::loadArrays(dir.path() / "text.bin");
    FAIL("expected a DataError");
  } catch (const core::DataError& error) {
    CHECK(std::string(error.what()) ==
          (dir.path() / "text.bin").string() + ": is not a .npy, .npz or .safetensors file");
  }
}

// [SECTION] Round trips and loadArrays

TEST_CASE("safetensors: round trip of arrays and metadata, aligned data, exact values") {
  io::NamedArrays arrays;
  arrays.add("weights", io::Array::floats({2, 2, 3}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, -1e-30f}));
  arrays.add("scalar", io::Array::floats({}, {std::numeric_limits<float>::infinity()}));
  arrays.add("empty", io::Array::floats({0}, {}));
  arrays.add("h\xc3\xa9", io::Array::bools({2}, {1, 0}));
  arrays.setMetadata("tokens", "[\"a\", \"\\\"q\\\"\"]");
  arrays.setMetadata("note", "line\nbreak \xe6\x97\xa5");
  auto bytes = io::serializeSafetensors(arrays);
  uint64_t headerLength = 0;
  for (int i = 7; i >= 0; --i)
    headerLength = (headerLength << 8) | std::to_integer<uint64_t>(bytes[static_cast<size_t>(i)]);
  CHECK((8 + headerLength) % 8 == 0);
  CHECK(bytes.size() == 8 + headerLength + (12 + 1 + 0 + 2) * 4);
  CHECK(io::looksLikeSafetensors(bytes));

  auto back = io::parseSafetensors(bytes, "rt");
  REQUIRE(back.size() == 4);
  for (size_t i = 0; i < 4; ++i) {
    CHECK(back.items()[i].first == arrays.items()[i].first);
    CHECK(back.items()[i].second.shape == arrays.items()[i].second.shape);
    CHECK(back.items()[i].second.values == arrays.items()[i].second.values);
    CHECK(back.items()[i].second.stored == io::DType::F32);  // bool is written as F32 0/1
  }
  CHECK(back.metadataItems() == arrays.metadataItems());

  iotest::TempDir dir;
  io::saveSafetensors(dir.path() / "rt.safetensors", arrays);
  CHECK(io::loadArrays(dir.path() / "rt.safetensors").find("weights")->values ==
        arrays.find("weights")->values);
}

TEST_CASE("safetensors: the writer refuses text arrays and inconsistent arrays") {
  io::NamedArrays text;
  text.add("tokens", io::Array::texts({"a"}));
  CHECK_THROWS_WITH_AS(io::serializeSafetensors(text),
                       "cannot write .safetensors: array 'tokens' holds text; .safetensors stores "
                       "numbers only (put text in the metadata)",
                       core::DataError);
  io::NamedArrays bad;
  bad.add("x", io::Array::floats({2, 2}, {1}));
  CHECK_THROWS_AS(io::serializeSafetensors(bad), core::DataError);
  io::NamedArrays reserved;
  reserved.add("__metadata__", io::Array::floats({1}, {1}));
  CHECK_THROWS_AS(io::serializeSafetensors(reserved), core::DataError);
  io::NamedArrays badMeta;
  badMeta.setMetadata("k", "\xff");
  CHECK_THROWS_AS(io::serializeSafetensors(badMeta), core::DataError);
}

TEST_CASE("safetensors: an empty header object is an empty file of arrays") {
  auto arrays = io::parseSafetensors(image("{}      "), "e");
  CHECK(arrays.size() == 0);
  CHECK(io::serializeSafetensors(arrays).size() == 16);  // length + "{}" padded to 8
}

// [SECTION] Hostile images: lengths and JSON

TEST_CASE("safetensors: truncated files and huge header lengths are refused before allocating") {
  CHECK(errorOf(bytesOf("")) ==
        "m.safetensors: truncated: a .safetensors file starts with an "
        "8-byte header length, the file has 0 bytes");
  CHECK(errorOf(image("{}", {}, 3)) ==
        "m.safetensors: truncated: the header declares 3 bytes but 2 follow the length");
  CHECK(errorOf(image("{}", {}, UINT64_MAX)) ==
        "m.safetensors: header length 18446744073709551615 exceeds the limit of 100000000 bytes "
        "(not a .safetensors file?)");
  CHECK(errorOf(image("{}", {}, 100'000'001)) ==
        "m.safetensors: header length 100000001 exceeds the limit of 100000000 bytes (not a "
        ".safetensors file?)");
  // A real file cut at every byte is an error, never a crash.
  auto whole = iotest::readBytes(iotest::fixture("mixed.safetensors"));
  for (size_t cut = 0; cut < whole.size(); ++cut) {
    CAPTURE(cut);
    CHECK_THROWS_AS(io::parseSafetensors(std::span(whole).first(cut), "cut"), core::DataError);
  }
}

TEST_CASE("safetensors: the header must be a strict JSON object") {
  CHECK(errorOf(image("[1, 2]  ")) ==
        "m.safetensors: header: expected a JSON object of tensors, got an array");
  CHECK(errorOf(image("{\"a\":")) ==
        "m.safetensors: header: bad JSON at byte 5: expected a value, got end of text");
  CHECK(errorOf(image("")) ==
        "m.safetensors: header: bad JSON at byte 0: expected a value, got end of text");
  std::string dup = object({entry("a", "F32", "[1]", 0, 4), entry("a", "F32", "[1]", 4, 8)});
  CHECK(errorOf(image(dup, zeros(8))) ==
        "m.safetensors: header: bad JSON at byte 54: duplicate key 'a'");
  std::string deep = "{\"x\":";
  deep.append(100, '[');
  deep.append(100, ']');
  deep += '}';
  CHECK(errorOf(image(deep)) ==
        "m.safetensors: header: bad JSON at byte 68: nesting deeper than 64 levels");
  CHECK(errorOf(image("{\"__metadata__\":[]}")) ==
        "m.safetensors: header: __metadata__ must be an object of strings, got an array");
  CHECK(errorOf(image("{\"__metadata__\":{\"n\":1}}")) ==
        "m.safetensors: header: __metadata__ must map strings to strings; 'n' holds a number");
}

// [SECTION] Hostile images: tensor entries

TEST_CASE("safetensors: unsupported and unknown dtypes name the tensor") {
  CHECK(errorOf(image(object({entry("ids", "I64", "[1]", 0, 8)}), zeros(8))) ==
        "m.safetensors: tensor 'ids': dtype 'I64' is not supported (attnviz reads F32, F16, "
        "BF16 and F64)");
  CHECK(errorOf(image(object({entry("q", "Q4_K", "[2]", 0, 1)}), zeros(1))) ==
        "m.safetensors: tensor 'q': dtype 'Q4_K' is not supported (attnviz reads F32, F16, BF16 "
        "and F64)");
  CHECK(errorOf(image(R"({"w":{"dtype":32,"shape":[1],"data_offsets":[0,4]}})", zeros(4))) ==
        "m.safetensors: tensor 'w': dtype must be a string such as \"F32\"");
}

TEST_CASE("safetensors: malformed entries name the tensor and the field") {
  CHECK(errorOf(image(R"({"w":[1]})")) ==
        "m.safetensors: tensor 'w': expected an object with "
        "dtype, shape and data_offsets, got an array");
  CHECK(errorOf(image(R"({"w":{"dtype":"F32","shape":[1]}})")) ==
        "m.safetensors: tensor 'w': missing field 'data_offsets'");
  CHECK(
      errorOf(image(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":1}})", zeros(4))) ==
      "m.safetensors: tensor 'w': unknown field 'x' (expected dtype, shape and data_offsets)");
  CHECK(errorOf(image(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", zeros(4))) ==
        "m.safetensors: tensor 'w': shape must hold non-negative integers below 2^64, got -1");
  CHECK(errorOf(image(R"({"w":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}})", zeros(4))) ==
        "m.safetensors: tensor 'w': shape must hold non-negative integers below 2^64, got 1.0");
  CHECK(errorOf(image(R"({"w":{"dtype":"F32","shape":["2"],"data_offsets":[0,4]}})", zeros(4))) ==
        "m.safetensors: tensor 'w': shape must hold non-negative integers below 2^64, got a "
        "string");
  CHECK(errorOf(image(R"({"w":{"dtype":"F32","shape":3,"data_offsets":[0,4]}})", zeros(4))) ==
        "m.safetensors: tensor 'w': shape must be an array of integers such as [2, 3]");
  CHECK(errorOf(image(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}})", zeros(4))) ==
        "m.safetensors: tensor 'w': data_offsets must be an array [BEGIN, END]");
  CHECK(errorOf(image(R"({"":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", zeros(4))) ==
        "m.safetensors: a tensor has an empty name");
}

TEST_CASE("safetensors: shapes whose byte size overflows are refused") {
  CHECK(errorOf(image(object({entry("w", "F32", "[4294967296, 4294967296]", 0, 4)}), zeros(4))) ==
        "m.safetensors: tensor 'w': shape [4294967296, 4294967296] of F32 is too large (its "
        "byte size overflows 64 bits)");
  CHECK(errorOf(image(object({entry("w", "F64", "[2305843009213693952]", 0, 8)}), zeros(8))) ==
        "m.safetensors: tensor 'w': shape [2305843009213693952] of F64 is too large (its byte "
        "size overflows 64 bits)");
  CHECK(errorOf(image(object({entry("w", "F32", "[18446744073709551616]", 0, 4)}), zeros(4))) ==
        "m.safetensors: tensor 'w': shape must hold non-negative integers below 2^64, got "
        "18446744073709551616");
  // A zero dimension makes any other size fine: no elements, no bytes.
  auto empty = io::parseSafetensors(
      image(object({entry("w", "F32", "[0, 18446744073709551615]", 0, 0)})), "e");
  CHECK(empty.find("w")->values.empty());
}

// [SECTION] Hostile images: offsets

TEST_CASE("safetensors: offsets must match the size, stay in the buffer and go forward") {
  CHECK(errorOf(image(object({entry("w", "F32", "[2, 3]", 0, 12)}), zeros(12))) ==
        "m.safetensors: tensor 'w': data_offsets [0, 12] hold 12 bytes, but shape [2, 3] of F32 "
        "needs 24");
  CHECK(errorOf(image(object({entry("w", "F32", "[1]", 8, 4)}), zeros(8))) ==
        "m.safetensors: tensor 'w': data_offsets [8, 4] end before they begin");
  CHECK(errorOf(image(object({entry("w", "F32", "[4]", 0, 16)}), zeros(8))) ==
        "m.safetensors: tensor 'w': data_offsets [0, 16] reach past the end of the 8-byte data "
        "buffer (truncated file?)");
  CHECK(errorOf(image(
            object({entry("w", "F32", "[1]", 18446744073709551612ull, 18446744073709551615ull)}),
            zeros(4))) ==
        "m.safetensors: tensor 'w': data_offsets [18446744073709551612, 18446744073709551615] "
        "reach past the end of the 4-byte data buffer (truncated file?)");
}

TEST_CASE("safetensors: overlapping tensors, holes and trailing bytes are refused") {
  std::string overlap = object({entry("a", "F32", "[2]", 0, 8), entry("b", "F32", "[2]", 4, 12)});
  CHECK(errorOf(image(overlap, zeros(12))) ==
        "m.safetensors: tensors 'a' [0, 8] and 'b' [4, 12] overlap in the data buffer");
  std::string same = object({entry("a", "F32", "[2]", 0, 8), entry("b", "F32", "[2]", 0, 8)});
  CHECK(errorOf(image(same, zeros(8))) ==
        "m.safetensors: tensors 'a' [0, 8] and 'b' [0, 8] overlap in the data buffer");
  std::string hole = object({entry("b", "F32", "[1]", 8, 12), entry("a", "F32", "[1]", 0, 4)});
  CHECK(errorOf(image(hole, zeros(12))) ==
        "m.safetensors: bytes [4, 8) of the data buffer belong to no tensor (a hole before 'b')");
  CHECK(errorOf(image(object({entry("a", "F32", "[1]", 4, 8)}), zeros(8))) ==
        "m.safetensors: bytes [0, 4) of the data buffer belong to no tensor (a hole before 'a')");
  CHECK(errorOf(image(object({entry("a", "F32", "[1]", 0, 4)}), zeros(6))) ==
        "m.safetensors: 2 unexpected bytes after the last tensor's data (the buffer holds 6 "
        "bytes)");
  CHECK(errorOf(image("{}", zeros(1))) ==
        "m.safetensors: 1 unexpected bytes after the last tensor's data (the buffer holds 1 "
        "bytes)");
  // An empty tensor inside another one's bytes is an overlap too.
  std::string inside = object({entry("a", "F32", "[2]", 0, 8), entry("z", "F32", "[0]", 4, 4)});
  CHECK(errorOf(image(inside, zeros(8))) ==
        "m.safetensors: tensors 'a' [0, 8] and 'z' [4, 4] overlap in the data buffer");
}

TEST_CASE("safetensors: F64 values beyond float32 are an error naming the tensor") {
  std::vector<std::byte> data;
  putLE(data, std::bit_cast<uint64_t>(1e300), 8);
  CHECK(errorOf(image(object({entry("big", "F64", "[1]", 0, 8)}), data)) ==
        "m.safetensors: tensor 'big': float64 value 1e+300 at index 0 does not fit in float32 "
        "(attnviz computes in float32)");
}

TEST_CASE("safetensors: every single-byte corruption is an error or a clean result") {
  auto whole = iotest::readBytes(iotest::fixture("mixed.safetensors"));
  for (size_t i = 0; i < whole.size(); ++i) {
    for (int flip : {0x01, 0x80, 0xff}) {
      auto bytes = whole;
      bytes[i] ^= static_cast<std::byte>(flip);
      try {
        auto arrays = io::parseSafetensors(bytes, "flip");
        for (const auto& [name, array] : arrays.items())
          CHECK(array.values.size() == array.elementCount());
      } catch (const core::DataError&) {
      }
    }
  }
}
