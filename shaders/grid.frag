// Anti-aliased grid lines about one pixel wide (computed per pixel, so they stay crisp at any
// distance). Lines fade out where they would crowd closer than a few pixels, and with distance
// from the camera.
in vec2 v_ground;

uniform vec2 u_min;
uniform vec2 u_max;
uniform float u_spacing;
uniform vec4 u_color;
uniform vec3 u_cameraPos;
uniform vec2 u_fade;  // distance where fading starts, distance where lines are gone

out vec4 o_color;

void main() {
  vec2 coord = (v_ground - u_min) / u_spacing;
  vec2 perPixel = max(fwidth(coord), vec2(1e-6));
  vec2 toLine = abs(fract(coord + 0.5) - 0.5) / perPixel;  // pixels to the nearest line
  float line = 1.0 - min(min(toLine.x, toLine.y), 1.0);

  // Only inside the grid's extent (half a pixel of slack keeps the border lines whole).
  vec2 slack = 0.5 * perPixel * u_spacing;
  vec2 inside = step(u_min - slack, v_ground) * step(v_ground, u_max + slack);
  line *= inside.x * inside.y;

  line *= 1.0 - smoothstep(0.2, 0.45, max(perPixel.x, perPixel.y));
  float distance = length(vec3(v_ground.x, 0.0, v_ground.y) - u_cameraPos);
  line *= 1.0 - smoothstep(u_fade.x, u_fade.y, distance);
  // No discard where there is no line: blending alpha 0 changes nothing, and a shader without
  // discard lets llvmpipe skip the pixels hidden behind bars before shading them.
  o_color = vec4(u_color.rgb, u_color.a * line);
}
