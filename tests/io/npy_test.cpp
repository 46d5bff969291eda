// .npy reader and writer: round trips, NumPy's own files, dtypes, byte orders, Fortran order,
// header versions, and hostile images (each must raise core::DataError, never crash).
// [SECTION] Round trips
// [SECTION] Files written by NumPy
// [SECTION] Hand-built images: dtypes, byte order, Fortran order, versions
// [SECTION] Hostile images
// [SECTION] Files on disk
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "io/json.hpp"
#include "io/npy.hpp"
#include "io/safetensors.hpp"
#include "io_test_util.hpp"

using iotest::bytesOf;
using iotest::npyImage;
using iotest::putBE;
using iotest::putLE;

namespace {

io::Array roundTrip(const io::Array& array) {
  auto bytes = io::serializeNpy(array);
  return io::parseNpy(bytes, "round trip");
}

std::string errorOf(std::span<const std::byte> bytes) {
  try {
    io::parseNpy(bytes, "x.npy");
  } catch (const core::DataError& error) {
    return error.what();
  }
  return "(no error)";
}

std::vector<std::byte> floatData(std::initializer_list<float> values) {
  std::vector<std::byte> out;
  for (float v : values)
    putLE(out, std::bit_cast<uint32_t>(v), 4);
  return out;
}

}  // namespace

// [SECTION] Round trips

TEST_CASE("float arrays round-trip with shape and exact values") {
  std::vector<float> values = {
      0.0f, -1.5f, 2.25f, 1e-8f, 3.0e38f, -7.0f, std::numeric_limits<float>::denorm_min()};
  auto back = roundTrip(io::Array::floats({7}, values));
  CHECK(back.shape == std::vector<uint64_t>{7});
  CHECK(back.stored == io::DType::F32);
  CHECK(back.values == values);

  auto matrix = roundTrip(io::Array::floats({2, 3}, {1, 2, 3, 4, 5, 6}));
  CHECK(matrix.shape == std::vector<uint64_t>{2, 3});
  CHECK(matrix.values == std::vector<float>{1, 2, 3, 4, 5, 6});
}

TEST_CASE("NaN survives a round trip (the kernel validates, not the parser)") {
  auto back = roundTrip(io::Array::floats({2}, {std::nanf(""), 1.0f}));
  CHECK(std::isnan(back.values[0]));
  CHECK(back.values[1] == 1.0f);
}

TEST_CASE("scalars, zero-size dims and 5-D shapes round-trip") {
  auto scalar = roundTrip(io::Array::floats({}, {4.5f}));
  CHECK(scalar.shape.empty());
  CHECK(scalar.values == std::vector<float>{4.5f});

  auto empty = roundTrip(io::Array::floats({2, 0, 3}, {}));
  CHECK(empty.shape == std::vector<uint64_t>{2, 0, 3});
  CHECK(empty.values.empty());

  std::vector<float> values(24);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<float>(i);
  auto fiveD = roundTrip(io::Array::floats({1, 2, 3, 1, 4}, values));
  CHECK(fiveD.shape == std::vector<uint64_t>{1, 2, 3, 1, 4});
  CHECK(fiveD.values == values);
}

TEST_CASE("bool arrays round-trip as |b1") {
  auto array = io::Array::bools({2, 2}, {1, 0, 0, 1});
  auto bytes = io::serializeNpy(array);
  std::string text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  CHECK(text.find("'descr': '|b1'") != std::string::npos);
  auto back = io::parseNpy(bytes, "b");
  CHECK(back.stored == io::DType::Bool);
  CHECK(back.values == std::vector<float>{1, 0, 0, 1});
}

TEST_CASE("unicode arrays round-trip as <U with UTF-8 strings") {
  std::vector<std::string> strings = {"", "a", "h\xc3\xa9llo",
                                      "\xe6\x97\xa5\xe6\x9c\xac\xf0\x9f\x98\x80"};
  auto bytes = io::serializeNpy(io::Array::texts(strings));
  std::string text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  CHECK(text.find("'descr': '<U5'") != std::string::npos);  // longest: 5 code points
  auto back = io::parseNpy(bytes, "t");
  CHECK(back.isStrings());
  CHECK(back.shape == std::vector<uint64_t>{4});
  CHECK(back.strings == strings);
}

TEST_CASE("the writer pads the header so data starts at a multiple of 64, version 1.0") {
  for (size_t rank = 1; rank < 8; ++rank) {
    std::vector<uint64_t> shape(rank, 12345678);
    if (rank) shape[0] = 0;
    auto bytes = io::serializeNpy(io::Array::floats(shape, {}));
    REQUIRE(bytes.size() >= 10);
    CHECK(std::to_integer<int>(bytes[6]) == 1);
    CHECK(std::to_integer<int>(bytes[7]) == 0);
    CHECK(bytes.size() % 64 == 0);  // no data: the header ends at the boundary
    CHECK(std::to_integer<char>(bytes.back()) == '\n');
  }
}

TEST_CASE("the writer refuses inconsistent arrays and invalid UTF-8") {
  CHECK_THROWS_AS(io::serializeNpy(io::Array::floats({2, 3}, {1, 2})), core::DataError);
  CHECK_THROWS_AS(io::serializeNpy(io::Array::texts({"ok", "\xff"})), core::DataError);
  CHECK_THROWS_AS(io::serializeNpy(io::Array::texts({"\xc0\x80"})), core::DataError);  // overlong
  CHECK_THROWS_AS(io::serializeNpy(io::Array::texts({"\xed\xa0\x80"})), core::DataError);  // D800
  CHECK_THROWS_AS(io::serializeNpy(io::Array::texts({"\xe6\x97"})), core::DataError);      // cut
}

// [SECTION] Files written by NumPy (tests/data/io/make_npy_fixtures.py)

TEST_CASE("NumPy fixtures: float32, float64 big-endian, scalar, empty, 5-D") {
  auto f32 = io::loadNpy(iotest::fixture("f32_2x3.npy"));
  CHECK(f32.shape == std::vector<uint64_t>{2, 3});
  CHECK(f32.values == std::vector<float>{-1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f});

  auto f64 = io::loadNpy(iotest::fixture("f64_be.npy"));
  CHECK(f64.stored == io::DType::F64);
  CHECK(f64.values ==
        std::vector<float>{1.5f, -2.25f, static_cast<float>(1e-3), static_cast<float>(3e38)});

  auto scalar = io::loadNpy(iotest::fixture("scalar_f4.npy"));
  CHECK(scalar.shape.empty());
  CHECK(scalar.values == std::vector<float>{3.5f});

  auto empty = io::loadNpy(iotest::fixture("empty_0x3.npy"));
  CHECK(empty.shape == std::vector<uint64_t>{0, 3});
  CHECK(empty.values.empty());

  auto fiveD = io::loadNpy(iotest::fixture("f4_5d.npy"));
  CHECK(fiveD.shape == std::vector<uint64_t>{2, 1, 3, 1, 2});
  for (size_t i = 0; i < 12; ++i)
    CHECK(fiveD.values[i] == static_cast<float>(i));
}

TEST_CASE("NumPy fixtures: float16 edge cases convert exactly") {
  auto half = io::loadNpy(iotest::fixture("f16.npy"));
  CHECK(half.stored == io::DType::F16);
  REQUIRE(half.values.size() == 9);
  CHECK(half.values[0] == std::ldexp(1.0f, -24));            // smallest subnormal
  CHECK(half.values[1] == 1023.0f * std::ldexp(1.0f, -24));  // largest subnormal
  CHECK(half.values[2] == std::ldexp(1.0f, -14));            // smallest normal
  CHECK(half.values[3] == 65504.0f);
  CHECK(half.values[4] == std::numeric_limits<float>::infinity());
  CHECK(half.values[5] == -std::numeric_limits<float>::infinity());
  CHECK(half.values[6] == 0.0f);
  CHECK(std::signbit(half.values[6]));
  CHECK(std::isnan(half.values[7]));
  CHECK(half.values[8] == 0.333251953125f);
}

TEST_CASE("every half value converts like a float cast of its exact value") {
  for (uint32_t bits = 0; bits < 0x10000; ++bits) {
    std::vector<std::byte> data;
    putLE(data, bits, 2);
    auto array = io::parseNpy(
        npyImage("{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }", data), "h");
    float got = array.values[0];
    uint32_t exponent = (bits >> 10) & 0x1f, mantissa = bits & 0x3ff;
    float sign = (bits & 0x8000) ? -1.0f : 1.0f;
    if (exponent == 0x1f) {
      if (mantissa == 0) {
        REQUIRE(got == sign * std::numeric_limits<float>::infinity());
      } else {
        REQUIRE(std::isnan(got));
      }
    } else {
      float want = exponent == 0 ? sign * std::ldexp(static_cast<float>(mantissa), -24)
                                 : sign * std::ldexp(static_cast<float>(mantissa + 1024),
                                                     static_cast<int>(exponent) - 25);
      REQUIRE(got == want);
      REQUIRE(std::signbit(got) == std::signbit(want));
    }
  }
}

TEST_CASE("NumPy fixtures: Fortran-ordered arrays come back in C order") {
  auto matrix = io::loadNpy(iotest::fixture("fortran_f4_3x4.npy"));
  CHECK(matrix.shape == std::vector<uint64_t>{3, 4});
  for (size_t i = 0; i < 12; ++i)
    CHECK(matrix.values[i] == static_cast<float>(i));
  auto cube = io::loadNpy(iotest::fixture("fortran_i4_2x3x4.npy"));
  CHECK(cube.stored == io::DType::I32);
  CHECK(cube.shape == std::vector<uint64_t>{2, 3, 4});
  for (size_t i = 0; i < 24; ++i)
    CHECK(cube.values[i] == static_cast<float>(i));
}

TEST_CASE("NumPy fixtures: unicode (both byte orders) and bool") {
  std::vector<std::string> want = {"a", "h\xc3\xa9llo", "\xe6\x97\xa5\xe6\x9c\xac",
                                   "\xf0\x9f\x98\x80", ""};
  for (auto name : {"unicode.npy", "unicode_be.npy"}) {
    auto text = io::loadNpy(iotest::fixture(name));
    CHECK(text.stored == io::DType::Unicode);
    CHECK(text.strings == want);
  }
  auto flags = io::loadNpy(iotest::fixture("bool_2x2.npy"));
  CHECK(flags.stored == io::DType::Bool);
  CHECK(flags.values == std::vector<float>{1, 0, 0, 1});
}

// [SECTION] Hand-built images: dtypes, byte order, Fortran order, versions

TEST_CASE("every integer dtype in both byte orders converts to float32") {
  struct Case {
    const char* kind;
    int width;
    std::vector<uint64_t> raw;
    std::vector<float> want;
  };
  std::vector<Case> cases = {
      {"i", 1, {0x80, 0x7f, 0xff}, {-128, 127, -1}},
      {"i", 2, {0x8000, 0x7fff, 0xffff}, {-32768, 32767, -1}},
      {"i", 4, {0x80000000, 0x7fffffff, 0xffffffff}, {-2147483648.0f, 2147483647.0f, -1}},
      {"i",
       8,
       {0x8000000000000000, 0x7fffffffffffffff, 0xffffffffffffffff},
       {-9223372036854775808.0f, 9223372036854775807.0f, -1}},
      {"u", 1, {0, 0xff, 7}, {0, 255, 7}},
      {"u", 2, {0, 0xffff, 7}, {0, 65535, 7}},
      {"u", 4, {0, 0xffffffff, 7}, {0, 4294967295.0f, 7}},
      {"u", 8, {0, 0xffffffffffffffff, 7}, {0, 18446744073709551615.0f, 7}},
  };
  for (const Case& c : cases) {
    for (char order : {'<', '>', '|', '='}) {
      if (order == '|' && c.width != 1) continue;
      std::vector<std::byte> data;
      for (uint64_t raw : c.raw) {
        if (order == '>') {
          putBE(data, raw, c.width);
        } else {
          putLE(data, raw, c.width);
        }
      }
      std::string descr = std::string(1, order) + c.kind + std::to_string(c.width);
      CAPTURE(descr);
      auto array = io::parseNpy(
          npyImage("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (3,), }", data),
          "ints");
      CHECK(array.values == c.want);
    }
  }
}

TEST_CASE("NumPy fixtures: every integer type from an .npz") {
  auto arrays = io::loadNpz(iotest::fixture("ints.npz"));
  CHECK(arrays.size() == 16);
  auto check = [&](const char* name, io::DType type, std::vector<float> want) {
    CAPTURE(name);
    const io::Array* array = arrays.find(name);
    REQUIRE(array != nullptr);
    CHECK(array->stored == type);
    CHECK(array->values == want);
  };
  for (const char* order : {"le", "be"}) {
    std::string o = order;
    check(("i1_" + o).c_str(), io::DType::I8, {-128, 127, 0, 7});
    check(("i2_" + o).c_str(), io::DType::I16, {-32768, 32767, 0, 7});
    check(("i4_" + o).c_str(), io::DType::I32, {-2147483648.0f, 2147483647.0f, 0, 7});
    check(("i8_" + o).c_str(), io::DType::I64,
          {-9223372036854775808.0f, 9223372036854775807.0f, 0, 7});
    check(("u1_" + o).c_str(), io::DType::U8, {0, 255, 1, 7});
    check(("u2_" + o).c_str(), io::DType::U16, {0, 65535, 1, 7});
    check(("u4_" + o).c_str(), io::DType::U32, {0, 4294967295.0f, 1, 7});
    check(("u8_" + o).c_str(), io::DType::U64, {0, 18446744073709551615.0f, 1, 7});
  }
}

TEST_CASE("big-endian float32 and float16") {
  std::vector<std::byte> data;
  putBE(data, std::bit_cast<uint32_t>(1.25f), 4);
  putBE(data, std::bit_cast<uint32_t>(-3.0f), 4);
  auto f4 = io::parseNpy(
      npyImage("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", data), "be");
  CHECK(f4.values == std::vector<float>{1.25f, -3.0f});
  std::vector<std::byte> half;
  putBE(half, 0x3c00, 2);  // 1.0
  putBE(half, 0x0001, 2);  // 2^-24
  auto f2 = io::parseNpy(
      npyImage("{'descr': '>f2', 'fortran_order': False, 'shape': (2,), }", half), "be");
  CHECK(f2.values == std::vector<float>{1.0f, std::ldexp(1.0f, -24)});
}

TEST_CASE("fortran_order: True transposes to C order (2-D and 3-D, strings too)") {
  // Column-major [[0, 1, 2], [3, 4, 5]] is stored 0 3 1 4 2 5.
  auto matrix = io::parseNpy(npyImage("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
                                      floatData({0, 3, 1, 4, 2, 5})),
                             "f");
  CHECK(matrix.values == std::vector<float>{0, 1, 2, 3, 4, 5});
  std::vector<std::byte> data;
  // C value at [i][j][k] is 100i + 10j + k, for shape (2, 2, 3), written first axis fastest.
  for (float k = 0; k < 3; ++k) {
    for (float j = 0; j < 2; ++j) {
      for (float i = 0; i < 2; ++i)
        putLE(data, std::bit_cast<uint32_t>(100 * i + 10 * j + k), 4);
    }
  }
  auto cube = io::parseNpy(
      npyImage("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2, 3), }", data), "f");
  std::vector<float> want;
  for (float i = 0; i < 2; ++i) {
    for (float j = 0; j < 2; ++j) {
      for (float k = 0; k < 3; ++k)
        want.push_back(100 * i + 10 * j + k);
    }
  }
  CHECK(cube.values == want);

  std::vector<std::byte> text;
  for (char c : std::string("acbd"))
    putLE(text, static_cast<uint64_t>(c), 4);
  auto strings = io::parseNpy(
      npyImage("{'descr': '<U1', 'fortran_order': True, 'shape': (2, 2), }", text), "s");
  CHECK(strings.strings == std::vector<std::string>{"a", "b", "c", "d"});
}

TEST_CASE("header versions 1.0, 2.0 and 3.0 and header spacing variants") {
  auto data = floatData({1, 2});
  for (int major : {1, 2, 3}) {
    auto array = io::parseNpy(
        npyImage("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", data, major), "v");
    CHECK(array.values == std::vector<float>{1, 2});
  }
  for (std::string_view dict : {
           "{\"descr\":\"<f4\",\"fortran_order\":False,\"shape\":(2,)}",
           "  {'shape': (2L,), 'fortran_order': False, 'descr': '<f4'}   \n",
           "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2)}",
       }) {
    CAPTURE(dict);
    CHECK(io::parseNpy(npyImage(dict, data), "v").values == std::vector<float>{1, 2});
  }
}

TEST_CASE("float64 values beyond float32 are an error naming the array (inf and NaN pass)") {
  std::vector<std::byte> data;
  putLE(data, std::bit_cast<uint64_t>(1e300), 8);
  auto image = npyImage("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", data);
  try {
    io::parseNpy(image, "weights.npz: member 'w_q.npy'");
    FAIL("expected a DataError");
  } catch (const core::DataError& error) {
    CHECK(std::string(error.what()) ==
          "weights.npz: member 'w_q.npy': float64 value 1e+300 at index 0 does not fit in float32 "
          "(attnviz computes in float32)");
  }
  std::vector<std::byte> special;
  putLE(special, std::bit_cast<uint64_t>(std::numeric_limits<double>::infinity()), 8);
  putLE(special, std::bit_cast<uint64_t>(std::numeric_limits<double>::quiet_NaN()), 8);
  putLE(special, std::bit_cast<uint64_t>(-3.4028234663852886e38), 8);  // -FLT_MAX fits
  auto array = io::parseNpy(
      npyImage("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", special), "s");
  CHECK(std::isinf(array.values[0]));
  CHECK(std::isnan(array.values[1]));
  CHECK(array.values[2] == -std::numeric_limits<float>::max());
}

// [SECTION] Hostile images

TEST_CASE("a valid file truncated at every byte offset is an error") {
  auto full = io::serializeNpy(io::Array::floats({2, 3}, {1, 2, 3, 4, 5, 6}));
  for (size_t cut = 0; cut < full.size(); ++cut) {
    CAPTURE(cut);
    CHECK_THROWS_AS(io::parseNpy(std::span(full).first(cut), "t"), core::DataError);
  }
  auto text = io::serializeNpy(io::Array::texts({"ab", "c"}));
  for (size_t cut = 0; cut < text.size(); ++cut) {
    CHECK_THROWS_AS(io::parseNpy(std::span(text).first(cut), "t"), core::DataError);
  }
  // ...and extra bytes after the data are refused as well.
  full.push_back(std::byte{0});
  CHECK_THROWS_AS(io::parseNpy(full, "t"), core::DataError);
}

TEST_CASE("truncated data names the declared and the present byte counts") {
  std::vector<std::byte> data(100);
  auto image = npyImage("{'descr': '<f4', 'fortran_order': False, 'shape': (1024,), }", data);
  CHECK(errorOf(image) ==
        "x.npy: truncated: header declares 4096 bytes of data but 100 are present");
}

TEST_CASE("huge declared header lengths are refused before reading") {
  auto image = bytesOf("\x93NUMPY");
  image.push_back(std::byte{2});
  image.push_back(std::byte{0});
  putLE(image, 0xffffffff, 4);
  iotest::append(image, bytesOf("{'descr': '<f4'"));
  CHECK(errorOf(image).find("truncated: header declares 4294967295 bytes") != std::string::npos);
  auto v1 = npyImage("{}", {});
  v1[8] = std::byte{0xff};
  v1[9] = std::byte{0xff};
  CHECK_THROWS_AS(io::parseNpy(v1, "t"), core::DataError);
}

TEST_CASE("shapes that overflow or exceed the file are refused") {
  auto bad = [](std::string shape, std::string descr = "<f4") {
    return npyImage("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }",
                    floatData({1, 2}));
  };
  // product overflows uint64
  CHECK(errorOf(bad("(4294967296, 4294967296, 2)")).find("overflows 64 bits") != std::string::npos);
  // product fits but × itemsize overflows
  CHECK(errorOf(bad("(4611686018427387904,)")).find("overflows 64 bits") != std::string::npos);
  // a dimension that does not fit in uint64
  CHECK(errorOf(bad("(18446744073709551616,)")).find("does not fit in 64 bits") !=
        std::string::npos);
  // larger than the file
  CHECK(errorOf(bad("(1000000, 1000000)")).find("truncated") != std::string::npos);
  CHECK(errorOf(bad("(2, 3)", "<U1000000000")).find("truncated") != std::string::npos);
  // negative, non-integer and non-tuple shapes
  CHECK(errorOf(bad("(-2,)")).find("negative dimension") != std::string::npos);
  CHECK_THROWS_AS(io::parseNpy(bad("(2.0,)"), "t"), core::DataError);
  CHECK_THROWS_AS(io::parseNpy(bad("(2)"), "t"), core::DataError);
  CHECK_THROWS_AS(io::parseNpy(bad("[2]"), "t"), core::DataError);
  CHECK_THROWS_AS(io::parseNpy(bad("(02,)"), "t"), core::DataError);
  CHECK_THROWS_AS(io::parseNpy(bad("(2,,)"), "t"), core::DataError);
  CHECK_THROWS_AS(io::parseNpy(bad("(,)"), "t"), core::DataError);
  std::string many = "(";
  for (int i = 0; i < 65; ++i)
    many += "1, ";
  CHECK(errorOf(bad(many + ")")).find("more than 64 dimensions") != std::string::npos);
}

TEST_CASE("unknown, pickled and structured dtypes are refused") {
  auto withDescr = [](std::string descr) {
    return npyImage("{'descr': " + descr + ", 'fortran_order': False, 'shape': (1,), }",
                    std::vector<std::byte>(16));
  };
  CHECK(errorOf(withDescr("'|O'")) ==
        "x.npy: holds Python objects (pickle); attnviz refuses pickled arrays");
  CHECK(errorOf(withDescr("'<c8'")).find("unsupported dtype '<c8'") != std::string::npos);
  CHECK(errorOf(withDescr("'|S4'")).find("byte-string") != std::string::npos);
  CHECK(errorOf(withDescr("[('a', '<f4')]")).find("structured") != std::string::npos);
  for (auto descr : {"'<f3'", "'f4'", "'<f'", "'<f4x'", "'<U0'", "'<U'", "'xf4'", "''", "'<b2'",
                     "'<V16'", "'<M8[s]'", "'<f99999999999999999999'", "4"}) {
    CAPTURE(descr);
    CHECK_THROWS_AS(io::parseNpy(withDescr(descr), "t"), core::DataError);
  }
}

TEST_CASE("header dicts: duplicate, unknown, missing keys and garbage are refused") {
  auto data = floatData({1});
  std::vector<std::string> dicts = {
      "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}",
      "{'descr': '<f4', 'fortran_order': False, 'fortran_order': False, 'shape': (1,)}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'shape': (1,)}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}",
      "{'descr': '<f4', 'shape': (1,)}",
      "{'fortran_order': False, 'shape': (1,)}",
      "{'descr': '<f4', 'fortran_order': False}",
      "{'descr': '<f4', 'fortran_order': false, 'shape': (1,)}",
      "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}",
      "{'descr': '<f4' 'fortran_order': False, 'shape': (1,)}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)}}",
      "{'descr': '<f\\x34', 'fortran_order': False, 'shape': (1,)}",
      "{'descr: '<f4', 'fortran_order': False, 'shape': (1,)}",
      "{descr: '<f4', 'fortran_order': False, 'shape': (1,)}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (1,),,}",
      "{,}",
      "",
      "garbage",
      "{'descr': '<f4', 'fortran_order': Falsey, 'shape': (1,)}",
  };
  for (const auto& dict : dicts) {
    CAPTURE(dict);
    CHECK_THROWS_AS(io::parseNpy(npyImage(dict, data), "t"), core::DataError);
  }
  CHECK(errorOf(npyImage(dicts[0], data)) == "x.npy: bad .npy header: duplicate key 'descr'");
  CHECK(errorOf(npyImage(dicts[3], data)) == "x.npy: bad .npy header: unknown key 'extra'");
}

TEST_CASE("bad magic, versions, bool bytes and code points are refused") {
  auto good = io::serializeNpy(io::Array::floats({1}, {1}));
  auto badMagic = good;
  badMagic[1] = std::byte{'X'};
  CHECK(errorOf(badMagic).find("not a .npy file") != std::string::npos);
  for (auto [major, minor] : {std::pair{0, 0}, {4, 0}, {1, 1}, {255, 0}}) {
    auto image = good;
    image[6] = static_cast<std::byte>(major);
    image[7] = static_cast<std::byte>(minor);
    CHECK(errorOf(image).find("unsupported .npy format version") != std::string::npos);
  }
  auto boolImage = npyImage("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }",
                            {std::byte{1}, std::byte{2}});
  CHECK(errorOf(boolImage).find("bool array holds byte 2") != std::string::npos);
  for (uint64_t c :
       {uint64_t{0xd800}, uint64_t{0xdfff}, uint64_t{0x110000}, uint64_t{0xffffffff}}) {
    std::vector<std::byte> text;
    putLE(text, c, 4);
    CHECK(errorOf(npyImage("{'descr': '<U1', 'fortran_order': False, 'shape': (1,), }", text))
              .find("invalid code point") != std::string::npos);
  }
}

// [SECTION] Files on disk

TEST_CASE("save and load files and loadArrays chooses by content") {
  iotest::TempDir dir;
  auto array = io::Array::floats({2}, {1, 2});
  io::saveNpy(dir.path() / "x.npy", array);
  CHECK(io::loadNpy(dir.path() / "x.npy").values == array.values);
  // the temporary file is renamed away
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                      std::filesystem::directory_iterator()) == 1);
  // an .npy under a misleading name is still read as .npy, named after the stem
  std::filesystem::copy_file(dir.path() / "x.npy", dir.path() / "weights.npz");
  auto loaded = io::loadArrays(dir.path() / "weights.npz");
  REQUIRE(loaded.find("weights") != nullptr);
  CHECK(loaded.find("weights")->values == array.values);
  // overwriting replaces the file
  io::saveNpy(dir.path() / "x.npy", io::Array::floats({1}, {5}));
  CHECK(io::loadNpy(dir.path() / "x.npy").values == std::vector<float>{5});
}

TEST_CASE("file errors name the path and the system's reason") {
  iotest::TempDir dir;
  auto missing = dir.path() / "missing.npy";
  try {
    io::loadNpy(missing);
    FAIL("expected a DataError");
  } catch (const core::DataError& error) {
    CHECK(std::string(error.what()) ==
          "cannot open " + missing.string() + ": No such file or directory");
  }
  auto target = dir.path() / "no" / "such" / "dir" / "result.npz";
  try {
    io::saveNpz(target, io::NamedArrays{});
    FAIL("expected a DataError");
  } catch (const core::DataError& error) {
    CHECK(std::string(error.what()) ==
          "cannot write " + target.string() + ": No such file or directory");
  }
  CHECK_THROWS_AS(io::loadArrays(dir.path()), core::DataError);  // a directory
  std::ofstream(dir.path() / "empty.bin").flush();
  CHECK_THROWS_AS(io::loadArrays(dir.path() / "empty.bin"), core::DataError);
  std::ofstream(dir.path() / "text.bin") << "hello";
  CHECK_THROWS_AS(io::loadArrays(dir.path() / "text.bin"), core::DataError);
}

TEST_CASE("fuzz regressions in tests/fuzz/regressions never crash") {
  auto folder = std::filesystem::path(ATTNVIZ_SOURCE_DIR) / "tests" / "fuzz" / "regressions";
  REQUIRE(std::filesystem::is_directory(folder));
  int replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    auto bytes = iotest::readBytes(entry.path());
    CAPTURE(entry.path().string());
    try {
      io::parseNpy(bytes, "regression");
    } catch (const core::DataError&) {
    }
    try {
      io::parseNpz(bytes, "regression");
    } catch (const core::DataError&) {
    }
    try {
      io::parseSafetensors(bytes, "regression");
    } catch (const core::DataError&) {
    }
    try {
      io::parseJson(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                    "regression");
    } catch (const core::DataError&) {
    }
    ++replayed;
  }
  MESSAGE("replayed " << replayed << " regression inputs");
}
