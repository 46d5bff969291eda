// PNG encoder: every filter choice and colour type decodes (by stb_image, an independent decoder)
// to the pixels it was given; premultiplied colour is divided out; writes are atomic and failures
// name the path.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "io/png.hpp"

namespace {

// Gradients, noise, flat areas and a translucent patch: every filter gets chosen somewhere.
core::Image testImage(int width, int height) {
  core::Image image{width, height, std::vector<uint8_t>(static_cast<size_t>(width * height) * 4)};
  uint32_t seed = 12345;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      uint8_t* p = image.rgba.data() + (static_cast<size_t>(y) * width + x) * 4;
      seed = seed * 1664525u + 1013904223u;
      const bool noisy = x > width / 2 && y > height / 2;
      p[0] = static_cast<uint8_t>(noisy ? seed >> 24 : x * 255 / width);
      p[1] = static_cast<uint8_t>(noisy ? seed >> 16 : y * 255 / height);
      p[2] = static_cast<uint8_t>(x < width / 4 ? 40 : (x + y) & 0xff);
      p[3] = static_cast<uint8_t>(y < height / 4 ? (x * 7) & 0xff : 255);
    }
  }
  return image;
}

std::filesystem::path tempDir() {
  const auto dir =
      std::filesystem::temp_directory_path() / ("attnviz_png_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("PNG round trip: RGBA, every level, adaptive and fast filters") {
  const core::Image image = testImage(67, 41);  // odd sizes: no row happens to align
  const auto path = tempDir() / "roundtrip.png";
  for (const bool fast : {false, true}) {
    for (const int level : {0, 1, 6, 9}) {
      CAPTURE(fast);
      CAPTURE(level);
      io::writePng(path, image, {.alpha = true, .level = level, .fast = fast});
      const core::Image back = io::readPng(path);
      CHECK(back.width == 67);
      CHECK(back.height == 41);
      CHECK(back.rgba == image.rgba);
    }
  }
  std::filesystem::remove_all(path.parent_path());
}

TEST_CASE("PNG RGB drops alpha and keeps colour") {
  const core::Image image = testImage(32, 9);
  const auto path = tempDir() / "rgb.png";
  io::writePng(path, image, {.alpha = false, .fast = true});
  const core::Image back = io::readPng(path);
  REQUIRE(back.rgba.size() == image.rgba.size());
  bool same = true;
  for (size_t i = 0; i < image.rgba.size(); ++i)
    same = same && back.rgba[i] == (i % 4 == 3 ? 255 : image.rgba[i]);
  CHECK(same);
  std::filesystem::remove_all(path.parent_path());
}

TEST_CASE("PNG premultiplied colour is divided out") {
  // 50% alpha red over nothing, as GL blends it: (128, 0, 0, 128) premultiplied = straight 255.
  core::Image image{2, 1, {128, 0, 0, 128, 10, 20, 30, 0}};
  const auto path = tempDir() / "premultiplied.png";
  io::writePng(path, image, {.alpha = true, .premultiplied = true});
  const core::Image back = io::readPng(path);
  CHECK(back.rgba == std::vector<uint8_t>{255, 0, 0, 128, 10, 20, 30, 0});
  std::filesystem::remove_all(path.parent_path());
}

TEST_CASE("PNG encoder output is identical across calls and encoders") {
  const core::Image image = testImage(50, 30);
  io::PngEncoder a, b;
  const auto first = a.encode(image, {.fast = true});
  const std::vector<uint8_t> kept(first.begin(), first.end());
  a.encode(testImage(20, 20), {});  // buffers reused with another size and mode
  const auto again = a.encode(image, {.fast = true});
  CHECK(std::vector<uint8_t>(again.begin(), again.end()) == kept);
  const auto other = b.encode(image, {.fast = true});
  CHECK(std::vector<uint8_t>(other.begin(), other.end()) == kept);
}

TEST_CASE("PNG writes leave no temporary file and failures name the path") {
  const core::Image image = testImage(8, 8);
  const auto dir = tempDir();
  io::writePng(dir / "a.png", image);
  int entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    CHECK(entry.path().filename() == "a.png");
    ++entries;
  }
  CHECK(entries == 1);
  try {
    io::writePng("/nonexistent-dir/x.png", image);
    FAIL("expected a DataError");
  } catch (const core::DataError& error) {
    CHECK(std::string(error.what()).find("/nonexistent-dir/x.png") != std::string::npos);
    CHECK(std::string(error.what()).find("No such file") != std::string::npos);
  }
  CHECK_THROWS_AS(io::readPng("/nonexistent-dir/x.png"), core::DataError);
  const core::Image empty;
  CHECK_THROWS_AS(io::writePng(dir / "empty.png", empty), core::DataError);
  CHECK_FALSE(std::filesystem::exists(dir / "empty.png"));
  std::filesystem::remove_all(dir);
}
