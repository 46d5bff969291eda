// Level of detail for large height-fields: one grid mesh over [0,1]^2 displaced by a height
// texture (one texel per cell: the height and its central differences along x and z, see
// gfx::heightsAndSlopes) instead of one cube per cell. One fetch per vertex gives its position
// and normal; the fragment stage makes one more for the colour.
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
  vec3 texel = textureLod(u_height, texcoord, u_heightLod).rgb;  // height, its slopes per texel
  float height = texel.x;
  // The outer ring stands on the ground (a coarse mip level would lift it, opening a gap under
  // the field's edge): the border texels are empty, so this only closes the skirt.
  if (a_uv.x <= 0.0 || a_uv.x >= 1.0 || a_uv.y <= 0.0 || a_uv.y >= 1.0) height = 0.0;
  v_normal = vec3(-texel.y / u_cellSize.x, 1.0, -texel.z / u_cellSize.y);
  vec3 world =
      vec3(u_origin.x + a_uv.x * u_extent.x, u_base + height, u_origin.y + a_uv.y * u_extent.y);
  v_world = world;
  v_above = height;
  v_texcoord = texcoord;
  gl_Position = u_viewProj * vec4(world, 1.0);
}
