// A Vision Transformer's attention file: the attention of CLS + P×P patch tokens (or P×P alone)
// read as any attention file (io/attention_file.hpp), and the picture the model looked at — the
// file's `image` array ([H, W, 3] or [H, W, 4] uint8, written by tools/export_attention.py
// --image) or a picture given beside the file. The tokens must be a square grid of patches that
// fits the picture (attn/patch_grid.hpp: the model squashed the picture to a square).
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include "attn/patch_grid.hpp"
#include "core/image.hpp"
#include "io/array.hpp"
#include "io/attention_file.hpp"
#include "io/image_file.hpp"

namespace io {

// The most a file's picture can add to the attention's memory budget: 8192² RGBA pixels.
inline constexpr uint64_t kMaxPictureBytes = uint64_t{kMaxImageSide} * kMaxImageSide * 4;

struct VitFile {
  AttentionFile attention;
  std::shared_ptr<const core::Image> picture;
  attn::PatchGrid grid;
};

// The picture of an `image` array (uint8 values, [H, W, 3] or [H, W, 4]; alpha composited over
// black). Throws core::DataError naming `what` for any other type or shape.
core::Image pictureFromArray(const Array& array, std::string_view what);

// Throws core::DataError naming the file: no attention, cross-attention, tokens that are not a
// square grid of patches, no picture (neither in the file nor given), a grid the picture cannot
// hold, and every error of loadAttentionFile / loadImage.
VitFile vitFromArrays(const NamedArrays& arrays, std::string_view fileName,
                      const std::filesystem::path& picture = {},
                      const AttentionOptions& options = {});
VitFile loadVitFile(const std::filesystem::path& path, const std::filesystem::path& picture = {},
                    const AttentionOptions& options = {});

}  // namespace io
