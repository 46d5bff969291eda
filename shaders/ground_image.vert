// The ground picture: one quad over [u_min, u_max] on the ground plane from gl_VertexID (triangle
// strip, no buffer), just below y = 0 so bars of nearly zero height do not z-fight with it.
uniform mat4 u_viewProj;
uniform vec2 u_min;  // world (x, z) of the picture's top-left corner
uniform vec2 u_max;  // and of its bottom-right corner
uniform float u_y;

out vec2 v_uv;      // (0, 0) top-left, (1, 1) bottom-right: texture coordinates of rows top-down
out vec2 v_ground;  // world (x, z)

void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
  vec2 ground = mix(u_min, u_max, corner);
  v_uv = corner;
  v_ground = ground;
  gl_Position = u_viewProj * vec4(ground.x, u_y, ground.y, 1.0);
}
