// Bars: one unit cube (x, z in [-0.5, 0.5], y in [0, 1]) per BarInstance, scaled by the height.
// Vertex pulling instead of instancing: one plain draw of bars x mesh vertices; each vertex finds
// its bar (a texel of a buffer texture) and its mesh corner (uniform arrays) from gl_VertexID.
// llvmpipe pays a large fixed cost per instance, several times the cost of the vertices.
//
// TOWERS (height >= 0): the mesh holds only the +x, +y and +z faces; each is mirrored to whichever
// of its pair faces the camera, or dropped when neither does. A box never shows more than three
// faces, so this halves the vertex work of a full cube with back-face culling (llvmpipe's cost).
// Otherwise (pits, height < 0): the full cube, mirrored below the ground by the negative height,
// so its outside faces turn away and back-face culling shows its inside, a pit seen from above
// (a solid box would hide below its own lid at y = 0).
uniform usamplerBuffer u_bars;  // RGBA32UI per bar: x, z, height (float bits), colour (RGBA8)
uniform int u_firstBar;
uniform int u_meshVertices;  // 18 (towers) or 36 (pits)
uniform vec3 u_meshPosition[36];
uniform vec3 u_meshNormal[36];
uniform mat4 u_viewProj;
uniform float u_footprint;
uniform vec3 u_cameraPos;
uniform float u_base;  // the floor the bars stand on (0: the ground; the rollout's levels above it)

out vec3 v_world;
out float v_above;  // height above the floor (negative in pits)
out vec3 v_normal;
out vec3 v_local;  // position in the cube, [0, 1]^3, for edge lines
flat out vec3 v_size;  // world size of the bar along x, y, z
flat out vec4 v_color;

void main() {
  int corner = gl_VertexID % u_meshVertices;
  uvec4 raw = texelFetch(u_bars, u_firstBar + gl_VertexID / u_meshVertices);
  vec3 a_bar = uintBitsToFloat(raw.xyz);  // x, z, height
  vec4 a_color = vec4(uvec4(raw.w, raw.w >> 8u, raw.w >> 16u, raw.w >> 24u) & 0xffu) / 255.0;
  float h = a_bar.z;
  vec3 p = u_meshPosition[corner];
  vec3 n = u_meshNormal[corner];
#ifdef TOWERS
  // Which side of the bar the camera is on, per axis: +1, -1, or 0 inside the bar's slab.
  float halfWidth = 0.5 * u_footprint;
  vec2 toCamera = u_cameraPos.xz - a_bar.xy;
  float side;
  if (n.x > 0.5) {
    side = toCamera.x > halfWidth ? 1.0 : (toCamera.x < -halfWidth ? -1.0 : 0.0);
    p.x *= side;
    n.x = side;
  } else if (n.z > 0.5) {
    side = toCamera.y > halfWidth ? 1.0 : (toCamera.y < -halfWidth ? -1.0 : 0.0);
    p.z *= side;
    n.z = side;
  } else {
    float cameraY = u_cameraPos.y - u_base;
    side = cameraY > h ? 1.0 : (cameraY < 0.0 ? -1.0 : 0.0);
    p.y = side > 0.0 ? 1.0 : 0.0;
    n.y = side;
  }
  if (side == 0.0) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // neither face of the pair is visible
    return;
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
