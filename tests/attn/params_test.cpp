// Params parsing (masks, patterns, tokens) and the size checks makeInputs runs first.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include "attn/params.hpp"
#include "core/error.hpp"

namespace {

// The message of the core::UsageError that f throws ("" when it throws none).
template <class F>
std::string usageMessage(F&& f) {
  try {
    f();
  } catch (const core::UsageError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("parseMask accepts none, causal and local:W and round-trips through maskName") {
  CHECK(attn::parseMask("none").kind == attn::MaskKind::None);
  CHECK(attn::parseMask("causal").kind == attn::MaskKind::Causal);
  const attn::MaskSpec local = attn::parseMask("local:3");
  CHECK(local.kind == attn::MaskKind::Local);
  CHECK(local.window == 3);
  CHECK(attn::parseMask("local:0").window == 0);
  for (const char* name : {"none", "causal", "local:0", "local:17"}) {
    CHECK(attn::maskName(attn::parseMask(name)) == name);
  }
}

TEST_CASE("parseMask rejects bad input with a message naming the choices") {
  for (const char* bad : {"", "Causal", "local", "local:", "local:-1", "local:2x", "local: 2",
                          "local:99999999999999999999", "tril"}) {
    CAPTURE(bad);
    const std::string message = usageMessage([&] { attn::parseMask(bad); });
    CHECK(!message.empty());
  }
  CHECK(contains(usageMessage([] { attn::parseMask("tril"); }), "causal"));
  CHECK(contains(usageMessage([] { attn::parseMask("local:-1"); }), "local:2"));
}

TEST_CASE("parsePattern round-trips every pattern and lists the choices on error") {
  for (attn::Pattern p : {attn::Pattern::Random, attn::Pattern::Local, attn::Pattern::Global,
                          attn::Pattern::Translation}) {
    CHECK(attn::parsePattern(attn::patternName(p)) == p);
  }
  const std::string message = usageMessage([] { attn::parsePattern("Local"); });
  CHECK(contains(message, "'Local'"));
  CHECK(contains(message, "translation"));
  CHECK(!usageMessage([] { attn::parsePattern(""); }).empty());
}

TEST_CASE("tokenize splits on ASCII whitespace only and keeps UTF-8 tokens whole") {
  using V = std::vector<std::string>;
  CHECK(attn::tokenize("the cat sat") == V{"the", "cat", "sat"});
  CHECK(attn::tokenize("  a\t\tb\nc\r\n d  ") == V{"a", "b", "c", "d"});
  CHECK(attn::tokenize("").empty());
  CHECK(attn::tokenize(" \t\n ").empty());
  CHECK(attn::tokenize("Hello, world .") == V{"Hello,", "world", "."});
  // Multi-byte characters (including U+00A0 NO-BREAK SPACE, not ASCII whitespace) survive intact.
  CHECK(attn::tokenize("naïve café 猫が 🐈‍⬛ a\u00a0b") ==
        V{"naïve", "café", "猫が", "🐈‍⬛", "a\u00a0b"});
}

TEST_CASE("size checks reject impossible sizes with actionable messages") {
  attn::Params p;
  CHECK_NOTHROW(attn::checkParams(p));

  p = {};
  p.seq = 0;
  CHECK(contains(usageMessage([&] { attn::makeInputs(p); }), "--seq"));
  p.seq = -3;
  CHECK(contains(usageMessage([&] { attn::makeInputs(p); }), "got -3"));

  p = {};
  p.seq = 0;  // ignored when text is given
  p.text = "a b c";
  CHECK_NOTHROW(attn::checkParams(p));
  p.text = "   \n";
  CHECK(contains(usageMessage([&] { attn::makeInputs(p); }), "--text"));

  p = {};
  p.source_text.assign(3, '\t');  // (a literal here trips GCC 12's -Wrestrict false positive)
  CHECK(contains(usageMessage([&] { attn::makeInputs(p); }), "--source-text"));

  p = {};
  p.d_model = 0;
  CHECK(contains(usageMessage([&] { attn::makeInputs(p); }), "--d-model"));
  p = {};
  p.heads = 0;
  CHECK(contains(usageMessage([&] { attn::makeInputs(p); }), "--heads"));
  p = {};
  p.heads = -2;
  CHECK(contains(usageMessage([&] { attn::makeInputs(p); }), "--heads"));
  p = {};
  p.source_seq = -1;
  CHECK(contains(usageMessage([&] { attn::makeInputs(p); }), "--source-seq"));

  p = {};
  p.d_model = 30;
  p.heads = 4;
  const std::string divisible = usageMessage([&] { attn::makeInputs(p); });
  CHECK(contains(divisible, "not divisible"));
  CHECK(contains(divisible, "--d-model 28"));

  p = {};
  p.mask = {attn::MaskKind::Local, -1};
  CHECK(contains(usageMessage([&] { attn::makeInputs(p); }), "window"));

  for (float t : {0.0f, -1.0f, std::numeric_limits<float>::infinity(),
                  std::numeric_limits<float>::quiet_NaN()}) {
    p = {};
    p.temperature = t;
    CAPTURE(t);
    CHECK(contains(usageMessage([&] { attn::makeInputs(p); }), "--temperature"));
  }
}

TEST_CASE("the memory budget message says how much the size would need") {
  attn::Params p;
  p.seq = 200000;
  p.heads = 8;
  const std::string message = usageMessage([&] { attn::makeInputs(p); });
  CHECK(contains(message, "--seq 200000"));
  CHECK(contains(message, "8 heads"));
  CHECK(contains(message, "2.4 TiB"));
  CHECK(contains(message, "limit 8.0 GiB"));
  CHECK(contains(message, "lower --seq"));

  // Huge sizes do not overflow: the estimate stays finite, positive and above the budget.
  const int big = std::numeric_limits<int>::max();
  for (double bytes : {attn::forwardBytes(big, big, big, 1), attn::forwardBytes(big, 0, 64, 1),
                       attn::forwardBytes(8, 0, big, 1)}) {
    CHECK(std::isfinite(bytes));
    CHECK(bytes > attn::kMemoryBudget);
  }
  p = {};
  p.d_model = 1 << 20;  // the [D, D] weights alone are 16 TiB
  p.heads = 1;
  const std::string wide = usageMessage([&] { attn::makeInputs(p); });
  CHECK(contains(wide, "TiB"));
  CHECK(contains(wide, "lower --d-model"));
  p = {};
  p.source_seq = 2000000;
  p.seq = 10000;
  const std::string cross = usageMessage([&] { attn::makeInputs(p); });
  CHECK(contains(cross, "2000000 source tokens"));
  CHECK(contains(cross, "--source-seq or --heads"));
}

TEST_CASE("forwardBytes counts every intermediate of the Result") {
  // N = 10, M = 6, D = 8, H = 2, d_k = 4 (floats unless noted):
  const double inputs = 4.0 * (4 * 64 + 4 * 8 + 10 * 8 + 6 * 8);  // weights, biases, x, x_kv
  const double qkv = 4.0 * (10 * 8 + 2 * 6 * 8);
  const double scoresWeights = 4.0 * 2 * 2 * 10 * 6;
  const double outs = 4.0 * 3 * 10 * 8;  // head_out, concat, out
  const double mask = 10.0 * 6;          // uint8
  const double pca = 4.0 * 2 * (3 * 10 + 6 * 6 + 6 * 4);
  CHECK(attn::forwardBytes(10, 6, 8, 2) ==
        doctest::Approx(inputs + qkv + scoresWeights + outs + mask + pca));
  // m = 0 is self-attention: M = N and no x_kv.
  CHECK(attn::forwardBytes(10, 0, 8, 2) < attn::forwardBytes(10, 10, 8, 2));
  CHECK(attn::forwardBytes(8, 0, 64, 4) < 1e6);
  CHECK(attn::forwardBytes(20000, 0, 64, 8) > attn::forwardBytes(10000, 0, 64, 8) * 3.5);
}
