// Vertical gradient with a soft vignette; a tiny dither hides 8-bit banding.
in vec2 v_uv;
uniform vec3 u_top;
uniform vec3 u_bottom;
out vec4 o_color;

void main() {
  vec3 color = mix(u_bottom, u_top, smoothstep(0.0, 1.0, v_uv.y));
  vec2 centered = v_uv - 0.5;
  color *= 1.0 - 0.35 * dot(centered, centered);
  // Interleaved gradient noise, +-0.5/255: deterministic (stable goldens) and cheaper on llvmpipe
  // than an indexed constant array.
  float noise = fract(52.9829189 * fract(dot(gl_FragCoord.xy, vec2(0.06711056, 0.00583715))));
  color += (noise - 0.5) / 255.0;
  o_color = vec4(color, 1.0);
}
