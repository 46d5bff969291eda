// Growing uploads for instance buffers: reallocates (with headroom) only when the data outgrows
// the buffer, otherwise overwrites in place, so steady-state updates never reallocate (page
// faults are slow on llvmpipe machines).
#pragma once

#include <cstddef>

#include "gfx/gl_object.hpp"

namespace gfx {

// Binds `buffer` to GL_ARRAY_BUFFER and uploads `bytes` from `data`; `capacity` tracks the
// allocated size in bytes and is updated.
void uploadGrowing(const Buffer& buffer, size_t& capacity, const void* data, size_t bytes);

}  // namespace gfx
