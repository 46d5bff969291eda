// Q/K/V arrows: one instanced shaft + cone per scene::ArrowInstance (see shaders/arrows.*).
// Opaque arrows are drawn first with depth writes; translucent ones (alpha < 1) after, blended,
// without depth writes (unsorted: overlapping translucent arrows may blend in either order).
#pragma once

#include <span>
#include <vector>

#include "gfx/frame.hpp"
#include "gfx/gl_object.hpp"
#include "scene/scene_data.hpp"

namespace gfx {

class ArrowRenderer {
 public:
  // Round heads while there are few arrows; above kFineArrowLimit (every token's q, k and v of a
  // long sequence) fewer sides each: thin cones are sliver triangles, which a software
  // rasterizer shades block by block whatever their area.
  static constexpr int kFineSegments = 16, kCoarseSegments = 8;
  static constexpr size_t kFineArrowLimit = 64;

  ArrowRenderer();  // needs a current context
  void upload(std::span<const scene::ArrowInstance> arrows);
  void draw(const FrameUniforms& frame) const;
  size_t count() const { return m_count; }

 private:
  void pointInstances(size_t first) const;  // instance attributes from instance `first` on

  Program m_program;
  Buffer m_mesh;
  Buffer m_instances;
  VertexArray m_vao;
  GLsizei m_fineVertices = 0, m_coarseVertices = 0;
  size_t m_capacity = 0, m_count = 0;
  size_t m_opaque = 0;  // instances [0, m_opaque) are opaque, the rest translucent
  std::vector<scene::ArrowInstance> m_staging;
  GLint m_viewProj = -1, m_cameraPos = -1;
};

}  // namespace gfx
