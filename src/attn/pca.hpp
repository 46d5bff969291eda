// Per-head pieces of projectTo3D, so that forward() can run the heads as parallel tasks.
#pragma once

#include "attn/attention.hpp"

namespace attn {

// Fills result.pca[h] from result.q/k/v; result.pca must already hold result.heads entries.
void projectHeadTo3D(Result& result, int h);

}  // namespace attn
