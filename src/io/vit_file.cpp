#include "io/vit_file.hpp"

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "io/image_file.hpp"
#include "io/npy.hpp"

namespace io {

namespace {

[[noreturn]] void fail(std::string_view what, const std::string& problem) {
  throw core::DataError(std::string(what) + ": " + problem);
}

}  // namespace

core::Image pictureFromArray(const Array& a, std::string_view what) {
  const auto& s = a.shape;
  if (a.isStrings() || a.stored != DType::U8 || s.size() != 3 || (s[2] != 3 && s[2] != 4)) {
    fail(what, "the picture must be uint8 [H, W, 3] or [H, W, 4], got " + dtypeName(a.stored) +
                   " " + a.shapeString());
  }
  if (s[0] < 1 || s[1] < 1 || s[0] > static_cast<size_t>(kMaxImageSide) ||
      s[1] > static_cast<size_t>(kMaxImageSide)) {
    fail(what, "the picture is " + a.shapeString() + ": each side must be 1 to " +
                   std::to_string(kMaxImageSide) + " pixels");
  }
  const int h = static_cast<int>(s[0]), w = static_cast<int>(s[1]);
  const size_t channels = s[2];
  core::Image image{w, h, {}};
  image.rgba.resize(image.byteSize());
  for (size_t p = 0; p < static_cast<size_t>(w) * static_cast<size_t>(h); ++p) {
    const float* in = a.values.data() + p * channels;
    const float alpha = channels == 4 ? in[3] / 255.0f : 1.0f;
    for (size_t c = 0; c < 3; ++c)
      image.rgba[4 * p + c] = static_cast<uint8_t>(std::lround(in[c] * alpha));
    image.rgba[4 * p + 3] = 255;
  }
  return image;
}

VitFile vitFromArrays(const NamedArrays& arrays, std::string_view fileName,
                      const std::filesystem::path& picture, const AttentionOptions& options) {
  VitFile vit;
  vit.attention = attentionFromArrays(arrays, fileName, options);
  const attn::ModelAttention& m = vit.attention.attention;
  if (m.n != m.m) {
    fail(fileName, "holds cross-attention (" + std::to_string(m.n) + " queries, " +
                       std::to_string(m.m) + " keys); a ViT's patches attend to themselves");
  }
  if (!picture.empty()) {
    vit.picture = std::make_shared<const core::Image>(loadImage(picture));
  } else if (const Array* image = arrays.find("image")) {
    vit.picture = std::make_shared<const core::Image>(
        pictureFromArray(*image, std::string(fileName) + ": image"));
  } else {
    fail(fileName,
         "holds no picture (an 'image' array [H, W, 3] of uint8, as "
         "tools/export_attention.py --image writes); give one with --image PICTURE");
  }
  const core::Image& p = *vit.picture;
  const int root = static_cast<int>(std::lround(std::sqrt(static_cast<double>(m.n))));
  const int side = root * root == m.n ? root : static_cast<int>(std::lround(std::sqrt(m.n - 1.0)));
  if (side * side != m.n && side * side + 1 != m.n) {
    fail(fileName, std::to_string(m.n) +
                       " tokens are not a square grid of patches (P² or CLS + P²), so they "
                       "cannot be laid over a picture");
  }
  const auto grid = attn::PatchGrid::fromTokenCount(p.width, p.height, m.n);
  if (!grid) {
    fail(fileName, std::to_string(side) + "x" + std::to_string(side) + " patches do not fit a " +
                       std::to_string(p.width) + "x" + std::to_string(p.height) +
                       " picture (every patch needs a pixel)");
  }
  vit.grid = *grid;
  return vit;
}

VitFile loadVitFile(const std::filesystem::path& path, const std::filesystem::path& picture,
                    const AttentionOptions& options) {
  return vitFromArrays(loadAttentionArrays(path, options, kMaxPictureBytes), path.string(), picture,
                       options);
}

}  // namespace io
