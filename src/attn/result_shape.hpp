// Shared by forward() and reference(): a result's sizes and labels, which are bookkeeping, not the
// math the reference exists to check independently.
#pragma once

#include "attn/attention.hpp"

namespace attn {

// Sets n, m, d_model, heads, d_k, temperature, tokens and source_tokens (self-attention: the keys
// are the queries' tokens) from validated inputs.
inline void setResultShape(const Inputs& in, Result& r) {
  r.n = static_cast<int>(in.x.rows());
  r.m = static_cast<int>(in.keySource().rows());
  r.d_model = static_cast<int>(in.x.cols());
  r.heads = in.heads;
  r.d_k = r.d_model / in.heads;
  r.temperature = in.temperature;
  r.tokens = in.tokens;
  r.source_tokens = in.isCross() || !in.source_tokens.empty() ? in.source_tokens : in.tokens;
}

}  // namespace attn
