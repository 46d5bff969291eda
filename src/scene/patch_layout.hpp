// Where an image and its patches lie in the world: the image is flat on the ground plane (y = 0),
// its top-left corner at the origin, image x along world +x and image y (down the picture) along
// world +z — so the top-down view shows the picture upright, as it shows attention rows top to
// bottom. Its longer side is kImageWorldSize units whatever the patch count, so changing P does
// not move the camera.
#pragma once

#include <optional>

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

// Where a ray meets the ground plane in front of its origin, as (x, z); nullopt when it runs
// parallel to the ground or away from it.
std::optional<glm::vec2> groundHit(const Ray& ray);

}  // namespace scene
