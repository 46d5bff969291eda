// What a renderer needs to know about the frame being drawn.
#pragma once

#include <glm/glm.hpp>

namespace gfx {

struct FrameUniforms {
  glm::mat4 viewProj{1.0f};
  glm::vec3 cameraPosition{0.0f};
  glm::vec2 viewportSize{0.0f};  // pixels (0: unknown)
};

}  // namespace gfx
