// Level of detail for large height-fields: one grid mesh over [0,1]^2 displaced by a height
// texture (R32F, one texel per cell) instead of one cube per cell. Normals come from central
// differences here, per vertex, so the fragment stage makes one texture fetch.
layout(location = 0) in vec2 a_uv;  // mesh vertex, [0,1]^2

uniform mat4 u_viewProj;
uniform sampler2D u_height;
uniform vec2 u_origin;    // world x, z of the centre of texel (0, 0)
uniform vec2 u_extent;    // world distance from the first to the last texel centre
uniform vec2 u_texels;    // texture size
uniform vec2 u_cellSize;  // world distance between texel centres along x, z
uniform float u_heightLod;  // > 0 when the mesh is coarser than the texture
uniform float u_base;       // the floor the surface stands on (0: the ground)

out vec3 v_world;
out float v_above;  // height above the floor
out vec3 v_normal;
out vec2 v_texcoord;

void main() {
  // Mesh vertices land on texel centres.
  vec2 texcoord = (0.5 + a_uv * (u_texels - 1.0)) / u_texels;
  float height = textureLod(u_height, texcoord, u_heightLod).r;
  // The outer ring stands on the ground (a coarse mip level would lift it, opening a gap under
  // the field's edge): the border texels are empty, so this only closes the skirt.
  if (a_uv.x <= 0.0 || a_uv.x >= 1.0 || a_uv.y <= 0.0 || a_uv.y >= 1.0) height = 0.0;
  // Central differences one vertex spacing apart (one texel at full resolution).
  float spacing = exp2(u_heightLod);
  vec2 texel = spacing / u_texels;
  float left = textureLod(u_height, texcoord - vec2(texel.x, 0.0), u_heightLod).r;
  float right = textureLod(u_height, texcoord + vec2(texel.x, 0.0), u_heightLod).r;
  float down = textureLod(u_height, texcoord - vec2(0.0, texel.y), u_heightLod).r;
  float up = textureLod(u_height, texcoord + vec2(0.0, texel.y), u_heightLod).r;
  vec2 run = 2.0 * spacing * u_cellSize;
  v_normal = vec3((left - right) / run.x, 1.0, (down - up) / run.y);
  vec3 world =
      vec3(u_origin.x + a_uv.x * u_extent.x, u_base + height, u_origin.y + a_uv.y * u_extent.y);
  v_world = world;
  v_above = height;
  v_texcoord = texcoord;
  gl_Position = u_viewProj * vec4(world, 1.0);
}
