// Vertical gradient with a soft vignette; a tiny ordered dither hides 8-bit banding.
in vec2 v_uv;
uniform vec3 u_top;
uniform vec3 u_bottom;
out vec4 o_color;

void main() {
  vec3 color = mix(u_bottom, u_top, smoothstep(0.0, 1.0, v_uv.y));
  vec2 centered = v_uv - 0.5;
  color *= 1.0 - 0.35 * dot(centered, centered);
  // 4x4 Bayer threshold in [-0.5, 0.5) / 255: deterministic, so golden images stay stable.
  ivec2 p = ivec2(gl_FragCoord.xy) & 3;
  int bayer[16] = int[16](0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5);
  color += (float(bayer[p.y * 4 + p.x]) / 16.0 - 0.5) / 255.0;
  o_color = vec4(color, 1.0);
}
