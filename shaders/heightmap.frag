// Cell colour from the colour texture (nearest: one colour per cell, alpha 0 where no bar is);
// normal from central differences of the height texture.
in vec3 v_world;
in vec2 v_texcoord;

uniform sampler2D u_height;
uniform sampler2D u_color;
uniform vec3 u_cameraPos;
uniform vec2 u_texels;
uniform vec2 u_cellSize;  // world size of one texel along x, z

out vec4 o_color;

void main() {
  vec4 albedo = texture(u_color, v_texcoord);
  if (albedo.a < 0.5) discard;
  vec2 texel = 1.0 / u_texels;
  float left = texture(u_height, v_texcoord - vec2(texel.x, 0.0)).r;
  float right = texture(u_height, v_texcoord + vec2(texel.x, 0.0)).r;
  float down = texture(u_height, v_texcoord - vec2(0.0, texel.y)).r;
  float up = texture(u_height, v_texcoord + vec2(0.0, texel.y)).r;
  vec3 n = normalize(vec3((left - right) / (2.0 * u_cellSize.x), 1.0,
                          (down - up) / (2.0 * u_cellSize.y)));
  if (!gl_FrontFacing) n = -n;  // surfaces below the ground are seen from below too
  vec3 viewDir = normalize(u_cameraPos - v_world);
  vec3 color = shadeSurface(albedo.rgb, n, viewDir);
  color *= mix(1.0, 0.6, smoothstep(0.0, 3.0 * u_cellSize.x, -v_world.y));
  o_color = vec4(color, 1.0);
}
