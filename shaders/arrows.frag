in vec3 v_world;
in vec3 v_normal;
in vec3 v_front;
in float v_across;
flat in vec4 v_color;

uniform vec3 u_cameraPos;

out vec4 o_color;

void main() {
  // On the shaft: the normal of a cylinder at this point across the ribbon; on the cone v_front
  // is 0 and the normal is v_normal's.
  vec3 n = normalize(v_normal + sqrt(max(1.0 - v_across * v_across, 0.0)) * v_front);
  vec3 viewDir = normalize(u_cameraPos - v_world);
  o_color = vec4(shadeSurface(v_color.rgb, n, viewDir), v_color.a);
}
