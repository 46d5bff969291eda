// The picture unlit (its own colours), then what goes over it: the heat layer (colours with their
// opacity, bilinear between patch centres), thin patch grid lines, and an outlined rectangle (the
// query patch) about two pixels wide at any distance.
in vec2 v_uv;
in vec2 v_ground;

uniform sampler2D u_image;
uniform sampler2D u_overlay;
uniform bool u_hasOverlay;
uniform float u_brightness;
uniform float u_gridCells;  // 0: no grid lines
uniform vec4 u_gridColor;
uniform vec4 u_highlight;  // world min.x, min.z, max.x, max.z; empty when max <= min
uniform vec4 u_highlightColor;

out vec4 o_color;

void main() {
  vec3 color = texture(u_image, v_uv).rgb * u_brightness;
  if (u_hasOverlay) {
    vec4 heat = texture(u_overlay, v_uv);
    color = mix(color, heat.rgb, heat.a);
  }
  if (u_gridCells > 0.0) {
    vec2 coord = v_uv * u_gridCells;
    vec2 perPixel = max(fwidth(coord), vec2(1e-6));
    vec2 toLine = abs(fract(coord + 0.5) - 0.5) / perPixel;  // pixels to the nearest line
    float line = 1.0 - min(min(toLine.x, toLine.y), 1.0);
    line *= 1.0 - smoothstep(0.2, 0.45, max(perPixel.x, perPixel.y));  // too dense: gone
    color = mix(color, u_gridColor.rgb, u_gridColor.a * line);
  }
  if (u_highlight.z > u_highlight.x && u_highlight.w > u_highlight.y) {
    // Pixels from the rectangle's border, measured inwards: the outline lies just inside it.
    vec2 perPixel = max(fwidth(v_ground), vec2(1e-6));
    vec2 inside = min(v_ground - u_highlight.xy, u_highlight.zw - v_ground) / perPixel;
    float d = min(inside.x, inside.y);
    float outline = (1.0 - smoothstep(2.0, 3.0, d)) * step(-0.5, d);
    color = mix(color, u_highlightColor.rgb, u_highlightColor.a * outline);
  }
  o_color = vec4(color, 1.0);
}
