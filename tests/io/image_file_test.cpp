// Image files for the ViT view: the shipped assets, PNG and JPEG from memory, alpha, and files
// that are missing, not images, truncated or too large (each a core::DataError naming the file).
#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

#include "core/error.hpp"
#include "io/image_file.hpp"
#include "io_test_util.hpp"

using iotest::TempDir;

namespace {

void appendBytes(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<std::byte>*>(context);
  const auto* bytes = static_cast<const std::byte*>(data);
  out->insert(out->end(), bytes, bytes + size);
}

// A w×h image with `channels` channels (1 grey, 3 RGB, 4 RGBA), pixel (x, y) = f(x, y, c).
template <typename F>
std::vector<uint8_t> pixels(int w, int h, int channels, F f) {
  std::vector<uint8_t> out;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < channels; ++c)
        out.push_back(static_cast<uint8_t>(f(x, y, c)));
  return out;
}

std::vector<std::byte> encodePng(int w, int h, int channels, const std::vector<uint8_t>& data) {
  std::vector<std::byte> out;
  REQUIRE(stbi_write_png_to_func(appendBytes, &out, w, h, channels, data.data(), w * channels));
  return out;
}

std::vector<std::byte> encodeJpg(int w, int h, const std::vector<uint8_t>& rgb) {
  std::vector<std::byte> out;
  REQUIRE(stbi_write_jpg_to_func(appendBytes, &out, w, h, 3, rgb.data(), 95));
  return out;
}

std::string errorOf(std::span<const std::byte> bytes) {
  try {
    io::decodeImage(bytes, "pic.png");
  } catch (const core::DataError& e) {
    return e.what();
  }
  return "no error";
}

std::string loadError(const std::filesystem::path& path) {
  try {
    io::loadImage(path);
  } catch (const core::DataError& e) {
    return e.what();
  }
  return "no error";
}

void writeBytes(const std::filesystem::path& path, std::span<const std::byte> bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
}

}  // namespace

TEST_CASE("image files: the shipped assets load as 256x256 opaque RGBA") {
  for (const char* name : {"shapes.png", "landscape.png", "textures.png"}) {
    CAPTURE(name);
    const core::Image image =
        io::loadImage(std::filesystem::path(ATTNVIZ_SOURCE_DIR) / "assets" / name);
    CHECK(image.width == 256);
    CHECK(image.height == 256);
    REQUIRE(image.rgba.size() == image.byteSize());
    bool opaque = true;
    for (size_t k = 3; k < image.rgba.size(); k += 4)
      opaque = opaque && image.rgba[k] == 255;
    CHECK(opaque);
  }
}

TEST_CASE("image files: PNG pixels come back exactly, grey becomes RGB") {
  const auto rgb = pixels(5, 3, 3, [](int x, int y, int c) { return 20 * x + 50 * y + c; });
  const core::Image a = io::decodeImage(encodePng(5, 3, 3, rgb), "rgb.png");
  REQUIRE(a.width == 5);
  REQUIRE(a.height == 3);
  for (int y = 0; y < 3; ++y) {
    for (int x = 0; x < 5; ++x) {
      const uint8_t* p = a.pixel(x, y);
      CHECK(p[0] == 20 * x + 50 * y);
      CHECK(p[1] == 20 * x + 50 * y + 1);
      CHECK(p[2] == 20 * x + 50 * y + 2);
      CHECK(p[3] == 255);
    }
  }
  const auto grey = pixels(4, 4, 1, [](int x, int y, int) { return 16 * (x + 4 * y); });
  const core::Image g = io::decodeImage(encodePng(4, 4, 1, grey), "grey.png");
  CHECK(g.pixel(3, 2)[0] == 16 * 11);
  CHECK(g.pixel(3, 2)[1] == 16 * 11);
  CHECK(g.pixel(3, 2)[2] == 16 * 11);
}

TEST_CASE("image files: transparent pixels are composited over black") {
  const std::vector<uint8_t> rgba = {200, 100, 50, 255, 200, 100, 50, 0, 200, 100, 50, 128};
  const core::Image image = io::decodeImage(encodePng(3, 1, 4, rgba), "alpha.png");
  CHECK(image.pixel(0, 0)[0] == 200);
  CHECK(image.pixel(1, 0)[0] == 0);
  CHECK(image.pixel(1, 0)[3] == 255);
  CHECK(image.pixel(2, 0)[0] == 100);  // 200 * 128 / 255, rounded
  CHECK(image.pixel(2, 0)[1] == 50);
  CHECK(image.pixel(2, 0)[3] == 255);
}

TEST_CASE("image files: JPEG decodes close to what was encoded") {
  const auto rgb = pixels(16, 16, 3, [](int x, int, int c) { return c == 0 ? 12 * x + 20 : 90; });
  const core::Image image = io::decodeImage(encodeJpg(16, 16, rgb), "ramp.jpg");
  REQUIRE(image.width == 16);
  for (int x = 0; x < 16; x += 5) {
    CHECK(std::abs(image.pixel(x, 8)[0] - (12 * x + 20)) <= 8);
    CHECK(std::abs(image.pixel(x, 8)[1] - 90) <= 8);
  }
}

TEST_CASE("image files: hostile and wrong input names the file and the problem") {
  CHECK(errorOf({}) == "pic.png: the file is empty");
  CHECK(errorOf(iotest::bytesOf("hello, I am text")).find("pic.png: not a PNG or JPEG image") == 0);
  // A real PNG cut short: the header is fine, the pixels are missing.
  auto png = encodePng(32, 32, 3, pixels(32, 32, 3, [](int x, int y, int) { return x ^ y; }));
  png.resize(png.size() / 2);
  CHECK(errorOf(png).find("pic.png: cannot decode the image") == 0);
  // A header claiming 9000 x 9000 pixels is refused before anything is decoded.
  auto huge = encodePng(1, 1, 3, {1, 2, 3});
  const auto put = [&](size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i)
      huge[at + static_cast<size_t>(i)] = static_cast<std::byte>(v >> (24 - 8 * i));
  };
  put(16, 9000);  // IHDR width, then height (the CRC is not checked by the header probe)
  put(20, 9000);
  const std::string message = errorOf(huge);
  CHECK(message.find("pic.png: the image is too large (9000x9000 pixels") == 0);
  CHECK(message.find("scale it down") != std::string::npos);
  put(16, 5000);
  put(20, 5000);  // each side fits, the total (25 Mpx) does not
  CHECK(errorOf(huge).find("too large (5000x5000") != std::string::npos);
}

TEST_CASE("image files: files that are missing, folders or not images") {
  const TempDir dir;
  CHECK(loadError(dir.path() / "missing.png") ==
        (dir.path() / "missing.png").string() + ": no such file");
  CHECK(loadError(dir.path()).find("is a directory") != std::string::npos);
  const auto text = dir.path() / "notes.png";
  writeBytes(text, iotest::bytesOf("not a picture at all"));
  CHECK(loadError(text).find(text.string() + ": not a PNG or JPEG image") == 0);
  const auto good = dir.path() / "ok.PNG";
  writeBytes(good, encodePng(2, 2, 3, pixels(2, 2, 3, [](int, int, int) { return 7; })));
  CHECK(io::loadImage(good).pixel(1, 1)[2] == 7);
}

TEST_CASE("image files: image paths are recognised by extension") {
  CHECK(io::isImagePath("a/b/cat.png"));
  CHECK(io::isImagePath("CAT.JPG"));
  CHECK(io::isImagePath("x.jpeg"));
  CHECK(io::isImagePath("x.JpEg"));
  CHECK_FALSE(io::isImagePath("x.npz"));
  CHECK_FALSE(io::isImagePath("png"));
  CHECK_FALSE(io::isImagePath("x.png.txt"));
}
