// CPU-side RGBA8 images (rows top-down) and PNG files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace gfx {

struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> rgba;  // width * height * 4 bytes, first row = top of the picture

  size_t byteSize() const { return static_cast<size_t>(width) * static_cast<size_t>(height) * 4; }
  const uint8_t* pixel(int x, int y) const {
    return rgba.data() +
           (static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 4;
  }
};

// Writes to "<path>.tmp" then renames, so readers never see half a file. Throws core::DataError
// naming the path and the system's reason.
void writePng(const std::filesystem::path& path, const Image& image);

// Reads any PNG as RGBA8. Throws core::DataError naming the path and the reason.
Image readPng(const std::filesystem::path& path);

}  // namespace gfx
