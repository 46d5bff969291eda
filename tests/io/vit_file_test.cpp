// A Vision Transformer's attention file: the one tools/export_attention.py wrote from a small
// randomly initialised ViT built from torch modules (tests/data/models/make_vit_export.py), read
// back exactly, its picture and patch grid; hand-made files that are not ViT files.
#include <doctest/doctest.h>

#include <string>

#include "attn/rollout.hpp"
#include "core/error.hpp"
#include "io/npy.hpp"
#include "io/vit_file.hpp"
#include "io_test_util.hpp"

namespace {

std::filesystem::path model(std::string_view name) {
  return std::filesystem::path(ATTNVIZ_TEST_DATA) / "models" / name;
}

std::string errorOf(const io::NamedArrays& arrays, const std::filesystem::path& picture = {}) {
  try {
    io::vitFromArrays(arrays, "vit.npz", picture);
  } catch (const core::Error& e) {
    return e.what();
  }
  return "no error";
}

// Uniform weights [1, 1, n, n] and, unless `w` is 0, a uint8 picture [h, w, 3] of value 100.
io::NamedArrays vitArrays(int n, int w, int h) {
  io::NamedArrays arrays;
  const auto un = static_cast<uint64_t>(n);
  arrays.add(
      "attentions",
      io::Array::floats({1, 1, un, un}, std::vector<float>(un * un, 1.0f / static_cast<float>(n))));
  if (w > 0) {
    io::Array image = io::Array::floats(
        {static_cast<uint64_t>(h), static_cast<uint64_t>(w), 3},
        std::vector<float>(static_cast<size_t>(w) * static_cast<size_t>(h) * 3, 100.0f));
    image.stored = io::DType::U8;
    arrays.add("image", image);
  }
  return arrays;
}

}  // namespace

TEST_CASE("vit file: the exporter's ViT reads back exactly, with its picture and grid") {
  const io::VitFile vit = io::loadVitFile(model("vit_demo.npz"));
  const attn::ModelAttention& m = vit.attention.attention;
  CHECK(m.layers == 2);
  CHECK(m.heads == 4);
  CHECK(m.n == 17);
  CHECK(m.m == 17);
  CHECK(m.d_k == 8);
  REQUIRE(m.tokens.size() == 17);
  CHECK(m.tokens[0] == "CLS");
  CHECK(m.tokens[1] == "r0c0");
  CHECK(m.tokens[16] == "r3c3");
  CHECK(vit.grid.patches() == 4);
  CHECK(vit.grid.cls());
  CHECK(vit.grid.tokenNames() == m.tokens);  // the exporter names tokens as attnviz does
  // The picture the model looked at: red left half, blue right, a white square top-left.
  REQUIRE(vit.picture);
  CHECK(vit.picture->width == 32);
  CHECK(vit.picture->height == 32);
  CHECK(vit.picture->pixel(5, 5)[0] == 255);
  CHECK(vit.picture->pixel(20, 20)[2] == 230);
  CHECK(vit.picture->pixel(0, 0)[0] == 217);
  CHECK(vit.picture->pixel(0, 0)[3] == 255);
  // Bit for bit what PyTorch's self-attention layers computed (make_vit_export.py runs them
  // again without the exporter's capture).
  const io::NamedArrays expected = io::loadArrays(model("vit_demo.expected.npz"));
  const io::Array* want = expected.find("weights");
  REQUIRE(want);
  REQUIRE(want->values.size() == m.weights.size());
  for (size_t k = 0; k < m.weights.size(); ++k)
    REQUIRE(m.weights[k] == want->values[k]);
  // Softmax rows, and a rollout whose rows stay distributions.
  for (int l = 0; l < m.layers; ++l)
    for (int h = 0; h < m.heads; ++h)
      for (int i = 0; i < m.n; ++i)
        CHECK(m.weightsOf(l, h).row(i).sum() == doctest::Approx(1.0).epsilon(1e-5));
  for (const attn::Matrix& r : attn::rollout(m))
    for (int i = 0; i < m.n; ++i)
      CHECK(r.row(i).sum() == doctest::Approx(1.0).epsilon(1e-5));
}

TEST_CASE("vit file: a picture given beside the file replaces the missing one") {
  const iotest::TempDir dir;
  io::NamedArrays arrays = vitArrays(17, 0, 0);
  CHECK(errorOf(arrays).find("vit.npz: holds no picture") == 0);
  CHECK(errorOf(arrays).find("--image PICTURE") != std::string::npos);
  const auto picture =
      std::filesystem::path(ATTNVIZ_SOURCE_DIR) / "assets" / "shapes.png";  // 256 x 256
  const io::VitFile vit = io::vitFromArrays(arrays, "vit.npz", picture);
  CHECK(vit.picture->width == 256);
  CHECK(vit.grid.patches() == 4);
  CHECK(vit.grid.cls());
  // A given picture wins over the file's.
  arrays = vitArrays(16, 8, 8);
  CHECK(io::vitFromArrays(arrays, "vit.npz", picture).picture->width == 256);
  CHECK(io::vitFromArrays(arrays, "vit.npz").picture->width == 8);
  CHECK_FALSE(io::vitFromArrays(arrays, "vit.npz").grid.cls());
}

TEST_CASE("vit file: files that are not a ViT's say why") {
  // 18 tokens: neither P² nor 1 + P².
  CHECK(errorOf(vitArrays(18, 8, 8)).find("18 tokens are not a square grid of patches") !=
        std::string::npos);
  // 1 + 10² tokens on a picture 6 pixels wide.
  CHECK(errorOf(vitArrays(101, 6, 40)).find("10x10 patches do not fit a 6x40 picture") !=
        std::string::npos);
  // Cross-attention.
  io::NamedArrays cross;
  cross.add("attentions", io::Array::floats({1, 1, 4, 5}, std::vector<float>(20, 0.2f)));
  CHECK(errorOf(cross).find("holds cross-attention") != std::string::npos);
  // A picture of the wrong type or shape.
  io::NamedArrays floats = vitArrays(17, 0, 0);
  floats.add("image", io::Array::floats({4, 4, 3}, std::vector<float>(48, 0.5f)));
  CHECK(errorOf(floats).find("vit.npz: image: the picture must be uint8 [H, W, 3] or [H, W, 4], "
                             "got float32 [4, 4, 3]") == 0);
  io::NamedArrays flat = vitArrays(17, 0, 0);
  io::Array grey = io::Array::floats({8, 8}, std::vector<float>(64, 1.0f));
  grey.stored = io::DType::U8;
  flat.add("image", grey);
  CHECK(errorOf(flat).find("got uint8 [8, 8]") != std::string::npos);
  // A missing file.
  CHECK_THROWS_AS(io::loadVitFile(model("no_such_vit.npz")), core::DataError);
}

TEST_CASE("vit file: an RGBA picture is composited over black") {
  io::Array rgba = io::Array::floats({1, 2, 4}, {200, 100, 50, 255, 200, 100, 50, 51});
  rgba.stored = io::DType::U8;
  const core::Image image = io::pictureFromArray(rgba, "image");
  CHECK(image.width == 2);
  CHECK(image.height == 1);
  CHECK(image.pixel(0, 0)[0] == 200);
  CHECK(image.pixel(1, 0)[0] == 40);
  CHECK(image.pixel(1, 0)[3] == 255);
}
