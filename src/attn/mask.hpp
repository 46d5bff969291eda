// Mask construction into a caller's buffer (the kernel reuses its storage between calls).
#pragma once

#include "attn/attention.hpp"

namespace attn {

// True when the inputs mask nothing at all (no spec, no explicit mask, no key padding).
bool masksNothing(const Inputs& in);

// mask: [N, M], resized and overwritten; 1 = masked. Same contents as buildMask().
void buildMaskInto(const Inputs& in, int n, int m, MaskMatrix& mask);

}  // namespace attn
