// The strict JSON parser: values, exact error messages with byte offsets, limits, and the writer's
// quoting (round trip through the parser).
// [SECTION] Values
// [SECTION] Errors with offsets
// [SECTION] Limits
// [SECTION] Quoting
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "io/json.hpp"

namespace {

std::string errorOf(std::string_view text, const io::JsonLimits& limits = {}) {
  try {
    io::parseJson(text, "h.json", limits);
  } catch (const core::DataError& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace

// [SECTION] Values

TEST_CASE("json: objects keep members in file order with offsets") {
  auto v = io::parseJson(R"( {"b": 1, "a": [true, false, null], "c": {"d": "e"}} )", "t");
  REQUIRE(v.isObject());
  CHECK(v.offset == 1);
  REQUIRE(v.members.size() == 3);
  CHECK(v.members[0].key == "b");
  CHECK(v.members[1].key == "a");
  CHECK(v.members[2].key == "c");
  const io::JsonValue* a = v.find("a");
  REQUIRE(a != nullptr);
  REQUIRE(a->isArray());
  REQUIRE(a->items.size() == 3);
  CHECK(a->items[0].kind == io::JsonValue::Kind::Bool);
  CHECK(a->items[0].boolean);
  CHECK_FALSE(a->items[1].boolean);
  CHECK(a->items[2].kind == io::JsonValue::Kind::Null);
  CHECK(a->offset == 15);
  CHECK(v.find("c")->find("d")->text == "e");
  CHECK(v.find("missing") == nullptr);
  CHECK(a->find("x") == nullptr);  // not an object
}

TEST_CASE("json: numbers keep their literal, integers convert exactly up to 2^64 - 1") {
  auto v = io::parseJson(
      "[0, -0, 12, 1.5, -2.5e-3, 1E2, 18446744073709551615, "
      "18446744073709551616, 9007199254740993]",
      "t");
  REQUIRE(v.items.size() == 9);
  CHECK(v.items[0].asUint64() == uint64_t{0});
  CHECK_FALSE(v.items[1].asUint64().has_value());  // "-0" has a sign
  CHECK(v.items[2].asUint64() == uint64_t{12});
  CHECK(v.items[3].number == 1.5);
  CHECK_FALSE(v.items[3].asUint64().has_value());
  CHECK(v.items[4].number == doctest::Approx(-2.5e-3));
  CHECK(v.items[5].number == 100.0);
  CHECK_FALSE(v.items[5].asUint64().has_value());  // an exponent is not an integer literal
  CHECK(v.items[6].asUint64() == UINT64_MAX);
  CHECK_FALSE(v.items[7].asUint64().has_value());              // 2^64
  CHECK(v.items[8].asUint64() == uint64_t{9007199254740993});  // 2^53 + 1, exact
  CHECK(v.items[8].text == "9007199254740993");
}

TEST_CASE("json: strings decode escapes, surrogate pairs and UTF-8") {
  auto v = io::parseJson(R"(["a\"b\\c\/d", "\b\f\n\r\t", "\u00e9\u65E5", "\ud83d\ude00", "h)"
                         "\xc3\xa9"
                         R"(llo", ""])",
                         "t");
  REQUIRE(v.items.size() == 6);
  CHECK(v.items[0].text == "a\"b\\c/d");
  CHECK(v.items[1].text == "\b\f\n\r\t");
  CHECK(v.items[2].text == "\xc3\xa9\xe6\x97\xa5");
  CHECK(v.items[3].text == "\xf0\x9f\x98\x80");
  CHECK(v.items[4].text == "h\xc3\xa9llo");
  CHECK(v.items[5].text.empty());
  CHECK(io::parseJson(R"("\u0000")", "t").text == std::string(1, '\0'));
}

TEST_CASE("json: scalars at the top level and surrounding whitespace") {
  CHECK(io::parseJson(" \t\r\n42 \n", "t").number == 42.0);
  CHECK(io::parseJson("\"x\"", "t").text == "x");
  CHECK(io::parseJson("null", "t").kind == io::JsonValue::Kind::Null);
  CHECK(io::parseJson("{}", "t").members.empty());
  CHECK(io::parseJson("[]", "t").items.empty());
  CHECK(io::parseJson("[[], {}]", "t").items.size() == 2);
}

// [SECTION] Errors with offsets

TEST_CASE("json: duplicate keys are refused at the second key") {
  CHECK(errorOf(R"({"a": 1, "a": 2})") == "h.json: bad JSON at byte 9: duplicate key 'a'");
  CHECK(errorOf(R"({"x": {"k": 1, "k": 1}})") == "h.json: bad JSON at byte 15: duplicate key 'k'");
  // Same text after unescaping is the same key.
  CHECK(errorOf(R"({"a": 1, "\u0061": 2})") == "h.json: bad JSON at byte 9: duplicate key 'a'");
  // The same key in sibling objects is fine.
  CHECK(io::parseJson(R"([{"a": 1}, {"a": 2}])", "t").items.size() == 2);
}

TEST_CASE("json: structural errors name the byte and what was expected") {
  CHECK(errorOf("") == "h.json: bad JSON at byte 0: expected a value, got end of text");
  CHECK(errorOf("   ") == "h.json: bad JSON at byte 3: expected a value, got end of text");
  CHECK(errorOf("[1, 2") ==
        "h.json: bad JSON at byte 5: expected ',' or ']' in an array, got "
        "end of text");
  CHECK(errorOf("[1 2]") == "h.json: bad JSON at byte 3: expected ',' or ']' in an array, got '2'");
  CHECK(errorOf("[1,]") == "h.json: bad JSON at byte 3: trailing comma before ']'");
  CHECK(errorOf(R"({"a": 1,})") == "h.json: bad JSON at byte 8: trailing comma before '}'");
  CHECK(errorOf(R"({"a" 1})") == "h.json: bad JSON at byte 5: expected ':' after a key, got '1'");
  CHECK(errorOf("{a: 1}") == "h.json: bad JSON at byte 1: expected a string key, got 'a'");
  CHECK(errorOf(R"({"a": 1} x)") == "h.json: bad JSON at byte 9: unexpected 'x' after the value");
  CHECK(errorOf("[1] [2]") == "h.json: bad JSON at byte 4: unexpected '[' after the value");
  CHECK(errorOf("tru") == "h.json: bad JSON at byte 0: expected a value, got 't'");
  CHECK(errorOf("NaN") == "h.json: bad JSON at byte 0: expected a value, got 'N'");
  CHECK(errorOf("[1, // c\n 2]") == "h.json: bad JSON at byte 4: expected a value, got '/'");
  CHECK(errorOf("\xef\xbb\xbf{}") == "h.json: bad JSON at byte 0: expected a value, got byte 0xEF");
  CHECK(errorOf("'a'") == "h.json: bad JSON at byte 0: expected a value, got '''");
}

TEST_CASE("json: number errors") {
  CHECK(errorOf("01") == "h.json: bad JSON at byte 1: leading zero in a number");
  CHECK(errorOf("-") == "h.json: bad JSON at byte 1: expected a digit after '-'");
  CHECK(errorOf("1.") == "h.json: bad JSON at byte 2: expected a digit after the decimal point");
  CHECK(errorOf("1e+") == "h.json: bad JSON at byte 3: expected a digit in the exponent");
  CHECK(errorOf("+1") == "h.json: bad JSON at byte 0: expected a value, got '+'");
  CHECK(errorOf("[.5]") == "h.json: bad JSON at byte 1: expected a value, got '.'");
  CHECK(errorOf("[1e999]") ==
        "h.json: bad JSON at byte 1: number 1e999 is out of the range of a double");
  CHECK(errorOf("[-12e400]") ==
        "h.json: bad JSON at byte 1: number -12e400 is out of the range of a double");
  // Too small for a double is zero, with its sign.
  auto tiny = io::parseJson("[1e-999, -5e-400]", "t");
  CHECK(tiny.items[0].number == 0.0);
  CHECK(tiny.items[1].number == 0.0);
  CHECK(std::signbit(tiny.items[1].number));
}

TEST_CASE("json: string errors") {
  CHECK(errorOf("\"abc") == "h.json: bad JSON at byte 4: unterminated string");
  CHECK(errorOf("\"a\nb\"") ==
        "h.json: bad JSON at byte 2: raw control character byte 0x0A in a string (escape it)");
  CHECK(errorOf(R"("\x")") ==
        "h.json: bad JSON at byte 2: invalid escape: 'x' after '\\' in a "
        "string");
  CHECK(errorOf(R"("\u12G4")") ==
        "h.json: bad JSON at byte 5: \\u must be followed by four hex digits, got 'G'");
  CHECK(errorOf(R"("\u12)") == "h.json: bad JSON at byte 5: unterminated \\u escape");
  CHECK(errorOf(R"("\ud800")") ==
        "h.json: bad JSON at byte 1: lone high surrogate in a \\u escape");
  CHECK(errorOf(R"("\ud800\u0041")") ==
        "h.json: bad JSON at byte 1: lone high surrogate in a \\u escape");
  CHECK(errorOf(R"("x\udc00")") ==
        "h.json: bad JSON at byte 2: lone low surrogate in a \\u escape");
  CHECK(errorOf("\"ab\xff\"") == "h.json: bad JSON at byte 3: invalid UTF-8 in a string");
  CHECK(errorOf("\"\xc0\x80\"") == "h.json: bad JSON at byte 1: invalid UTF-8 in a string");
  CHECK(errorOf("\"\xed\xa0\x80\"") == "h.json: bad JSON at byte 1: invalid UTF-8 in a string");
  CHECK(errorOf("\"\xe6\x97\"") == "h.json: bad JSON at byte 1: invalid UTF-8 in a string");
}

// [SECTION] Limits

TEST_CASE("json: nesting deeper than the limit is refused without deep recursion") {
  std::string ok(64, '[');
  ok += std::string(64, ']');
  CHECK(io::parseJson(ok, "t").isArray());
  std::string deep(65, '[');
  deep += std::string(65, ']');
  CHECK(errorOf(deep) == "h.json: bad JSON at byte 64: nesting deeper than 64 levels");
  // A hostile million brackets fails at the same place.
  CHECK(errorOf(std::string(1'000'000, '[')) ==
        "h.json: bad JSON at byte 64: nesting deeper than 64 levels");
  io::JsonLimits shallow;
  shallow.max_depth = 2;
  CHECK(errorOf(R"({"a": {"b": [1]}})", shallow) ==
        "h.json: bad JSON at byte 12: nesting deeper than 2 levels");
}

TEST_CASE("json: size and value count limits") {
  io::JsonLimits small;
  small.max_bytes = 8;
  CHECK(io::parseJson("[1, 2]  ", "t", small).items.size() == 2);
  CHECK(errorOf("[1, 2, 3]", small) ==
        "h.json: bad JSON at byte 8: the text is larger than the limit of 8 bytes");
  io::JsonLimits few;
  few.max_values = 3;
  CHECK(io::parseJson("[1, 2]", "t", few).items.size() == 2);  // the array and two numbers
  CHECK(errorOf("[1, 2, 3]", few) == "h.json: bad JSON at byte 7: more than 3 values");
  CHECK(errorOf(R"({"a": 1, "b": 2, "c": 3})", few) ==
        "h.json: bad JSON at byte 22: more than 3 values");
}

// [SECTION] Quoting

TEST_CASE("json: jsonQuote escapes what JSON needs and round-trips through the parser") {
  CHECK(io::jsonQuote("plain") == "\"plain\"");
  CHECK(io::jsonQuote("a\"b\\c") == R"("a\"b\\c")");
  CHECK(io::jsonQuote("\n\t\r\x01") == R"("\n\t\r\u0001")");
  CHECK(io::jsonQuote("h\xc3\xa9") == "\"h\xc3\xa9\"");
  std::string every;
  for (int c = 1; c < 128; ++c)
    every += static_cast<char>(c);
  every += "\xe6\x97\xa5\xf0\x9f\x98\x80";
  every += std::string(1, '\0');
  CHECK(io::parseJson(io::jsonQuote(every), "t").text == every);
}
