#include "scene/patch_layout.hpp"

#include <algorithm>
#include <cmath>

namespace scene {

ImageRect placeImage(int width, int height) {
  if (width <= 0 || height <= 0) return {};
  const float longer = static_cast<float>(std::max(width, height));
  return {{0.0f, 0.0f},
          {kImageWorldSize * static_cast<float>(width) / longer,
           kImageWorldSize * static_cast<float>(height) / longer}};
}

glm::vec2 pixelToGround(const attn::PatchGrid& grid, const ImageRect& rect, glm::vec2 pixel) {
  const glm::vec2 pixels(static_cast<float>(grid.width()), static_cast<float>(grid.height()));
  return rect.min + pixel / pixels * rect.size();
}

glm::vec2 patchCentre(const attn::PatchGrid& grid, const ImageRect& rect, int patch) {
  const attn::PixelRect p = grid.pixels(patch);
  const glm::vec2 centre(0.5f * static_cast<float>(p.x0 + p.x1),
                         0.5f * static_cast<float>(p.y0 + p.y1));
  return pixelToGround(grid, rect, centre);
}

glm::vec2 patchSize(const attn::PatchGrid& grid, const ImageRect& rect) {
  return rect.size() / static_cast<float>(std::max(grid.patches(), 1));
}

std::optional<int> patchAtGround(const attn::PatchGrid& grid, const ImageRect& rect,
                                 glm::vec2 ground) {
  const glm::vec2 size = rect.size();
  if (!(size.x > 0.0f && size.y > 0.0f)) return std::nullopt;
  const glm::dvec2 uv = glm::dvec2(ground - rect.min) / glm::dvec2(size);
  const int patch = grid.patchAtUv(uv.x, uv.y);
  return patch >= 0 ? std::optional<int>(patch) : std::nullopt;
}

std::optional<glm::vec2> groundHit(const Ray& ray) {
  if (std::abs(ray.direction.y) < 1e-9f) return std::nullopt;
  const float t = -ray.origin.y / ray.direction.y;
  if (!(t >= 0.0f) || !std::isfinite(t)) return std::nullopt;
  const glm::vec3 p = ray.origin + t * ray.direction;
  return glm::vec2(p.x, p.z);
}

}  // namespace scene
