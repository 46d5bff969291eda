// A model file's layer as an attn::Result: stored weights, scores recomputed from q and k, the
// mask read from zeros, PCA with q/k/v, empty arrays without them, and the check that flags stored
// weights that are not softmax(q·kᵀ/√d_k) (rotary embeddings applied after the stored q/k).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "attn/model_attention.hpp"
#include "attn/params.hpp"
#include "compare.hpp"
#include "core/error.hpp"
#include "io/attention_arrays.hpp"
#include "io/attention_file.hpp"

namespace {

attn::ModelAttention stacked() {
  return io::loadAttentionFile(std::filesystem::path(ATTNVIZ_TEST_DATA) / "models" / "stacked.npz")
      .attention;
}

}  // namespace

TEST_CASE("layerResult: weights as stored, scores from q and k, causal mask from the zeros") {
  const attn::ModelAttention model = stacked();  // L=2 H=3 N=M=4 d_k=5, causal
  for (int layer = 0; layer < model.layers; ++layer) {
    CAPTURE(layer);
    const attn::Result r = attn::layerResult(model, layer);
    CHECK(r.n == 4);
    CHECK(r.m == 4);
    CHECK(r.heads == 3);
    CHECK(r.d_k == 5);
    CHECK(r.d_model == 15);
    CHECK(r.tokens == model.tokens);
    CHECK(r.source_tokens == model.tokens);  // self-attention: keys are the queries
    for (int h = 0; h < 3; ++h) {
      CHECK(r.weights.head(h) == model.weightsOf(layer, h));
      // scores[h] = q[h]·k[h]ᵀ / √d_k, by naive loops over the model's own arrays.
      for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 4; ++j) {
          double dot = 0.0;
          for (int d = 0; d < 5; ++d) {
            const size_t qi = ((static_cast<size_t>(layer) * 3 + h) * 4 + i) * 5 + d;
            const size_t kj = ((static_cast<size_t>(layer) * 3 + h) * 4 + j) * 5 + d;
            dot += static_cast<double>(model.q[qi]) * model.k[kj];
          }
          CHECK(r.scores(h, i, j) == doctest::Approx(dot / std::sqrt(5.0)).epsilon(1e-5));
        }
      }
      // head_out = weights · v
      const attn::Matrix out = r.weights.head(h) * r.v.head(h);
      CHECK(attn_test::compareArrays("head_out", std::span(r.head_out.head(h).data(), 20),
                                     std::span(out.data(), 20), {4, 5}, {}) == "");
    }
    // The causal mask: every cell above the diagonal is 0 in every head, nothing else is.
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j)
        CHECK(r.mask(i, j) == (j > i ? 1 : 0));
    CHECK(r.fully_masked_rows.empty());
    REQUIRE(r.pca.size() == 3);
    CHECK(r.pca[0].q.rows() == 4);
    CHECK(r.pca[0].k.rows() == 4);
    CHECK(r.pca[0].v.rows() == 4);
    CHECK(r.concat.size() == 0);  // no W_O in a file
    // The fixture's weights are softmax of exactly these q and k.
    const attn::ScoreCheck check = attn::checkScoresAgainstWeights(r);
    CHECK(check.checked);
    CHECK(check.max_abs_diff < 1e-6f);
  }
}

TEST_CASE("layerResult: rotated q (as rotary embeddings do after the hook) is flagged") {
  attn::ModelAttention model = stacked();
  // Rotate the first two dimensions of every q by 90°, as RoPE does with position-dependent
  // angles after the projections that hooks capture.
  for (size_t row = 0; row < model.q.size() / 5; ++row) {
    float& a = model.q[row * 5];
    float& b = model.q[row * 5 + 1];
    const float x = a, y = b;
    a = -y;
    b = x;
  }
  const attn::ScoreCheck check = attn::checkScoresAgainstWeights(attn::layerResult(model, 1));
  CHECK(check.checked);
  CHECK(check.max_abs_diff > 0.05f);
  CHECK(check.head >= 0);
  CHECK(check.head < 3);
  CHECK(check.col <= check.row);  // only unmasked cells are compared
}

TEST_CASE("layerResult: without q/k/v the arrays and the PCA stay empty") {
  attn::ModelAttention model = stacked();
  model.q.clear();
  model.k.clear();
  model.v.clear();
  model.d_k = 0;
  const attn::Result r = attn::layerResult(model, 0);
  CHECK(r.weights.heads() == 3);
  CHECK(r.scores.empty());
  CHECK(r.q.empty());
  CHECK(r.v.empty());
  CHECK(r.head_out.empty());
  CHECK(r.pca.empty());
  CHECK_FALSE(attn::checkScoresAgainstWeights(r).checked);

  // q and k but no v: scores, no PCA (it needs v).
  attn::ModelAttention qk = stacked();
  qk.v.clear();
  const attn::Result s = attn::layerResult(qk, 0);
  CHECK_FALSE(s.scores.empty());
  CHECK(s.pca.empty());
  CHECK(attn::checkScoresAgainstWeights(s).checked);
}

TEST_CASE("layerResult: layers out of range, fully masked rows, cross-attention labels") {
  attn::ModelAttention model = stacked();
  CHECK_THROWS_AS(attn::layerResult(model, 2), core::UsageError);
  CHECK_THROWS_AS(attn::layerResult(model, -1), core::UsageError);

  attn::ModelAttention cross;
  cross.layers = 1;
  cross.heads = 2;
  cross.n = 2;
  cross.m = 3;
  cross.weights = {0.2f, 0.3f, 0.5f, 0, 0, 0,  // head 0: row 1 fully masked
                   0.1f, 0.1f, 0.8f, 0, 0, 0};
  cross.tokens = {"a", "b"};
  const attn::Result r = attn::layerResult(cross, 0);
  CHECK(r.fully_masked_rows == std::vector<int>{1});
  CHECK(r.source_tokens == std::vector<std::string>{"0", "1", "2"});
  cross.source_tokens = {"x", "y", "z"};
  CHECK(attn::layerResult(cross, 0).source_tokens == cross.source_tokens);
}

TEST_CASE("layerResult of an attnviz compute file reproduces the kernel's result") {
  attn::Params p;
  p.seq = 6;
  p.d_model = 16;
  p.heads = 2;
  p.mask.kind = attn::MaskKind::Causal;
  const attn::Inputs in = attn::makeInputs(p);
  const attn::Result want = attn::forward(in);
  const auto file = io::attentionFromArrays(io::resultToArrays(want, in), "result.npz");
  const attn::Result got = attn::layerResult(file.attention, 0);
  CHECK(got.mask == want.mask);
  CHECK(std::equal(got.weights.data().begin(), got.weights.data().end(),
                   want.weights.data().begin()));
  CHECK(attn_test::compareArrays("scores", got.scores.data(), want.scores.data(), {2, 6, 6}, {}) ==
        "");
  CHECK(attn_test::compareArrays("head_out", got.head_out.data(), want.head_out.data(), {2, 6, 8},
                                 {}) == "");
  REQUIRE(got.pca.size() == want.pca.size());
  for (size_t h = 0; h < got.pca.size(); ++h) {
    const auto& a = got.pca[h].q;
    const auto& b = want.pca[h].q;
    CHECK(attn_test::compareArrays("pca q", std::span(a.data(), static_cast<size_t>(a.size())),
                                   std::span(b.data(), static_cast<size_t>(b.size())), {6, 3},
                                   {}) == "");
  }
  CHECK(attn::checkScoresAgainstWeights(got).max_abs_diff < 1e-6f);
}
