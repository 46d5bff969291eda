// The scene renderer: draws a scene::SceneData into whatever framebuffer is bound (a GLFW window
// or an OffscreenTarget); it does not know which context it runs in. Draws the background and the
// scene only; labels and ImGui go on top afterwards. Order: background, the ground picture, opaque
// bars, arrows, translucent bars, grids.
//
// With a GLFW window: make its context current, gladLoadGL(glfwGetProcAddress), then
// gfx::installDebugOutput(DebugMode::Log), then construct the Renderer. Headless: construct a
// gfx::HeadlessContext (it loads GL itself) and bind an OffscreenTarget before draw(). Destroy the
// Renderer while its context is current.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <glm/glm.hpp>

#include "gfx/arrow_renderer.hpp"
#include "gfx/background_renderer.hpp"
#include "gfx/bar_renderer.hpp"
#include "gfx/gl_object.hpp"
#include "gfx/grid_renderer.hpp"
#include "gfx/ground_image_renderer.hpp"
#include "gfx/height_map_renderer.hpp"
#include "scene/scene_data.hpp"

namespace gfx {

// How the height-field bars are drawn.
enum class BarPath {
  Instanced,  // one lit cube per cell (exact, readable)
  HeightMap,  // one displaced grid mesh (level of detail for large inputs)
};
enum class PathChoice { Auto, Instanced, HeightMap };
const char* pathName(BarPath path);

struct RendererOptions {
  // Auto: instanced bars up to this many cells, the height map above (llvmpipe draws 64K bars in
  // about 0.1 s at 1280x720, a GPU in well under a millisecond; see bench/render).
  size_t cellBudget = 256 * 256;
  PathChoice path = PathChoice::Auto;
  float edgeStrength = 0.45f;  // darkening of bar edges, 0 = none
  // llvmpipe's cost is about proportional to triangles (~1.3 M/s on 2 busy cores); 64K vertices
  // (128K triangles, ~720 x 90 for 8 heads side by side) is about one per pixel of the field.
  int heightMapMaxVertices = 1 << 16;
  // Auto, with at least kMinCellsForSmallBars bars: the height map also while a bar is narrower
  // than this many pixels on screen (0: never). For software renderers, whose cost is per
  // triangle: bars a pixel or two wide look like the height map anyway.
  float minBarPixels = 0.0f;
};
inline constexpr size_t kMinCellsForSmallBars = 128 * 128;

struct FrameInfo {
  glm::mat4 view{1.0f}, proj{1.0f};
  glm::vec3 cameraPosition{0.0f};
  glm::ivec2 viewportOrigin{0}, viewportSize{0};  // pixels; size 0 keeps the current viewport
  // Bars drawn as bars whatever their size on screen (RendererOptions::minBarPixels does not
  // apply): recordings, whose every frame is as exact as the scene.
  bool exactBars = false;
  // Vertical background gradient (equal colours for a flat background).
  glm::vec3 backgroundTop{0.155f, 0.180f, 0.225f};
  glm::vec3 backgroundBottom{0.055f, 0.063f, 0.082f};
  bool drawBackground = true;
  // Clear to transparent black instead of any background (recordings with alpha). Blending then
  // leaves the colour premultiplied by alpha; io::PngOptions::premultiplied divides it out.
  bool transparentBackground = false;
};

class Renderer {
 public:
  explicit Renderer(const RendererOptions& options = {});  // needs a current context

  // Re-uploads instance data only when scene.revision differs from the last upload (or the path
  // choice changed since).
  void upload(const scene::SceneData& scene);
  // Sets depth test, culling and blending as it needs them; leaves blending off, depth test on.
  void draw(const FrameInfo& frame);

  void setPathChoice(PathChoice choice);  // takes effect at the next upload()
  void setMinBarPixels(float pixels);     // RendererOptions::minBarPixels, from the next upload()
  BarPath activePath() const { return m_path; }  // the last frame's (the upload's before any)
  uint64_t uploadCount() const { return m_uploadCount; }
  const GroundImageRenderer& groundImage() const { return m_groundImage; }
  const RendererOptions& options() const { return m_options; }

 private:
  // minBarPixels: the path for the bars' size on screen in this frame.
  BarPath pathBySize(const FrameInfo& frame, const glm::mat4& viewProj) const;

  RendererOptions m_options;
  BarPath m_path = BarPath::Instanced;  // of the last frame
  // minBarPixels applies to the uploaded scene: both paths hold its bars, each frame picks one.
  bool m_sized = false;
  glm::vec3 m_sizedCenter{0.0f};  // the middle of the bars' footprint
  std::optional<uint64_t> m_uploadedRevision;
  uint64_t m_uploadCount = 0;
  float m_footprint = 0.9f;
  std::vector<scene::GroundGrid> m_grids;
  glm::vec3 m_boundsMin{0.0f}, m_boundsMax{0.0f};

  BackgroundRenderer m_background;
  BarRenderer m_bars;
  HeightMapRenderer m_heightMap;
  ArrowRenderer m_arrows;
  GridRenderer m_grid;
  GroundImageRenderer m_groundImage;
};

}  // namespace gfx
