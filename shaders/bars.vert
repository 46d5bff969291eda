// Bars: one unit cube (x, z in [-0.5, 0.5], y in [0, 1]) per BarInstance, scaled by the height.
// Vertex pulling instead of instancing: one plain draw of bars x mesh vertices; each vertex finds
// its bar (a texel of a buffer texture) and its mesh corner (uniform arrays) from gl_VertexID.
// llvmpipe pays a large fixed cost per instance, several times the cost of the vertices.
//
// TOWERS (height >= 0): the mesh is the +x, +y and +z faces on 7 shared corners (an indexed draw,
// so each corner is shaded once), mirrored towards the camera. A box never shows more than three
// faces; vertex work is llvmpipe's main cost for many bars.
// Otherwise (pits, height < 0): the full cube, mirrored below the ground by the negative height,
// so its outside faces turn away and back-face culling shows its inside, a pit seen from above
// (a solid box would hide below its own lid at y = 0).
// Normals are flat: the mesh gives each triangle's last (provoking) vertex its face's normal.
uniform usamplerBuffer u_bars;  // RGBA32UI per bar: x, z, height (float bits), colour (RGBA8)
uniform int u_firstBar;
uniform int u_meshVertices;  // 7 corners (towers) or 36 vertices (pits)
uniform vec3 u_meshPosition[36];
uniform vec3 u_meshNormal[36];
uniform mat4 u_viewProj;
uniform float u_footprint;
uniform vec3 u_cameraPos;
uniform float u_base;  // the floor the bars stand on (0: the ground; the rollout's levels above it)
#ifdef TOWERS
uniform vec2 u_halfViewport;  // pixels (0: walls are never folded)
#endif

out vec3 v_world;
out float v_above;  // height above the floor (negative in pits)
flat out vec3 v_normal;
out vec3 v_local;  // position in the cube, [0, 1]^3, for edge lines
flat out vec3 v_size;  // world size of the bar along x, y, z
flat out vec4 v_color;

void main() {
  int corner = gl_VertexID % u_meshVertices;
  uvec4 raw = texelFetch(u_bars, u_firstBar + gl_VertexID / u_meshVertices);
  vec3 a_bar = uintBitsToFloat(raw.xyz);  // x, z, height
  vec4 a_color = vec4(uvec4(raw.w, raw.w >> 8u, raw.w >> 16u, raw.w >> 24u) & 0xffu) / 255.0;
  if (a_color.a < 0.5 / 255.0) {
    // Fully transparent: neither colour nor depth. Dropped here rather than by a discard in the
    // fragment shader, which would cost every bar llvmpipe's early depth test.
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    return;
  }
  float h = a_bar.z;
  vec3 p = u_meshPosition[corner];
  vec3 n = u_meshNormal[corner];
#ifdef TOWERS
  // The shell turns its side faces to the camera's side of the bar, and upside down (the floor
  // face instead of the top) when the camera is below the floor. A face whose pair are both turned
  // away (the camera within the bar's slab) lies behind the others: the depth test hides it.
  vec2 side = mix(vec2(-1.0), vec2(1.0), greaterThanEqual(u_cameraPos.xz, a_bar.xy));
  p.xz *= side;
  n.xz *= side;
  bool below = u_cameraPos.y < u_base;
  if (below) {
    p.y = 1.0 - p.y;
    n.y = -n.y;
  }
  // Walls under half a pixel tall on screen fold into the cap: their triangles lose all area, and
  // llvmpipe drops them before rasterizing, where a sliver costs every 4x4 block it runs through
  // (most bars of a softmax are that low). At most a dotted row of pixels changes.
  vec4 floorClip = u_viewProj * vec4(a_bar.x, u_base, a_bar.y, 1.0);
  vec4 capClip = floorClip + h * u_viewProj[1];  // the same point h higher
  if (u_halfViewport.x > 0.0 && floorClip.w > 0.0 && capClip.w > 0.0) {
    vec2 wall = (capClip.xy / capClip.w - floorClip.xy / floorClip.w) * u_halfViewport;
    if (dot(wall, wall) < 0.25) p.y = below ? 0.0 : 1.0;
  }
  v_normal = n;
#else
  // Pits are seen from inside: the shading normal of an inner wall points into the pit.
  v_normal = vec3(-n.x, n.y, -n.z);
#endif
  vec3 world = vec3(a_bar.x + p.x * u_footprint, u_base + p.y * h, a_bar.y + p.z * u_footprint);
  v_world = world;
  v_above = p.y * h;
  v_local = p + vec3(0.5, 0.0, 0.5);
  v_size = vec3(u_footprint, abs(h), u_footprint);
  v_color = a_color;
  gl_Position = u_viewProj * vec4(world, 1.0);
}
