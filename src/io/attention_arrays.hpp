// The bridge between named arrays in files and the kernel's inputs and results, under the names
// `attnviz compute` writes and `--inputs` reads (PyTorch nn.MultiheadAttention conventions).
#pragma once

#include "attn/attention.hpp"
#include "attn/params.hpp"
#include "io/array.hpp"

namespace io {

// Inputs from a user's file: `x` [N, D] (required); optional `x_kv` [M, D], `w_q w_k w_v w_o`
// [D, D], `b_q b_k b_v b_o` [D], `mask` [N, M] (true = masked), `key_padding_mask` [M], `tokens`
// [N], `source_tokens` [M]. Missing weights come from `params` (seeded Xavier), missing biases are
// zero; heads, mask spec and temperature come from `params`. Wrong shapes throw core::DataError
// naming the array, expected and got.
attn::Inputs inputsFromArrays(const NamedArrays& arrays, const attn::Params& params,
                              std::string_view fileName);

// Every intermediate of a forward pass plus the inputs that made it (see docs/FORMAT.md).
NamedArrays resultToArrays(const attn::Result& result, const attn::Inputs& inputs);

}  // namespace io
