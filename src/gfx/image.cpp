#include "gfx/image.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

// The stb implementations are static to this file: libimgui.a pulls in libstb, whose global
// symbols would otherwise clash with ours. GCC's flow analysis warns inside stb's code even in a
// system header, hence the pragma.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb/stb_image_write.h>
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_ONLY_PNG
#include <stb/stb_image.h>
#pragma GCC diagnostic pop

#include "core/error.hpp"

namespace gfx {

namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what) {
  throw core::DataError("cannot write '" + path.string() + "': " + what);
}

void appendBytes(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<uint8_t>*>(context);
  const auto* bytes = static_cast<const uint8_t*>(data);
  out->insert(out->end(), bytes, bytes + size);
}

}  // namespace

void writePng(const std::filesystem::path& path, const Image& image) {
  if (image.width <= 0 || image.height <= 0 || image.rgba.size() != image.byteSize()) {
    fail(path, "image is empty or its pixel buffer has the wrong size");
  }
  std::vector<uint8_t> encoded;
  encoded.reserve(image.byteSize() / 2);
  if (stbi_write_png_to_func(appendBytes, &encoded, image.width, image.height, 4, image.rgba.data(),
                             image.width * 4) == 0) {
    fail(path, "PNG encoding failed");
  }
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(temporary.c_str(), "wb"),
                                                               &std::fclose);
    if (!file) fail(path, std::strerror(errno));
    if (std::fwrite(encoded.data(), 1, encoded.size(), file.get()) != encoded.size()) {
      const int error = errno;
      std::remove(temporary.c_str());
      fail(path, std::strerror(error));
    }
    if (std::fflush(file.get()) != 0) {
      const int error = errno;
      std::remove(temporary.c_str());
      fail(path, std::strerror(error));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    fail(path, std::strerror(error));
  }
}

Image readPng(const std::filesystem::path& path) {
  int width = 0, height = 0, channels = 0;
  const std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
      stbi_load(path.c_str(), &width, &height, &channels, 4), &stbi_image_free);
  if (!pixels) {
    throw core::DataError("cannot read PNG '" + path.string() + "': " + stbi_failure_reason());
  }
  Image image{width, height, {}};
  image.rgba.assign(pixels.get(), pixels.get() + image.byteSize());
  return image;
}

}  // namespace gfx
