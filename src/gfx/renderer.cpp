#include "gfx/renderer.hpp"

#include <algorithm>

#include "gfx/height_field.hpp"

namespace gfx {

const char* pathName(BarPath path) {
  return path == BarPath::Instanced ? "instanced bars" : "height map";
}

Renderer::Renderer(const RendererOptions& options)
    : m_options(options), m_heightMap(options.heightMapMaxVertices) {}

void Renderer::setPathChoice(PathChoice choice) {
  if (choice == m_options.path) return;
  m_options.path = choice;
  m_uploadedRevision.reset();  // the other path has no data yet
}

void Renderer::setMinBarPixels(float pixels) {
  m_options.minBarPixels = pixels;
  m_uploadedRevision.reset();  // the next upload keeps the bars for the camera's choice
}

void Renderer::upload(const scene::SceneData& scene) {
  if (m_uploadedRevision == scene.revision) return;
  m_uploadedRevision = scene.revision;
  ++m_uploadCount;

  switch (m_options.path) {
    case PathChoice::Instanced:
      m_path = BarPath::Instanced;
      break;
    case PathChoice::HeightMap:
      m_path = BarPath::HeightMap;
      break;
    case PathChoice::Auto:
      m_path = scene.bars.size() > m_options.cellBudget ? BarPath::HeightMap : BarPath::Instanced;
      break;
  }
  m_sized = m_options.path == PathChoice::Auto && m_options.minBarPixels > 0.0f &&
            m_path == BarPath::Instanced && scene.bars.size() >= kMinCellsForSmallBars;
  if (m_sized) {
    const glm::vec2 center = footprintCenter(scene.bars);
    m_sizedCenter = glm::vec3(center.x, 0.0f, center.y);
  }
  // Only the paths that may draw hold bars; the other is emptied so its memory goes.
  const std::span<const scene::BarInstance> none;
  const bool instanced = m_sized || m_path == BarPath::Instanced;
  const bool heightMap = m_sized || m_path == BarPath::HeightMap;
  m_bars.upload(instanced ? std::span(scene.bars) : none, scene.levels);
  m_heightMap.upload(heightMap ? std::span(scene.bars) : none, scene.levels);
  m_arrows.upload(scene.arrows);
  m_groundImage.upload(scene.ground);
  m_grids = scene.grids;
  m_footprint = scene.bar_footprint;
  m_boundsMin = scene.bounds_min;
  m_boundsMax = scene.bounds_max;
}

BarPath Renderer::pathBySize(const FrameInfo& frame, const glm::mat4& viewProj) const {
  const glm::vec4 clip = viewProj * glm::vec4(m_sizedCenter, 1.0f);
  if (frame.exactBars || frame.viewportSize.y <= 0 || clip.w <= 0.0f) return BarPath::Instanced;
  // Pixels across a bar in the middle of the field (clip.w is 1 for an orthographic camera).
  const float pixels =
      m_footprint * 0.5f * static_cast<float>(frame.viewportSize.y) * frame.proj[1][1] / clip.w;
  // Hysteresis: a camera resting near the threshold does not flip between the paths.
  const bool wasSmall = m_path == BarPath::HeightMap;
  return pixels < m_options.minBarPixels * (wasSmall ? 1.5f : 1.0f) ? BarPath::HeightMap
                                                                    : BarPath::Instanced;
}

void Renderer::draw(const FrameInfo& frame) {
  const glm::mat4 viewProj = frame.proj * frame.view;
  if (m_sized) m_path = pathBySize(frame, viewProj);
  if (frame.viewportSize.x > 0 && frame.viewportSize.y > 0) {
    glViewport(frame.viewportOrigin.x, frame.viewportOrigin.y, frame.viewportSize.x,
               frame.viewportSize.y);
  }
  glDisable(GL_BLEND);
  glDepthMask(GL_TRUE);
  glStencilMask(0xff);
  glClearDepth(1.0);
  glClearStencil(0);
  // Stencil is unused, but clearing it with depth lets a packed depth-stencil buffer be filled
  // whole: a depth-only clear is a read-modify-write of every pixel on llvmpipe (~1 ms at 720p).
  const GLbitfield depthStencil = GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT;
  if (frame.transparentBackground) {
    glClearColor(0.0f, 0.0f, 0.0f, 0.0f);
    glClear(GL_COLOR_BUFFER_BIT | depthStencil);
  } else if (frame.drawBackground) {
    glClear(depthStencil);
    m_background.draw(frame.viewportOrigin, frame.viewportSize, frame.backgroundTop,
                      frame.backgroundBottom);
  } else {
    glClearColor(frame.backgroundBottom.r, frame.backgroundBottom.g, frame.backgroundBottom.b,
                 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | depthStencil);
  }

  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);
  glEnable(GL_CULL_FACE);
  glCullFace(GL_BACK);
  glFrontFace(GL_CCW);
  const FrameUniforms uniforms{viewProj, frame.cameraPosition, glm::vec2(frame.viewportSize)};

  // Opaque first, then what blends over it.
  m_groundImage.draw(uniforms);
  const bool translucent = m_path == BarPath::Instanced && m_bars.translucent();
  if (m_path == BarPath::Instanced) m_bars.orderFrontToBack(frame.cameraPosition);
  if (m_path == BarPath::Instanced && !translucent) {
    m_bars.draw(uniforms, m_footprint, m_options.edgeStrength);
  } else if (m_path == BarPath::HeightMap) {
    m_heightMap.draw(uniforms);  // opaque whatever the bars' alpha (level of detail)
  }
  m_arrows.draw(uniforms);
  if (translucent) m_bars.drawTranslucent(uniforms, m_footprint, m_options.edgeStrength);
  // Grid lines fade from the far side of the scene outwards.
  const glm::vec3 center = 0.5f * (m_boundsMin + m_boundsMax);
  const float radius = std::max(0.5f * glm::length(m_boundsMax - m_boundsMin), 1.0f);
  const float distance = glm::length(frame.cameraPosition - center);
  m_grid.draw(uniforms, m_grids, distance + 0.5f * radius, distance + 2.0f * radius);
  glUseProgram(0);
}

}  // namespace gfx
