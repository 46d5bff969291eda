// Shared surface shading (fragment stage) for bars, height map and arrows: a directional key
// light from the upper right front, a sky/ground hemisphere ambient, a soft specular and a faint
// rim so silhouettes separate from the dark background. Colours are the colormap's (sRGB) values
// lit directly; no linear-space conversion, so a fully lit top face shows the colormap colour.

const vec3 kKeyLightDir = vec3(0.4575, 0.8134, 0.3594);  // normalize(0.45, 0.8, 0.3535)

vec3 shadeSurface(vec3 albedo, vec3 n, vec3 viewDir) {
  float key = max(dot(n, kKeyLightDir), 0.0);
  vec3 ambient = mix(vec3(0.20, 0.21, 0.25), vec3(0.40, 0.42, 0.47), 0.5 + 0.5 * n.y);
  vec3 color = albedo * (ambient + 0.72 * key);
  // Powers by multiplication: a software renderer's pow() is a log and an exp per pixel.
  vec3 halfway = normalize(kKeyLightDir + viewDir);
  float h = max(dot(n, halfway), 0.0);
  float h2 = h * h, h4 = h2 * h2, h8 = h4 * h4, h32 = h8 * h8 * h8 * h8;
  color += vec3(0.10) * (h32 * h8) * step(0.0, key);  // h^40
  float facing = 1.0 - max(dot(n, viewDir), 0.0);
  float rim = facing * facing * facing;
  color += rim * (0.12 * albedo + vec3(0.025));
  return color;
}
