// PNG files: an encoder built on zlib with a speed/size choice (screenshots want small files,
// recordings want fast frames), and a reader (stb_image) for tests and goldens.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

#include "core/image.hpp"

namespace io {

struct PngOptions {
  // RGBA (colour type 6); false writes RGB and drops alpha (a quarter less to compress).
  bool alpha = true;
  // The colour is premultiplied by alpha (GL blending over a transparent clear): divide it out,
  // since PNG stores straight alpha. Only with `alpha`.
  bool premultiplied = false;
  // zlib level 0-9. With `fast`, level 1 and one fixed filter: about 4x faster than stb_image_write
  // on rendered frames, files about 1.5x larger (see bench/record).
  int level = 6;
  // false: per-row filter chosen by the minimum sum of absolute differences (libpng's heuristic);
  // true: the Up filter on every row (cheapest, and good on smooth gradients and flat areas).
  bool fast = false;
};

// Reusable encoder: its scratch buffers (several MB at 1080p) live as long as it does, because
// fresh pages are slow to fault in on these machines. One per thread.
class PngEncoder {
 public:
  PngEncoder();
  ~PngEncoder();
  PngEncoder(const PngEncoder&) = delete;
  PngEncoder& operator=(const PngEncoder&) = delete;

  // Encodes top-down RGBA8 `image`; the bytes stay valid until the next call. Throws
  // core::DataError for an empty image or a pixel buffer of the wrong size.
  std::span<const uint8_t> encode(const core::Image& image, const PngOptions& options);

 private:
  struct State;  // zlib's stream and the buffers (keeps zlib.h out of this header)
  std::unique_ptr<State> m;
};

// Writes a PNG (default options: RGBA, small) through io::writeFileAtomically.
void writePng(const std::filesystem::path& path, const core::Image& image,
              const PngOptions& options = {});

// Reads any PNG as RGBA8. Throws core::DataError naming the path and the reason.
core::Image readPng(const std::filesystem::path& path);

}  // namespace io
