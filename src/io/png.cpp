// [SECTION] Rows: conversion and filters
// [SECTION] Encoder
// [SECTION] Files
#include "io/png.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

// stb_image is static to this file: libimgui.a pulls in libstb, whose global symbols would
// otherwise clash with ours.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_ONLY_PNG
#include <stb/stb_image.h>
#pragma GCC diagnostic pop

#include "core/error.hpp"
#include "io/file.hpp"

namespace io {

namespace {

// [SECTION] Rows: conversion and filters

// One row of the image as PNG stores it: RGB, or RGBA with straight alpha.
void convertRow(const uint8_t* rgba, int width, const PngOptions& options, uint8_t* out) {
  if (!options.alpha) {
    for (int x = 0; x < width; ++x, rgba += 4, out += 3) {
      out[0] = rgba[0];
      out[1] = rgba[1];
      out[2] = rgba[2];
    }
    return;
  }
  std::memcpy(out, rgba, static_cast<size_t>(width) * 4);
  if (!options.premultiplied) return;
  for (int x = 0; x < width; ++x, out += 4) {
    const unsigned a = out[3];
    if (a == 0 || a == 255) continue;
    for (int c = 0; c < 3; ++c) {
      out[c] = static_cast<uint8_t>(std::min(255u, (out[c] * 255u + a / 2) / a));
    }
  }
}

enum Filter : uint8_t { kNone = 0, kSub = 1, kUp = 2, kAverage = 3, kPaeth = 4 };

uint8_t paeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return static_cast<uint8_t>(a);
  return static_cast<uint8_t>(pb <= pc ? b : c);
}

// out[0] = filter type, out[1..n] = the filtered bytes; bpp = bytes per pixel.
void filterRow(Filter filter, const uint8_t* row, const uint8_t* prev, size_t n, size_t bpp,
               uint8_t* out) {
  out[0] = filter;
  uint8_t* f = out + 1;
  switch (filter) {
    case kNone:
      std::memcpy(f, row, n);
      break;
    case kSub:
      for (size_t i = 0; i < n; ++i)
        f[i] = static_cast<uint8_t>(row[i] - (i >= bpp ? row[i - bpp] : 0));
      break;
    case kUp:
      for (size_t i = 0; i < n; ++i)
        f[i] = static_cast<uint8_t>(row[i] - prev[i]);
      break;
    case kAverage:
      for (size_t i = 0; i < n; ++i)
        f[i] = static_cast<uint8_t>(row[i] - ((i >= bpp ? row[i - bpp] : 0) + prev[i]) / 2);
      break;
    case kPaeth:
      for (size_t i = 0; i < n; ++i) {
        const int a = i >= bpp ? row[i - bpp] : 0, c = i >= bpp ? prev[i - bpp] : 0;
        f[i] = static_cast<uint8_t>(row[i] - paeth(a, prev[i], c));
      }
      break;
  }
}

// libpng's heuristic: the filtered bytes read as signed, smallest sum of magnitudes.
uint64_t cost(const uint8_t* filtered, size_t n) {
  uint64_t sum = 0;
  for (size_t i = 0; i < n; ++i)
    sum += static_cast<uint64_t>(std::abs(static_cast<int8_t>(filtered[i])));
  return sum;
}

}  // namespace

// [SECTION] Encoder

struct PngEncoder::State {
  z_stream zlib{};
  int level = -100;               // what `zlib` was initialised with (-100: not yet)
  std::vector<uint8_t> rows;      // previous and current converted row
  std::vector<uint8_t> filtered;  // candidates: 5 x (1 filter byte + row)
  // The whole file: out[0, used). `out` only grows (kept between frames) and is never cleared,
  // so appending costs no zero-filling.
  std::vector<uint8_t> out;
  size_t used = 0;

  ~State() {
    if (level != -100) deflateEnd(&zlib);
  }

  void reset(int wanted) {
    used = 0;
    if (level == wanted) {
      deflateReset(&zlib);
      return;
    }
    if (level != -100) deflateEnd(&zlib);
    level = -100;
    zlib = {};
    if (deflateInit(&zlib, wanted) != Z_OK)
      throw core::DataError("PNG: zlib initialisation failed");
    level = wanted;
  }

  void reserve(size_t more) {
    if (out.size() - used < more) out.resize(std::max(used + more, 2 * out.size()));
  }
  void append(const uint8_t* data, size_t size) {
    reserve(size);
    std::memcpy(out.data() + used, data, size);
    used += size;
  }
  void put32(uint32_t v) {
    const uint8_t bytes[4] = {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
                              static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
    append(bytes, 4);
  }

  // Feeds `data` to zlib, appending its output.
  void deflateBytes(const uint8_t* data, size_t size, int flush) {
    zlib.next_in = const_cast<Bytef*>(data);  // zlib's API is not const-correct
    zlib.avail_in = static_cast<uInt>(size);
    for (;;) {
      reserve(size / 2 + 65536);
      const auto room = static_cast<uInt>(std::min<size_t>(out.size() - used, 1u << 30));
      zlib.next_out = out.data() + used;
      zlib.avail_out = room;
      const int status = deflate(&zlib, flush);
      used += room - zlib.avail_out;
      if (status == Z_STREAM_END) return;
      if (status != Z_OK && status != Z_BUF_ERROR) throw core::DataError("PNG: zlib failed");
      if (flush != Z_FINISH && zlib.avail_in == 0 && zlib.avail_out > 0) return;
    }
  }

  // A chunk is [length][type][data][crc]: beginChunk writes the first two, endChunk the length
  // (now known) and the CRC of type + data.
  size_t beginChunk(const char* type) {
    put32(0);
    append(reinterpret_cast<const uint8_t*>(type), 4);
    return used;
  }
  void endChunk(size_t dataStart) {
    const size_t length = used - dataStart;
    if (length > 0x7fffffffu) throw core::DataError("PNG: the image is too large for one chunk");
    for (int i = 0; i < 4; ++i) {
      out[dataStart - 8 + static_cast<size_t>(i)] = static_cast<uint8_t>(length >> (24 - 8 * i));
    }
    const uLong crc =
        crc32(crc32(0L, Z_NULL, 0), out.data() + dataStart - 4, static_cast<uInt>(length + 4));
    put32(static_cast<uint32_t>(crc));
  }
};

PngEncoder::PngEncoder() : m(std::make_unique<State>()) {}
PngEncoder::~PngEncoder() = default;

std::span<const uint8_t> PngEncoder::encode(const core::Image& image, const PngOptions& options) {
  if (image.width <= 0 || image.height <= 0 || image.rgba.size() != image.byteSize()) {
    throw core::DataError("PNG: the image is empty or its pixel buffer has the wrong size");
  }
  State& s = *m;
  const size_t bpp = options.alpha ? 4 : 3;
  const size_t rowBytes = static_cast<size_t>(image.width) * bpp;
  s.rows.assign(2 * rowBytes, 0);  // the row above the first is zeros
  s.filtered.resize(5 * (rowBytes + 1));
  s.reset(options.fast ? 1 : std::clamp(options.level, 0, 9));

  static constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  s.append(kSignature, 8);
  size_t start = s.beginChunk("IHDR");
  s.put32(static_cast<uint32_t>(image.width));
  s.put32(static_cast<uint32_t>(image.height));
  // 8 bits per channel, RGBA or RGB, deflate, adaptive filtering, no interlace.
  const uint8_t header[5] = {8, static_cast<uint8_t>(options.alpha ? 6 : 2), 0, 0, 0};
  s.append(header, 5);
  s.endChunk(start);

  start = s.beginChunk("IDAT");
  uint8_t* prev = s.rows.data();
  uint8_t* row = s.rows.data() + rowBytes;
  const size_t inRow = static_cast<size_t>(image.width) * 4;
  for (int y = 0; y < image.height; ++y) {
    convertRow(image.rgba.data() + static_cast<size_t>(y) * inRow, image.width, options, row);
    const uint8_t* chosen = s.filtered.data();
    if (options.fast) {
      filterRow(kUp, row, prev, rowBytes, bpp, s.filtered.data());
    } else {
      uint64_t best = UINT64_MAX;
      for (uint8_t f = kNone; f <= kPaeth; ++f) {
        uint8_t* candidate = s.filtered.data() + f * (rowBytes + 1);
        filterRow(static_cast<Filter>(f), row, prev, rowBytes, bpp, candidate);
        const uint64_t c = cost(candidate + 1, rowBytes);
        if (c < best) best = c, chosen = candidate;
      }
    }
    s.deflateBytes(chosen, rowBytes + 1, Z_NO_FLUSH);
    std::swap(prev, row);
  }
  s.deflateBytes(nullptr, 0, Z_FINISH);
  s.endChunk(start);
  start = s.beginChunk("IEND");
  s.endChunk(start);
  return {s.out.data(), s.used};
}

// [SECTION] Files

void writePng(const std::filesystem::path& path, const core::Image& image,
              const PngOptions& options) {
  PngEncoder encoder;
  std::span<const uint8_t> bytes;
  try {
    bytes = encoder.encode(image, options);
  } catch (const core::DataError& e) {
    throw core::DataError("cannot write " + path.string() + ": " + e.what());
  }
  writeFileAtomically(path, std::as_bytes(bytes));
}

core::Image readPng(const std::filesystem::path& path) {
  int width = 0, height = 0, channels = 0;
  const std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
      stbi_load(path.c_str(), &width, &height, &channels, 4), &stbi_image_free);
  if (!pixels) {
    throw core::DataError("cannot read PNG '" + path.string() + "': " + stbi_failure_reason());
  }
  core::Image image{width, height, {}};
  image.rgba.assign(pixels.get(), pixels.get() + image.byteSize());
  return image;
}

}  // namespace io
