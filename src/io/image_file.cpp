#include "io/image_file.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

// The stb implementation is static to this file: libimgui.a pulls in libstb, whose global symbols
// would otherwise clash with ours. GCC's flow analysis warns inside stb's code, hence the pragma.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_MAX_DIMENSIONS 65536  // our own limits are checked first, from the header
#include <stb/stb_image.h>
#pragma GCC diagnostic pop

#include "core/error.hpp"

namespace io {

namespace {

[[noreturn]] void fail(std::string_view what, const std::string& problem) {
  throw core::DataError(std::string(what) + ": " + problem);
}

// The size check shared by files and memory, before any pixel is decoded.
void checkSize(std::string_view what, int width, int height) {
  const std::string size = std::to_string(width) + "x" + std::to_string(height);
  if (width <= 0 || height <= 0) fail(what, "the image is empty (" + size + ")");
  if (width > kMaxImageSide || height > kMaxImageSide ||
      int64_t{width} * height > kMaxImagePixels) {
    fail(what, "the image is too large (" + size + " pixels; at most " +
                   std::to_string(kMaxImageSide) + " per side and " +
                   std::to_string(kMaxImagePixels >> 20) +
                   " Mpx in all): scale it down first, a ViT sees it as at most 32x32 patches");
  }
}

std::string reason() {
  const char* text = stbi_failure_reason();
  return text ? text : "unknown error";
}

// stbi's answer → an opaque RGBA8 image (alpha composited over black).
core::Image fromPixels(stbi_uc* raw, int width, int height, std::string_view what) {
  const std::unique_ptr<stbi_uc, void (*)(void*)> pixels(raw, &stbi_image_free);
  if (!pixels) fail(what, "cannot decode the image (" + reason() + ")");
  core::Image image{width, height, {}};
  image.rgba.assign(pixels.get(), pixels.get() + image.byteSize());
  for (size_t k = 0; k < image.rgba.size(); k += 4) {
    const unsigned a = image.rgba[k + 3];
    if (a == 255) continue;
    for (size_t c = 0; c < 3; ++c)
      image.rgba[k + c] = static_cast<uint8_t>((image.rgba[k + c] * a + 127) / 255);
    image.rgba[k + 3] = 255;
  }
  return image;
}

}  // namespace

bool isImagePath(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

core::Image decodeImage(std::span<const std::byte> bytes, std::string_view what) {
  if (bytes.empty()) fail(what, "the file is empty");
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) fail(what, "the file is too large");
  const auto length = static_cast<int>(bytes.size());
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  int width = 0, height = 0, channels = 0;
  if (!stbi_info_from_memory(data, length, &width, &height, &channels)) {
    fail(what, "not a PNG or JPEG image (" + reason() + ")");
  }
  checkSize(what, width, height);
  stbi_uc* raw = stbi_load_from_memory(data, length, &width, &height, &channels, 4);
  return fromPixels(raw, width, height, what);
}

core::Image loadImage(const std::filesystem::path& path) {
  const std::string what = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) fail(what, "no such file");
  if (std::filesystem::is_directory(path, ec)) fail(what, "is a directory, not an image");
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
  if (!file) fail(what, std::string("cannot open: ") + std::strerror(errno));
  int width = 0, height = 0, channels = 0;
  if (!stbi_info_from_file(file.get(), &width, &height, &channels)) {
    fail(what, "not a PNG or JPEG image (" + reason() + ")");
  }
  checkSize(what, width, height);
  stbi_uc* raw = stbi_load_from_file(file.get(), &width, &height, &channels, 4);
  return fromPixels(raw, width, height, what);
}

}  // namespace io
