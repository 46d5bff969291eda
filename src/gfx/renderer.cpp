#include "gfx/renderer.hpp"

#include <algorithm>

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
  // Only the active path holds bars; the other is emptied so its memory goes.
  const std::span<const scene::BarInstance> none;
  m_bars.upload(m_path == BarPath::Instanced ? std::span(scene.bars) : none, scene.levels);
  m_heightMap.upload(m_path == BarPath::HeightMap ? std::span(scene.bars) : none, scene.levels);
  m_arrows.upload(scene.arrows);
  m_groundImage.upload(scene.ground);
  m_grids = scene.grids;
  m_footprint = scene.bar_footprint;
  m_boundsMin = scene.bounds_min;
  m_boundsMax = scene.bounds_max;
}

void Renderer::draw(const FrameInfo& frame) {
  if (frame.viewportSize.x > 0 && frame.viewportSize.y > 0) {
    glViewport(frame.viewportOrigin.x, frame.viewportOrigin.y, frame.viewportSize.x,
               frame.viewportSize.y);
  }
  glDisable(GL_BLEND);
  glDepthMask(GL_TRUE);
  glClearDepth(1.0);
  if (frame.transparentBackground) {
    glClearColor(0.0f, 0.0f, 0.0f, 0.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  } else if (frame.drawBackground) {
    glClear(GL_DEPTH_BUFFER_BIT);
    m_background.draw(frame.viewportOrigin, frame.viewportSize, frame.backgroundTop,
                      frame.backgroundBottom);
  } else {
    glClearColor(frame.backgroundBottom.r, frame.backgroundBottom.g, frame.backgroundBottom.b,
                 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  }

  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);
  glEnable(GL_CULL_FACE);
  glCullFace(GL_BACK);
  glFrontFace(GL_CCW);
  const FrameUniforms uniforms{frame.proj * frame.view, frame.cameraPosition};

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
