// One quad per GroundGrid on the ground plane, from gl_VertexID (triangle strip, no buffer),
// slightly larger than the grid so its border lines are not clipped: by u_margin, a quarter of the
// spacing, more than half a pixel wherever lines are drawn (grid.frag fades them out before a
// pixel grows to half the spacing).
uniform mat4 u_viewProj;
uniform vec2 u_min;
uniform vec2 u_max;
uniform float u_margin;
uniform float u_y;

out vec2 v_ground;

void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
  vec2 ground = mix(u_min - u_margin, u_max + u_margin, corner);
  v_ground = ground;
  gl_Position = u_viewProj * vec4(ground.x, u_y, ground.y, 1.0);
}
