// forward() against torch.nn.MultiheadAttention outputs committed in tests/data/fixtures, made by
// tools/make_attention_fixtures.py (see there for the arrays each .npz holds).
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "attn/attention.hpp"
#include "compare.hpp"
#include "core/error.hpp"
#include "io/npy.hpp"

namespace {

const std::filesystem::path kFixtures = std::filesystem::path(ATTNVIZ_TEST_DATA) / "fixtures";

const io::Array& get(const io::NamedArrays& arrays, const std::string& name) {
  const io::Array* a = arrays.find(name);
  if (a == nullptr) throw core::DataError("fixture lacks '" + name + "'");
  return *a;
}

attn::Matrix matrixOf(const io::Array& a) {
  REQUIRE(a.shape.size() == 2);
  attn::Matrix m(static_cast<Eigen::Index>(a.shape[0]), static_cast<Eigen::Index>(a.shape[1]));
  std::copy(a.values.begin(), a.values.end(), m.data());
  return m;
}

attn::Vector vectorOf(const io::Array& a) {
  REQUIRE(a.shape.size() == 1);
  return Eigen::Map<const attn::Vector>(a.values.data(), static_cast<Eigen::Index>(a.shape[0]));
}

attn::Inputs inputsOf(const io::NamedArrays& arrays) {
  attn::Inputs in;
  in.x = matrixOf(get(arrays, "x"));
  if (arrays.contains("x_kv")) in.x_kv = matrixOf(get(arrays, "x_kv"));
  in.proj.w_q = matrixOf(get(arrays, "w_q"));
  in.proj.w_k = matrixOf(get(arrays, "w_k"));
  in.proj.w_v = matrixOf(get(arrays, "w_v"));
  in.proj.w_o = matrixOf(get(arrays, "w_o"));
  in.proj.b_q = vectorOf(get(arrays, "b_q"));
  in.proj.b_k = vectorOf(get(arrays, "b_k"));
  in.proj.b_v = vectorOf(get(arrays, "b_v"));
  in.proj.b_o = vectorOf(get(arrays, "b_o"));
  in.heads = static_cast<int>(get(arrays, "weights").shape.at(0));
  if (arrays.contains("mask")) in.explicit_mask = matrixOf(get(arrays, "mask")).cast<uint8_t>();
  if (arrays.contains("key_padding_mask"))
    for (float f : get(arrays, "key_padding_mask").values)
      in.key_padding.push_back(f != 0);
  return in;
}

}  // namespace

TEST_CASE("forward and reference match torch.nn.MultiheadAttention fixtures") {
  const char* cases[] = {"self_d16_h2_n5",     "causal_d16_h2_n5",
                         "padding_d24_h3_n7",  "causal_padding_d24_h3_n7",
                         "cross_d24_h3_n7_m4", "cross_padding_d16_h2_n5_m9"};
  for (const char* name : cases) {
    INFO(name);
    const io::NamedArrays arrays = io::loadNpz(kFixtures / (std::string(name) + ".npz"));
    const attn::Inputs in = inputsOf(arrays);
    const io::Array& weights = get(arrays, "weights");  // [H, N, M]
    const io::Array& out = get(arrays, "out");          // [N, D]
    const std::vector<int> wShape(weights.shape.begin(), weights.shape.end());
    const std::vector<int> oShape(out.shape.begin(), out.shape.end());
    constexpr attn_test::Tolerance tol{1e-5f, 1e-4f};

    for (const attn::Result& r : {attn::forward(in), attn::reference(in)}) {
      REQUIRE(r.weights.heads() == wShape.at(0));
      REQUIRE(r.weights.rows() == wShape.at(1));
      REQUIRE(r.weights.cols() == wShape.at(2));
      std::string msg =
          attn_test::compareArrays("weights", r.weights.data(), weights.values, wShape, tol);
      CHECK_MESSAGE(msg.empty(), msg);
      msg = attn_test::compareArrays(
          "out", std::span<const float>(r.out.data(), static_cast<size_t>(r.out.size())),
          out.values, oShape, tol);
      CHECK_MESSAGE(msg.empty(), msg);
      CHECK(r.fully_masked_rows.empty());
    }
  }
}
