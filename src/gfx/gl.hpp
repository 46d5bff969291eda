// The one header that brings OpenGL declarations in (glad, 3.3 core + KHR_debug). Only gfx/ and
// its tests may include it; every other module talks to gfx types instead.
#pragma once

#include <glad/gl.h>
