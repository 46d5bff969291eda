// Lit bars with thin darker edges (screen-space width, faded out when a bar is only a few pixels
// wide), a contact shadow at the foot of towers and a darker floor deep in pits. The colour's
// alpha is the bar's opacity (the renderer blends translucent bars).
in vec3 v_world;
in float v_above;
flat in vec3 v_normal;
in vec3 v_local;
flat in vec3 v_size;
flat in vec4 v_color;

uniform vec3 u_cameraPos;
uniform float u_edgeStrength;

out vec4 o_color;

void main() {
  vec3 n = v_normal;
  vec3 viewDir = normalize(u_cameraPos - v_world);
  vec3 color = shadeSurface(v_color.rgb, n, viewDir);

  // Tops read as the value: a touch brighter than any wall.
  color *= 1.0 + 0.06 * step(0.5, n.y);
  // Fake ambient occlusion: walls darken towards the ground, pits towards their floor.
  float depth = abs(v_above);
  if (v_above >= 0.0) {
    color *= mix(0.72, 1.0, min(smoothstep(0.0, 0.6 * v_size.x, depth) + step(0.5, abs(n.y)), 1.0));
  } else {
    color *= mix(1.0, 0.55, smoothstep(0.0, 2.0 * v_size.x, depth));
  }

  // Distance (world units) to the nearest edge of the current face; the axis along the face
  // normal is ignored.
  vec3 toEdge = min(v_local, 1.0 - v_local) * v_size;
  vec3 axis = step(0.5, abs(n));
  toEdge = mix(toEdge, vec3(1e6), axis);
  float edge = min(toEdge.x, min(toEdge.y, toEdge.z));
  float pixel = max(fwidth(edge), 1e-6);
  float line = 1.0 - smoothstep(0.5, 1.5, edge / pixel);
  // Face width in pixels: no outlines once bars shrink to a few pixels (they would be all edge).
  float faceExtent = min(mix(v_size.x, 1e6, axis.x), min(mix(v_size.y, 1e6, axis.y),
                                                         mix(v_size.z, 1e6, axis.z)));
  line *= smoothstep(6.0, 16.0, faceExtent / pixel);
  color *= 1.0 - u_edgeStrength * line;

  o_color = vec4(color, v_color.a);  // blended only in the translucent pass
}
