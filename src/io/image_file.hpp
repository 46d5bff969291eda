// Pictures for the Vision Transformer view: PNG and JPEG files read with stb_image into RGBA8.
// Errors are core::DataError naming the file and saying what is wrong with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>

#include "core/image.hpp"

namespace io {

// Larger pictures are refused before decoding: a ViT sees at most 32×32 patches, and the ground
// texture must fit every GL driver (8192 per side).
inline constexpr int64_t kMaxImagePixels = int64_t{16} << 20;  // 16 Mpx, 64 MiB as RGBA8
inline constexpr int kMaxImageSide = 8192;

// .png, .jpg, .jpeg (any letter case): the files the viewer opens as images.
bool isImagePath(const std::filesystem::path& path);

// Decodes PNG (8 or 16 bits, grey, palette, alpha) or baseline/progressive JPEG. Transparent
// pixels are composited over black, so the image is opaque. `what` names it in messages.
core::Image decodeImage(std::span<const std::byte> bytes, std::string_view what);
core::Image loadImage(const std::filesystem::path& path);

}  // namespace io
