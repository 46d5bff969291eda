// Instanced arrows: a shaft (cylinder) and a head (cone) along the instance vector. The mesh is in
// a unit frame (radial direction in xy, axial position in z); the frame is built here from the
// vector, so instances need no matrices.
layout(location = 0) in vec4 a_shape;  // radial dir x, y; radial scale (0 or 1); axial 0..1
layout(location = 1) in float a_part;  // 0 shaft wall, 1 shaft base cap, 2 cone wall, 3 cone base cap
layout(location = 2) in vec3 a_origin;
layout(location = 3) in vec3 a_vector;
layout(location = 4) in vec4 a_color;
layout(location = 5) in float a_radius;

uniform mat4 u_viewProj;

out vec3 v_world;
out vec3 v_normal;
flat out vec4 v_color;

void main() {
  float len = length(a_vector);
  if (len < 1e-6 || a_radius <= 0.0) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // outside the clip volume: not drawn
    return;
  }
  vec3 w = a_vector / len;
  vec3 helper = abs(w.y) < 0.99 ? vec3(0.0, 1.0, 0.0) : vec3(1.0, 0.0, 0.0);
  vec3 u = normalize(cross(helper, w));
  vec3 v = cross(w, u);

  float headLength = min(5.0 * a_radius, 0.45 * len);
  float headRadius = 2.4 * a_radius;
  float shaftLength = len - headLength;
  int part = int(a_part + 0.5);
  vec2 dir = a_shape.xy;
  vec3 local;
  vec3 localNormal;
  if (part == 0) {
    local = vec3(dir * a_radius * a_shape.z, a_shape.w * shaftLength);
    localNormal = vec3(dir, 0.0);
  } else if (part == 1) {
    local = vec3(dir * a_radius * a_shape.z, 0.0);
    localNormal = vec3(0.0, 0.0, -1.0);
  } else if (part == 2) {
    local = vec3(dir * headRadius * a_shape.z, shaftLength + a_shape.w * headLength);
    localNormal = normalize(vec3(dir * headLength, headRadius));
  } else {
    local = vec3(dir * headRadius * a_shape.z, shaftLength);
    localNormal = vec3(0.0, 0.0, -1.0);
  }
  vec3 world = a_origin + u * local.x + v * local.y + w * local.z;
  v_world = world;
  v_normal = u * localNormal.x + v * localNormal.y + w * localNormal.z;
  v_color = a_color;
  gl_Position = u_viewProj * vec4(world, 1.0);
}
