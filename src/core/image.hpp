// A CPU-side RGBA8 image (rows top-down): what readback produces and the frame sinks and PNG files
// consume. Plain data with no GL, so modules without a GL context use it too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace core {

struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> rgba;  // width * height * 4 bytes, first row = top of the picture

  size_t byteSize() const { return static_cast<size_t>(width) * static_cast<size_t>(height) * 4; }
  const uint8_t* pixel(int x, int y) const {
    return rgba.data() +
           (static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 4;
  }
};

}  // namespace core
