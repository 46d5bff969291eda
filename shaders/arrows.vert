// Instanced arrows: a shaft and a head (cone) along the instance vector. The mesh is in a unit
// frame (radial direction in xy, axial position in z); the frame is built here from the vector,
// so instances need no matrices. The shaft is a ribbon turned to face the camera, as wide as the
// cylinder it stands for; the fragment shader bends its normal across the width (v_across) so it
// is lit like that cylinder.
layout(location = 0) in vec4 a_shape;  // radial dir x, y; radial scale (0 or 1); axial 0..1
layout(location = 1) in float a_part;  // 0 shaft ribbon, 1 cone wall, 2 cone base cap
layout(location = 2) in vec3 a_origin;
layout(location = 3) in vec3 a_vector;
layout(location = 4) in vec4 a_color;
layout(location = 5) in float a_radius;

uniform mat4 u_viewProj;
uniform vec3 u_cameraPos;

out vec3 v_world;
out vec3 v_normal;  // the cone's normal; on the shaft its side component (+-side across)
out vec3 v_front;   // on the shaft, the normal at its middle (towards the camera); else 0
out float v_across; // on the shaft, -1..1 across its width; else 1
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
  vec3 world;
  v_front = vec3(0.0);
  v_across = 1.0;
  if (part == 0) {
    vec3 axis = a_origin + w * (a_shape.w * shaftLength);
    vec3 toCamera = u_cameraPos - axis;
    vec3 side = cross(w, toCamera);
    // Seen straight along its axis the shaft hides behind the cone's cap: any side will do.
    side = dot(side, side) > 1e-12 ? normalize(side) : u;
    world = axis + side * (dir.x * a_radius);
    v_normal = side * dir.x;
    v_front = cross(side, w);
    v_across = dir.x;
  } else {
    vec3 local;
    vec3 localNormal;
    if (part == 1) {
      local = vec3(dir * headRadius * a_shape.z, shaftLength + a_shape.w * headLength);
      localNormal = normalize(vec3(dir * headLength, headRadius));
    } else {
      local = vec3(dir * headRadius * a_shape.z, shaftLength);
      localNormal = vec3(0.0, 0.0, -1.0);
    }
    world = a_origin + u * local.x + v * local.y + w * local.z;
    v_normal = u * localNormal.x + v * localNormal.y + w * localNormal.z;
  }
  v_world = world;
  v_color = a_color;
  gl_Position = u_viewProj * vec4(world, 1.0);
}
