in vec3 v_world;
in vec3 v_normal;
flat in vec4 v_color;

uniform vec3 u_cameraPos;

out vec4 o_color;

void main() {
  vec3 n = normalize(v_normal);
  vec3 viewDir = normalize(u_cameraPos - v_world);
  o_color = vec4(shadeSurface(v_color.rgb, n, viewDir), v_color.a);
}
