// Cell colour from the colour texture (nearest: one colour per cell, alpha 0 where no bar is),
// lit with the per-vertex normal; darker below the ground. Where the mesh is coarser than the
// texture, its slopes down to empty cells span several texels: those fragments take the average
// colour of the bars nearby from a mip level one step coarser than the mesh's vertex spacing
// (empty texels are transparent black, so rgb / a is that average) instead of leaving holes.
in vec3 v_world;
in float v_above;
in vec3 v_normal;
in vec2 v_texcoord;

uniform sampler2D u_color;
uniform vec3 u_cameraPos;
uniform vec2 u_cellSize;
uniform float u_heightLod;

out vec4 o_color;

void main() {
  vec4 albedo = textureLod(u_color, v_texcoord, 0.0);
  if (albedo.a < 0.5) {
    vec4 nearby = textureLod(u_color, v_texcoord, u_heightLod + 1.0);
    if (nearby.a < 0.02) discard;
    albedo.rgb = nearby.rgb / nearby.a;
  }
  vec3 n = normalize(v_normal);
  if (!gl_FrontFacing) n = -n;  // surfaces below the ground are seen from below too
  vec3 viewDir = normalize(u_cameraPos - v_world);
  vec3 color = shadeSurface(albedo.rgb, n, viewDir);
  color *= mix(1.0, 0.6, smoothstep(0.0, 3.0 * u_cellSize.x, -v_above));
  o_color = vec4(color, 1.0);
}
