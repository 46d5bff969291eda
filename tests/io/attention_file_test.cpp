// Attention files of real-model layouts: files written by NumPy by hand
// (tests/data/models/make_model_files.py, each beside NAME.expected.npz with what attnviz must make
// of it), the files `attnviz compute` writes, and hostile contents (one clear message naming the
// file and the problem, or a warning where the data is usable).
// [SECTION] Files written by Python
// [SECTION] Files attnviz compute writes
// [SECTION] Names, layouts and batches
// [SECTION] Values: NaN, negative weights, row sums
// [SECTION] Tokens and meta_json
// [SECTION] q, k, v
// [SECTION] Memory budget
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "attn/params.hpp"
#include "core/error.hpp"
#include "io/attention_arrays.hpp"
#include "io/attention_file.hpp"
#include "io/npy.hpp"
#include "io_test_util.hpp"

namespace {

std::filesystem::path model(std::string_view name) {
  return std::filesystem::path(ATTNVIZ_TEST_DATA) / "models" / name;
}

const std::vector<float>& expected(const io::NamedArrays& arrays, std::string_view name) {
  const io::Array* a = arrays.find(name);
  REQUIRE_MESSAGE(a != nullptr, "the expected file lacks " << name);
  return a->values;
}

std::string errorOf(const io::NamedArrays& arrays, const io::AttentionOptions& options = {}) {
  try {
    io::attentionFromArrays(arrays, "f.npz", options);
  } catch (const core::DataError& error) {
    return error.what();
  }
  return "(no error)";
}

// Row-wise softmax of seeded numbers: valid weights [L, H, N, M] (rows sum to 1).
std::vector<float> softmaxWeights(uint64_t layers, uint64_t heads, uint64_t n, uint64_t m) {
  std::vector<float> w(layers * heads * n * m);
  for (size_t r = 0; r < w.size() / m; ++r) {
    float sum = 0.0f;
    for (size_t j = 0; j < m; ++j) {
      w[r * m + j] = std::exp(std::sin(static_cast<float>(r * m + j)));
      sum += w[r * m + j];
    }
    for (size_t j = 0; j < m; ++j)
      w[r * m + j] /= sum;
  }
  return w;
}

io::Array weightsArray(std::vector<uint64_t> shape) {
  uint64_t m = shape.back(), n = shape[shape.size() - 2];
  uint64_t rest = 1;
  for (size_t i = 0; i + 2 < shape.size(); ++i)
    rest *= shape[i];
  return io::Array::floats(shape, softmaxWeights(1, rest, n, m));
}

io::Array numbers(std::vector<uint64_t> shape, float value = 0.5f) {
  uint64_t count = 1;
  for (uint64_t d : shape)
    count *= d;
  return io::Array::floats(shape, std::vector<float>(count, value));
}

// UTF-8 text as a uint8 array, as NumPy's np.frombuffer(text.encode(), np.uint8) stores it.
io::Array utf8Bytes(std::string_view text) {
  io::Array a = io::Array::floats({text.size()}, {});
  for (char c : text)
    a.values.push_back(static_cast<float>(static_cast<unsigned char>(c)));
  a.stored = io::DType::U8;
  return a;
}

}  // namespace

// [SECTION] Files written by Python

TEST_CASE("attention files: stacked [L, H, N, M] with q/k/v, unicode tokens, meta_json bytes") {
  auto file = io::loadAttentionFile(model("stacked.npz"));
  auto want = io::loadArrays(model("stacked.expected.npz"));
  const attn::ModelAttention& a = file.attention;
  CHECK(a.layers == 2);
  CHECK(a.heads == 3);
  CHECK(a.n == 4);
  CHECK(a.m == 4);
  CHECK(a.d_k == 5);
  CHECK(a.weights == expected(want, "weights"));
  CHECK(a.q == expected(want, "q"));
  CHECK(a.k == expected(want, "k"));
  CHECK(a.v == expected(want, "v"));
  CHECK(a.tokens == std::vector<std::string>{"the", "cat", "sat", "d\xc3\xa9j\xc3\xa0"});
  CHECK(a.source_tokens.empty());
  CHECK(a.meta_json == R"({"model": "fixture", "layout": "LHNM"})");
  CHECK(a.source_file == model("stacked.npz").string());
  CHECK(file.description == "attentions [L, H, N, M] = [2, 3, 4, 4]");
  CHECK(file.warnings.empty());  // causal rows sum to 1; the zeros above the diagonal are fine
  CHECK(file.bytes == (2 * 3 * 4 * 4 + 3 * 2 * 3 * 4 * 5) * 4);
  // weightsOf is the [N, M] block of one head.
  CHECK(a.weightsOf(1, 2)(3, 1) == a.weights[((1 * 3 + 2) * 4 + 3) * 4 + 1]);
}

TEST_CASE("attention files: HuggingFace per-layer attentions.i [B, H, N, M], choosing the batch") {
  auto want = io::loadArrays(model("per_layer.expected.npz"));
  auto first = io::loadAttentionFile(model("per_layer.npz"));
  CHECK(first.attention.layers == 3);
  CHECK(first.attention.heads == 2);
  CHECK(first.attention.n == 3);
  CHECK(first.attention.d_k == 4);
  CHECK(first.attention.weights == expected(want, "weights"));
  CHECK(first.attention.q == expected(want, "q"));
  CHECK(first.attention.k == expected(want, "k"));
  CHECK(first.attention.v == expected(want, "v"));
  CHECK(first.attention.tokens == std::vector<std::string>{"a", "b", "c"});  // UTF-8 JSON bytes
  CHECK(first.description ==
        "attentions.0 … attentions.2, each [B, H, N, M] = [2, 2, 3, 3], batch item 0 of 2");
  CHECK(first.warnings.empty());

  io::AttentionOptions second;
  second.batch = 1;
  CHECK(io::loadAttentionFile(model("per_layer.npz"), second).attention.weights ==
        expected(want, "weights_b1"));
  second.batch = 2;
  try {
    io::loadAttentionFile(model("per_layer.npz"), second);
    FAIL("expected a DataError");
  } catch (const core::DataError& error) {
    CHECK(std::string(error.what()) == model("per_layer.npz").string() +
                                           ": batch item 2 is out of range: attentions.0 holds 2 "
                                           "(layout [B, H, N, M])");
  }
}

TEST_CASE("attention files: safetensors [B, H, N, M] float16, layout and tokens in the metadata") {
  auto want = io::loadArrays(model("batched_f16.expected.npz"));
  auto file = io::loadAttentionFile(model("batched_f16.safetensors"));
  CHECK(file.attention.layers == 1);
  CHECK(file.attention.heads == 2);
  CHECK(file.attention.weights == expected(want, "weights"));
  CHECK(file.attention.tokens == std::vector<std::string>{"x", "y", "z"});
  CHECK(file.attention.meta_json == R"({"source": "nn.MultiheadAttention"})");
  CHECK_FALSE(file.attention.hasQK());
  CHECK(file.description == "attn_weights [B, H, N, M] = [2, 2, 3, 3], batch item 0 of 2");
  CHECK(file.warnings.empty());  // float16 rounding stays within the half-precision tolerance
  io::AttentionOptions second;
  second.batch = 1;
  CHECK(io::loadAttentionFile(model("batched_f16.safetensors"), second).attention.weights ==
        expected(want, "weights_b1"));
  // The caller may override the file's layout: then the batch reads as layers.
  io::AttentionOptions layers;
  layers.layout = "LHNM";
  auto asLayers = io::loadAttentionFile(model("batched_f16.safetensors"), layers);
  CHECK(asLayers.attention.layers == 2);
  CHECK(asLayers.attention.heads == 2);
}

TEST_CASE("attention files: safetensors [L, B, H, N, M] bfloat16 with q and k but no v") {
  auto want = io::loadArrays(model("layers_bf16.expected.npz"));
  auto file = io::loadAttentionFile(model("layers_bf16.safetensors"));
  CHECK(file.attention.layers == 2);
  CHECK(file.attention.heads == 2);
  CHECK(file.attention.weights == expected(want, "weights"));
  CHECK(file.attention.q == expected(want, "q"));
  CHECK(file.attention.k == expected(want, "k"));
  CHECK(file.attention.hasQK());
  CHECK_FALSE(file.attention.hasV());
  CHECK(file.attention.tokens == std::vector<std::string>{"p", "q", "r"});
  CHECK(file.warnings.empty());
}

TEST_CASE("attention files: a bare .npy of cross-attention [H, N, M]") {
  auto want = io::loadArrays(model("cross_head.expected.npz"));
  auto file = io::loadAttentionFile(model("cross_head.npy"));
  CHECK(file.attention.layers == 1);
  CHECK(file.attention.heads == 2);
  CHECK(file.attention.n == 2);
  CHECK(file.attention.m == 5);
  CHECK(file.attention.weights == expected(want, "weights"));
  CHECK(file.description == "cross_head [H, N, M] = [2, 2, 5]");
  CHECK(io::holdsAttention(io::loadArrays(model("cross_head.npy"))));
}

// [SECTION] Files attnviz compute writes

TEST_CASE("attention files: attnviz compute output, self- and cross-attention") {
  for (int source_seq : {0, 6}) {
    CAPTURE(source_seq);
    attn::Params p;
    p.seq = 5;
    p.source_seq = source_seq;
    p.d_model = 12;
    p.heads = 3;
    if (source_seq == 0) p.mask.kind = attn::MaskKind::Causal;
    const attn::Inputs in = attn::makeInputs(p);
    const attn::Result r = attn::forward(in);
    auto file = io::attentionFromArrays(io::resultToArrays(r, in), "result.npz");
    const attn::ModelAttention& a = file.attention;
    CHECK(a.layers == 1);
    CHECK(a.heads == 3);
    CHECK(a.n == 5);
    CHECK(a.m == r.m);
    CHECK(a.d_k == 4);
    CHECK(std::equal(a.weights.begin(), a.weights.end(), r.weights.data().begin()));
    CHECK(std::equal(a.q.begin(), a.q.end(), r.q.data().begin()));
    CHECK(std::equal(a.k.begin(), a.k.end(), r.k.data().begin()));
    CHECK(std::equal(a.v.begin(), a.v.end(), r.v.data().begin()));
    CHECK(a.tokens == r.tokens);
    if (source_seq) CHECK(a.source_tokens == r.source_tokens);
    CHECK(file.description ==
          (source_seq ? "weights [H, N, M] = [3, 5, 6]" : "weights [H, N, M] = [3, 5, 5]"));
    CHECK(file.warnings.empty());
  }
}

TEST_CASE("attention files: modelToArrays writes the canonical layout, which reads back the same") {
  for (const char* name : {"stacked.npz", "per_layer.npz", "cross_head.npy"}) {
    CAPTURE(name);
    const attn::ModelAttention a = io::loadAttentionFile(model(name)).attention;
    iotest::TempDir dir;
    io::saveNpz(dir.path() / "canonical.npz", io::modelToArrays(a));
    auto back = io::loadAttentionFile(dir.path() / "canonical.npz");
    const attn::ModelAttention& b = back.attention;
    CHECK(b.layers == a.layers);
    CHECK(b.heads == a.heads);
    CHECK(b.n == a.n);
    CHECK(b.m == a.m);
    CHECK(b.d_k == a.d_k);
    CHECK(b.weights == a.weights);
    CHECK(b.q == a.q);
    CHECK(b.k == a.k);
    CHECK(b.v == a.v);
    CHECK(b.tokens == a.tokens);
    CHECK(b.meta_json == a.meta_json);
    CHECK(back.description.starts_with("weights [L, H, N, M]"));
  }
}

// [SECTION] Names, layouts and batches

TEST_CASE("attention files: no weights names what the file holds") {
  io::NamedArrays arrays;
  arrays.add("x", numbers({2, 3}));
  arrays.add("w_q", numbers({3, 3}));
  arrays.add("tokens", io::Array::texts({"a", "b"}));
  CHECK_FALSE(io::holdsAttention(arrays));
  CHECK(errorOf(arrays) ==
        "f.npz: no attention weights: expected an array named attentions, attention, "
        "attn_weights, attn or weights (or attentions.0, attentions.1, … one per layer); the file "
        "holds 'x', 'w_q', 'tokens'");
  CHECK(errorOf(io::NamedArrays{}) ==
        "f.npz: no attention weights: expected an array named attentions, attention, "
        "attn_weights, attn or weights (or attentions.0, attentions.1, … one per layer); the file "
        "holds no arrays");
}

TEST_CASE("attention files: the first recognised name wins and the others are reported") {
  io::NamedArrays arrays;
  arrays.add("weights", weightsArray({2, 3, 3}));
  arrays.add("attn", weightsArray({4, 3, 3}));
  CHECK(io::holdsAttention(arrays));
  auto file = io::attentionFromArrays(arrays, "f.npz");
  CHECK(file.attention.heads == 4);
  REQUIRE(file.warnings.size() == 1);
  CHECK(file.warnings[0] ==
        "'weights' [2, 3, 3] is ignored: 'attn' comes first among "
        "attentions, attention, attn_weights, attn, weights");
}

TEST_CASE("attention files: axes by rank, and 4-D means layers unless the file says batch") {
  io::NamedArrays two;
  two.add("attention", weightsArray({3, 4}));
  auto a2 = io::attentionFromArrays(two, "f");
  CHECK(a2.attention.layers == 1);
  CHECK(a2.attention.heads == 1);
  CHECK(a2.attention.n == 3);
  CHECK(a2.attention.m == 4);

  io::NamedArrays four;
  four.add("attentions", weightsArray({2, 3, 4, 4}));
  auto a4 = io::attentionFromArrays(four, "f");
  CHECK(a4.attention.layers == 2);
  CHECK(a4.attention.heads == 3);
  CHECK(a4.description ==
        "attentions [L, H, N, M] = [2, 3, 4, 4] (4-D read as layers; say \"BHNM\" if not)");

  // meta_json says batch: item 1 of 2, one layer.
  four.add("meta_json", utf8Bytes(R"({"layout": "BHNM"})"));
  io::AttentionOptions second;
  second.batch = 1;
  auto b = io::attentionFromArrays(four, "f", second);
  CHECK(b.attention.layers == 1);
  CHECK(b.attention.heads == 3);
  CHECK(std::equal(b.attention.weights.begin(), b.attention.weights.end(),
                   four.find("attentions")->values.begin() + 3 * 4 * 4));

  // Head-averaged weights per layer (average_attn_weights=True), said explicitly.
  io::NamedArrays averaged;
  averaged.add("attentions", weightsArray({3, 4, 4}));
  io::AttentionOptions lnm;
  lnm.layout = "LNM";
  auto avg = io::attentionFromArrays(averaged, "f", lnm);
  CHECK(avg.attention.layers == 3);
  CHECK(avg.attention.heads == 1);
}

TEST_CASE("attention files: shapes and layouts that do not fit are refused") {
  io::NamedArrays one;
  one.add("attn", numbers({5}));
  CHECK(errorOf(one) ==
        "f.npz: attn: expected [N, M], [H, N, M], [L, H, N, M] (or [B, H, N, M] "
        "with layout \"BHNM\") or [L, B, H, N, M], got [5]");
  io::NamedArrays six;
  six.add("attn", numbers({1, 1, 1, 1, 2, 2}));
  CHECK(errorOf(six).starts_with("f.npz: attn: expected [N, M]"));
  io::NamedArrays empty;
  empty.add("attn", numbers({2, 0, 3}));
  CHECK(errorOf(empty) == "f.npz: attn: empty attention, shape [2, 0, 3]");

  io::NamedArrays arrays;
  arrays.add("attn", weightsArray({2, 3, 3}));
  io::AttentionOptions bad;
  bad.layout = "HBNM";
  CHECK(errorOf(arrays, bad) ==
        "f.npz: layout \"HBNM\" is not one of the axes L B H N M in that order ending in N M");
  bad.layout = "LHNM";
  CHECK(errorOf(arrays, bad) ==
        "f.npz: attn: layout \"LHNM\" [L, H, N, M] has 4 axes, the array has shape [2, 3, 3]");
  bad.layout = "NMH";
  CHECK(errorOf(arrays, bad).find("is not one of the axes") != std::string::npos);
  io::AttentionOptions negative;
  negative.batch = -1;
  CHECK(errorOf(arrays, negative) ==
        "f.npz: batch item -1 is out of range: attn holds 1 (layout [H, N, M])");
  io::AttentionOptions noBatch;
  noBatch.batch = 1;
  CHECK(errorOf(arrays, noBatch) ==
        "f.npz: batch item 1 is out of range: attn holds 1 (layout [H, N, M])");
  arrays.add("meta_json", utf8Bytes(R"({"layout": 4})"));
  CHECK(errorOf(arrays) == "f.npz: meta_json: \"layout\" must be a string such as \"BHNM\"");
}

TEST_CASE("attention files: per-layer arrays must be complete, alike and alone") {
  io::NamedArrays gap;
  gap.add("attentions.0", weightsArray({2, 3, 3}));
  gap.add("attentions.2", weightsArray({2, 3, 3}));
  CHECK(io::holdsAttention(gap));
  CHECK(errorOf(gap) ==
        "f.npz: per-layer arrays must be named attentions.0 … attentions.1, but "
        "attentions.1 is missing");
  io::NamedArrays unlike;
  unlike.add("attentions.0", weightsArray({2, 3, 3}));
  unlike.add("attentions.1", weightsArray({2, 4, 4}));
  CHECK(errorOf(unlike) ==
        "f.npz: attentions.1 has shape [2, 4, 4] but attentions.0 has [2, 3, "
        "3] (every layer must have the same shape)");
  io::NamedArrays both;
  both.add("attentions", weightsArray({2, 3, 3}));
  both.add("attentions.0", weightsArray({2, 3, 3}));
  CHECK(errorOf(both) ==
        "f.npz: holds both 'attentions' and per-layer arrays 'attentions.0' …; keep one of them");
  // Names that only look like layers are not layers.
  io::NamedArrays lookalike;
  lookalike.add("attentions.01", weightsArray({3, 3}));
  lookalike.add("attentions.x", weightsArray({3, 3}));
  CHECK(errorOf(lookalike).starts_with("f.npz: no attention weights"));
  io::NamedArrays five;
  five.add("attentions.0", weightsArray({1, 1, 2, 3, 3}));
  CHECK(errorOf(five) ==
        "f.npz: attentions.0: expected [N, M], [H, N, M] or [B, H, N, M] per layer, got [1, 1, 2, "
        "3, 3]");
}

// [SECTION] Values: NaN, negative weights, row sums

TEST_CASE("attention files: NaN and Inf weights are errors naming the cell") {
  io::Array w = weightsArray({2, 2, 3});
  io::NamedArrays arrays;
  w.values[1 * 6 + 0 * 3 + 2] = std::nanf("");
  arrays.add("attn", w);
  CHECK(errorOf(arrays) ==
        "f.npz: attn: non-finite value nan at [layer 0, head 1, query 0, key 2]");
  w.values[1 * 6 + 0 * 3 + 2] = -INFINITY;
  arrays.add("attn", w);
  CHECK(errorOf(arrays) ==
        "f.npz: attn: non-finite value -inf at [layer 0, head 1, query 0, key 2]");
}

TEST_CASE("attention files: negative weights and rows off 1 are warnings, masked rows are fine") {
  std::vector<float> w = {
      0.5f, 0.5f, 0.0f,   // fine
      0.0f, 0.0f, 0.0f,   // fully masked: fine
      0.9f, 0.3f, -0.2f,  // sums to 1 but has a negative weight
      0.2f, 0.2f, 0.1f,   // sums to 0.5
      0.6f, 0.6f, 0.0f,   // sums to 1.2
      1.0f, 0.0f, 0.0f,   // fine
  };
  io::NamedArrays arrays;
  arrays.add("attn", io::Array::floats({2, 3, 3}, w));
  auto file = io::attentionFromArrays(arrays, "f.npz");
  REQUIRE(file.warnings.size() == 2);
  CHECK(file.warnings[0] ==
        "attn: 1 negative weight(s), the lowest -0.2 at [layer 0, head 0, query 2, key 2]");
  CHECK(file.warnings[1] ==
        "attn: 2 of 6 rows do not sum to 1 within 0.001 (the worst, [layer 0, head 1, query 0], "
        "sums to 0.5); they are shown as stored");
  CHECK(file.attention.weights == w);  // shown as stored, not renormalised
}

TEST_CASE("attention files: row sums off by float32 rounding pass, off by more do not") {
  io::NamedArrays arrays;
  arrays.add("attn", io::Array::floats({1, 2}, {0.5f, 0.5004f}));
  CHECK(io::attentionFromArrays(arrays, "f").warnings.empty());
  arrays.add("attn", io::Array::floats({1, 2}, {0.5f, 0.502f}));
  CHECK(io::attentionFromArrays(arrays, "f").warnings.size() == 1);
}

// [SECTION] Tokens and meta_json

TEST_CASE("attention files: tokens must match N and M and be text") {
  io::NamedArrays arrays;
  arrays.add("attn", weightsArray({2, 4, 4}));
  arrays.add("tokens", io::Array::texts({"a", "b", "c"}));
  CHECK(errorOf(arrays) == "f.npz: tokens: 3 tokens for N = 4 queries");
  arrays.add("tokens", utf8Bytes(R"(["a", "b", "c", "d"])"));
  CHECK(io::attentionFromArrays(arrays, "f.npz").attention.tokens.size() == 4);
  arrays.add("source_tokens", io::Array::texts({"x"}));
  CHECK(errorOf(arrays) == "f.npz: source_tokens: 1 tokens for M = 4 keys");
  arrays.add("source_tokens", utf8Bytes(R"(["a", 2, "c", "d"])"));
  CHECK(errorOf(arrays) == "f.npz: source_tokens: item 1 is a number, expected strings");
  arrays.add("source_tokens", utf8Bytes(R"({"a": 1})"));
  CHECK(errorOf(arrays) == "f.npz: source_tokens: expected a JSON list of strings, got an object");
  arrays.add("source_tokens", utf8Bytes("[\"a\", \"b\xff\"]"));
  CHECK(errorOf(arrays) == "f.npz: source_tokens: bad JSON at byte 8: invalid UTF-8 in a string");
  arrays.add("source_tokens", numbers({4}));
  CHECK(errorOf(arrays) ==
        "f.npz: source_tokens: expected a unicode array or UTF-8 JSON bytes "
        "(uint8), got float32 [4]");
}

TEST_CASE("attention files: cross-attention without key tokens is a warning") {
  io::NamedArrays arrays;
  arrays.add("attn", weightsArray({2, 3}));
  arrays.add("tokens", io::Array::texts({"a", "b"}));
  auto file = io::attentionFromArrays(arrays, "f");
  REQUIRE(file.warnings.size() == 1);
  CHECK(file.warnings[0] ==
        "tokens label the 2 queries; the keys have no source_tokens and are "
        "numbered");
}

TEST_CASE("attention files: meta_json must be JSON, as bytes or one string") {
  io::NamedArrays arrays;
  arrays.add("attn", weightsArray({3, 3}));
  arrays.add("meta_json", io::Array::texts({R"({"model": "gpt2"})"}));
  CHECK(io::attentionFromArrays(arrays, "f").attention.meta_json == R"({"model": "gpt2"})");
  arrays.add("meta_json", utf8Bytes("{\"a\": }"));
  CHECK(errorOf(arrays) == "f.npz: meta_json: bad JSON at byte 6: expected a value, got '}'");
  arrays.add("meta_json", numbers({2, 2}));
  CHECK(errorOf(arrays) ==
        "f.npz: meta_json: expected UTF-8 JSON bytes (uint8) or one unicode "
        "string, got float32 [2, 2]");
}

// [SECTION] q, k, v

TEST_CASE("attention files: q/k/v must follow the weights' shape") {
  io::NamedArrays arrays;
  arrays.add("attentions", weightsArray({2, 4, 3, 3}));
  arrays.add("q", numbers({2, 4, 3, 8}));
  CHECK(errorOf(arrays) == "f.npz: has q but no k: q and k go together (scores need both)");
  arrays.add("k", numbers({2, 4, 3, 8}));
  auto qk = io::attentionFromArrays(arrays, "f.npz");
  CHECK(qk.attention.d_k == 8);
  CHECK_FALSE(qk.attention.hasV());

  arrays.add("v", numbers({2, 4, 3, 6}));
  CHECK(errorOf(arrays) == "f.npz: v: d_k = 6 differs from q's 8");
  arrays.add("v", numbers({2, 4, 3, 8}, NAN));
  CHECK(errorOf(arrays) == "f.npz: v: non-finite value nan at [layer 0, head 0, token 0, dim 0]");
  arrays.add("v", numbers({2, 4, 3, 8}));
  CHECK(io::attentionFromArrays(arrays, "f.npz").attention.hasV());

  arrays.add("q", numbers({2, 4, 5, 8}));
  CHECK(errorOf(arrays) ==
        "f.npz: q: expected shape [L, H, N, d_k] = [2, 4, 3, d_k] to match the "
        "weights, got [2, 4, 5, 8]");
  arrays.add("q", numbers({4, 3, 8}));
  CHECK(errorOf(arrays) ==
        "f.npz: q: expected shape [L, H, N, d_k] = [2, 4, 3, d_k] to match the "
        "weights, got [4, 3, 8]");
  arrays.add("q", numbers({2, 4, 3, 8}));
  // Grouped-query attention: k and v with fewer heads.
  arrays.add("k", numbers({2, 2, 3, 8}));
  CHECK(errorOf(arrays) ==
        "f.npz: k: has 2 heads but the weights have 4 (grouped-query attention): repeat each k/v "
        "head for its group of 2 query heads before saving (tools/export_attention.py does)");
  arrays.add("k", numbers({2, 4, 3, 8}));
  arrays.add("v", io::Array::texts({"x"}));
  CHECK(errorOf(arrays) == "f.npz: v: holds strings, expected numbers of shape [L, H, M, d_k]");

  io::NamedArrays onlyV;
  onlyV.add("attn", weightsArray({3, 3}));
  onlyV.add("v", numbers({3, 4}));
  CHECK(errorOf(onlyV) == "f.npz: has v but no q and k: v is only drawn with them");
}

TEST_CASE("attention files: per-layer q/k/v beside per-layer weights, all or none") {
  io::NamedArrays arrays;
  for (int l = 0; l < 2; ++l) {
    std::string i = std::to_string(l);
    arrays.add("attentions." + i, weightsArray({2, 3, 3}));
    arrays.add("q." + i, numbers({2, 3, 4}, static_cast<float>(l)));
    arrays.add("k." + i, numbers({2, 3, 4}));
  }
  auto file = io::attentionFromArrays(arrays, "f");
  CHECK(file.attention.d_k == 4);
  CHECK(file.attention.q[0] == 0.0f);
  CHECK(file.attention.q[2 * 3 * 4] == 1.0f);  // layer 1 follows layer 0
  io::NamedArrays partial = arrays;
  partial.add("v.0", numbers({2, 3, 4}));
  CHECK(errorOf(partial) == "f.npz: has some but not all of the per-layer v arrays (v.0 … v.1)");
}

// [SECTION] Memory budget

TEST_CASE("attention files: arrays above the memory budget are refused with their size") {
  io::NamedArrays arrays;
  arrays.add("attentions", weightsArray({2, 4, 16, 16}));
  io::AttentionOptions small;
  small.memory_budget = 4096;
  CHECK(errorOf(arrays, small) ==
        "f.npz: the attention arrays need 8.0 KiB (L=2 H=4 N=16 M=16), "
        "above the 4.0 KiB memory budget");
  small.memory_budget = 8192;
  CHECK(io::attentionFromArrays(arrays, "f", small).bytes == 8192);

  iotest::TempDir dir;
  io::saveNpz(dir.path() / "big.npz", arrays, false);
  small.memory_budget = 1000;
  try {
    io::loadAttentionFile(dir.path() / "big.npz", small);
    FAIL("expected a DataError");
  } catch (const core::DataError& error) {
    std::string message = error.what();
    CHECK(message.starts_with((dir.path() / "big.npz").string() + ": the file is 8."));
    CHECK(message.ends_with(" KiB, above the 1000 B memory budget for attention files"));
  }
}
