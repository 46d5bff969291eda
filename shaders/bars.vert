// Instanced bars: one unit cube (x, z in [-0.5, 0.5], y in [0, 1]) per BarInstance. The cube is
// scaled by the height, so a negative bar is mirrored below the ground: its outside faces turn
// away and back-face culling shows its inside, a pit seen from above (a solid box would hide
// below its own lid at y = 0).
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec3 a_bar;  // x, z, height
layout(location = 3) in vec4 a_color;

uniform mat4 u_viewProj;
uniform float u_footprint;

out vec3 v_world;
out vec3 v_normal;
out vec3 v_local;  // position in the cube, [0, 1]^3, for edge lines
flat out vec3 v_size;  // world size of the bar along x, y, z
flat out vec4 v_color;

void main() {
  float h = a_bar.z;
  vec3 world = vec3(a_bar.x + a_position.x * u_footprint, a_position.y * h,
                    a_bar.y + a_position.z * u_footprint);
  // Pits are seen from inside: the shading normal of an inner wall points into the pit.
  v_normal = h < 0.0 ? vec3(-a_normal.x, a_normal.y, -a_normal.z) : a_normal;
  v_world = world;
  v_local = a_position + vec3(0.5, 0.0, 0.5);
  v_size = vec3(u_footprint, abs(h), u_footprint);
  v_color = a_color;
  gl_Position = u_viewProj * vec4(world, 1.0);
}
