#include "io/attention_arrays.hpp"

#include <string>

#include "core/error.hpp"

namespace io {
namespace {

std::string shapeText(std::initializer_list<uint64_t> dims) {
  Array a;
  a.shape = dims;
  return a.shapeString();
}

const Array& expectShape(const Array& array, std::string_view name,
                         std::initializer_list<uint64_t> dims, std::string_view fileName) {
  if (array.isStrings()) {
    throw core::DataError(std::string(fileName) + ": " + std::string(name) +
                          ": holds strings, expected numbers of shape " + shapeText(dims));
  }
  if (array.shape != std::vector<uint64_t>(dims)) {
    throw core::DataError(std::string(fileName) + ": " + std::string(name) + ": expected shape " +
                          shapeText(dims) + ", got " + array.shapeString());
  }
  return array;
}

attn::Matrix toMatrix(const Array& a) {
  auto rows = static_cast<Eigen::Index>(a.shape[0]);
  auto cols = static_cast<Eigen::Index>(a.shape[1]);
  return Eigen::Map<const attn::Matrix>(a.values.data(), rows, cols);
}

attn::Vector toVector(const Array& a) {
  return Eigen::Map<const attn::Vector>(a.values.data(),
                                        static_cast<Eigen::Index>(a.values.size()));
}

std::vector<std::string> tokensOrEmpty(const NamedArrays& arrays, std::string_view name,
                                       size_t count, std::string_view fileName) {
  const Array* a = arrays.find(name);
  if (!a) return {};
  if (!a->isStrings() || a->strings.size() != count) {
    throw core::DataError(
        std::string(fileName) + ": " + std::string(name) + ": expected " + std::to_string(count) +
        " strings, got " +
        (a->isStrings() ? std::to_string(a->strings.size()) + " strings" : "numbers"));
  }
  return a->strings;
}

Array fromMatrix(const attn::Matrix& m) {
  return Array::floats({static_cast<uint64_t>(m.rows()), static_cast<uint64_t>(m.cols())},
                       std::vector<float>(m.data(), m.data() + m.size()));
}

Array fromVector(const attn::Vector& v) {
  return Array::floats({static_cast<uint64_t>(v.size())},
                       std::vector<float>(v.data(), v.data() + v.size()));
}

Array fromStack(const attn::HeadStack& s) {
  auto data = s.data();
  return Array::floats({static_cast<uint64_t>(s.heads()), static_cast<uint64_t>(s.rows()),
                        static_cast<uint64_t>(s.cols())},
                       std::vector<float>(data.begin(), data.end()));
}

}  // namespace

attn::Inputs inputsFromArrays(const NamedArrays& arrays, const attn::Params& params,
                              std::string_view fileName) {
  const Array* x = arrays.find("x");
  if (!x)
    throw core::DataError(std::string(fileName) +
                          ": no array named 'x' (the [N, d_model] input sequence)");
  if (x->isStrings() || x->shape.size() != 2 || x->shape[0] == 0 || x->shape[1] == 0) {
    throw core::DataError(std::string(fileName) +
                          ": x: expected shape [N, d_model] with N, d_model > 0, got " +
                          x->shapeString());
  }
  const uint64_t n = x->shape[0];
  const uint64_t d = x->shape[1];
  uint64_t m = n;

  // Start from generated weights of the right size, then override with whatever the file holds.
  attn::Params generated = params;
  generated.text.clear();
  generated.source_text.clear();
  generated.pattern = attn::Pattern::Random;
  generated.seq = static_cast<int>(n);
  generated.d_model = static_cast<int>(d);
  generated.source_seq = 0;
  if (const Array* xkv = arrays.find("x_kv")) {
    if (xkv->isStrings() || xkv->shape.size() != 2 || xkv->shape[1] != d || xkv->shape[0] == 0) {
      throw core::DataError(std::string(fileName) + ": x_kv: expected shape [M, " +
                            std::to_string(d) + "], got " + xkv->shapeString());
    }
    m = xkv->shape[0];
    generated.source_seq = static_cast<int>(m);
  }
  attn::Inputs in = attn::makeInputs(generated);
  in.x = toMatrix(*x);
  in.x_kv = arrays.contains("x_kv") ? toMatrix(*arrays.find("x_kv")) : attn::Matrix();
  // Generated names ("t0", …) stay unless the file names its tokens.
  if (auto tokens = tokensOrEmpty(arrays, "tokens", n, fileName); !tokens.empty())
    in.tokens = std::move(tokens);
  if (auto tokens = tokensOrEmpty(arrays, "source_tokens", m, fileName); !tokens.empty()) {
    in.source_tokens = std::move(tokens);
  }

  struct Weight {
    const char* name;
    attn::Matrix* w;
  };
  for (auto [name, w] : {Weight{"w_q", &in.proj.w_q}, Weight{"w_k", &in.proj.w_k},
                         Weight{"w_v", &in.proj.w_v}, Weight{"w_o", &in.proj.w_o}}) {
    if (const Array* a = arrays.find(name)) *w = toMatrix(expectShape(*a, name, {d, d}, fileName));
  }
  struct Bias {
    const char* name;
    attn::Vector* b;
  };
  for (auto [name, b] : {Bias{"b_q", &in.proj.b_q}, Bias{"b_k", &in.proj.b_k},
                         Bias{"b_v", &in.proj.b_v}, Bias{"b_o", &in.proj.b_o}}) {
    if (const Array* a = arrays.find(name)) *b = toVector(expectShape(*a, name, {d}, fileName));
  }
  if (const Array* mask = arrays.find("mask")) {
    expectShape(*mask, "mask", {n, m}, fileName);
    in.explicit_mask =
        toMatrix(*mask).unaryExpr([](float v) { return static_cast<uint8_t>(v != 0.0f); });
  }
  if (const Array* padding = arrays.find("key_padding_mask")) {
    expectShape(*padding, "key_padding_mask", {m}, fileName);
    in.key_padding.clear();
    for (float v : padding->values)
      in.key_padding.push_back(static_cast<uint8_t>(v != 0.0f));
  }
  return in;
}

NamedArrays resultToArrays(const attn::Result& r, const attn::Inputs& in) {
  NamedArrays out;
  out.add("q", fromStack(r.q));
  out.add("k", fromStack(r.k));
  out.add("v", fromStack(r.v));
  out.add("scores", fromStack(r.scores));
  out.add("weights", fromStack(r.weights));
  out.add("head_out", fromStack(r.head_out));
  out.add("concat", fromMatrix(r.concat));
  out.add("out", fromMatrix(r.out));
  out.add("mask",
          Array::bools({static_cast<uint64_t>(r.mask.rows()), static_cast<uint64_t>(r.mask.cols())},
                       std::vector<float>(r.mask.data(), r.mask.data() + r.mask.size())));
  out.add("x", fromMatrix(in.x));
  if (in.isCross()) out.add("x_kv", fromMatrix(in.x_kv));
  out.add("w_q", fromMatrix(in.proj.w_q));
  out.add("w_k", fromMatrix(in.proj.w_k));
  out.add("w_v", fromMatrix(in.proj.w_v));
  out.add("w_o", fromMatrix(in.proj.w_o));
  out.add("b_q", fromVector(in.proj.b_q));
  out.add("b_k", fromVector(in.proj.b_k));
  out.add("b_v", fromVector(in.proj.b_v));
  out.add("b_o", fromVector(in.proj.b_o));
  out.add("tokens", Array::texts(r.tokens));
  if (in.isCross()) out.add("source_tokens", Array::texts(r.source_tokens));
  return out;
}

}  // namespace io
