// Where an image and its patches lie in the world: the image is flat on the ground plane (y = 0),
// its top-left corner at the origin, image x along world +x and image y (down the picture) along
// world +z — so the top-down view shows the picture upright, as it shows attention rows top to
// bottom. Its longer side is kImageWorldSize units whatever the patch count, so changing P does
// not move the camera.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include <glm/glm.hpp>

#include "attn/patch_grid.hpp"
#include "scene/camera.hpp"

namespace scene {

inline constexpr float kImageWorldSize = 16.0f;

// The image's world rectangle on the ground: (x, z) of its top-left and bottom-right corners.
struct ImageRect {
  glm::vec2 min{0.0f}, max{0.0f};
  glm::vec2 size() const { return max - min; }
};

// A width×height image placed as described above (empty rect for an empty image).
ImageRect placeImage(int width, int height);

// World (x, z) of an image point in pixels (x, y may be fractional: 0 = the left/top edge).
glm::vec2 pixelToGround(const attn::PatchGrid& grid, const ImageRect& rect, glm::vec2 pixel);

// Centre of a patch's pixels, and its nominal size (W/P × H/P pixels) in world units.
glm::vec2 patchCentre(const attn::PatchGrid& grid, const ImageRect& rect, int patch);
glm::vec2 patchSize(const attn::PatchGrid& grid, const ImageRect& rect);

// The patch under a ground point, or nullopt outside the image (the right and bottom edges are
// outside, as in PatchGrid::patchAtUv).
std::optional<int> patchAtGround(const attn::PatchGrid& grid, const ImageRect& rect,
                                 glm::vec2 ground);

// What scene::buildVit tells the app besides the instances (SceneLayout::vit).
struct VitLayout {
  attn::PatchGrid grid;
  ImageRect rect;
  int query = 0;                   // the query token shown
  std::vector<float> row;          // [M] the weights shown (the head's row or the mean)
  size_t first_bar = 0;            // SceneData::bars: one per patch in patch order (none in the
  size_t patch_bars = 0;           // overlay mode), then the CLS pillar
  std::optional<size_t> cls_bar;   // the CLS pillar's bar, when the tokens have a CLS
  float height_per_weight = 0.0f;  // world units of bar height per unit of weight
};

// Where a ray meets the ground plane in front of its origin, as (x, z); nullopt when it runs
// parallel to the ground or away from it.
std::optional<glm::vec2> groundHit(const Ray& ray);

}  // namespace scene
