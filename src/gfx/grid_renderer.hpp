// Ground grids (scene::GroundGrid): anti-aliased lines computed per pixel on one quad per grid,
// blended over the scene, fading with distance (see shaders/grid.*).
#pragma once

#include <span>

#include "gfx/frame.hpp"
#include "gfx/gl_object.hpp"
#include "scene/scene_data.hpp"

namespace gfx {

class GridRenderer {
 public:
  GridRenderer();  // needs a current context
  // `fadeStart`/`fadeEnd`: camera distances where lines start to fade and are gone.
  void draw(const FrameUniforms& frame, std::span<const scene::GroundGrid> grids, float fadeStart,
            float fadeEnd) const;

 private:
  Program m_program;
  VertexArray m_vao;  // empty: core profile needs one bound to draw
  GLint m_viewProj = -1, m_min = -1, m_max = -1, m_margin = -1, m_y = -1, m_spacing = -1,
        m_color = -1, m_cameraPos = -1, m_fade = -1;
};

}  // namespace gfx
