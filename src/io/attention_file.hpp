// Files of real models' attention (.npz, .npy, .safetensors) recognised by name and shape, checked,
// and turned into an attn::ModelAttention [L, H, N, M]. docs/FORMAT.md describes the layouts; in
// short:
//
//   weights   the first of `attentions`, `attention`, `attn_weights`, `attn`, `weights`; or one
//             array per layer `attentions.0`, `attentions.1`, …; or the only numeric array of the
//             file (a bare .npy). Axes by rank: [N, M], [H, N, M], [L, H, N, M], [L, B, H, N, M];
//             a 4-D array is [B, H, N, M] only when the file says so (layout "BHNM" in the
//             safetensors metadata or in meta_json's "layout"); per-layer arrays are [N, M],
//             [H, N, M] or [B, H, N, M]. Any layout over the axes L B H N M, in that order and
//             ending in N M, can be given explicitly ("LNM": head-averaged weights per layer).
//   q, k, v   optional (q and k together, v only with them): the weights' leading axes, then
//             [N, d_k] for q and [M, d_k] for k and v (`q.0`, … beside per-layer weights).
//   tokens, source_tokens   a NumPy unicode array, UTF-8 JSON bytes (uint8) of a list of strings,
//             or the same JSON in the safetensors metadata.
//   meta_json UTF-8 JSON (uint8 bytes, a one-string unicode array, or safetensors metadata).
//
// Errors (core::DataError naming the file and the problem): no weights, shapes that do not fit,
// NaN/Inf, token counts that differ from N/M, q/k/v inconsistent with the weights (grouped-query
// k/v named as such), batch index out of range, arrays above the memory budget. Warnings (not
// fatal): negative weights, rows that do not sum to 1 (rows of all zeros are masked rows and
// fine), names ignored because an earlier one won.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "attn/model_attention.hpp"
#include "io/array.hpp"

namespace io {

// Float32 bytes attnviz holds for one attention file (weights and q/k/v after conversion).
inline constexpr uint64_t kAttentionMemoryBudget = uint64_t{2} << 30;

// The names searched for the weights, in order of preference.
inline constexpr std::string_view kAttentionNames[] = {"attentions", "attention", "attn_weights",
                                                       "attn", "weights"};

struct AttentionOptions {
  int batch = 0;       // the batch item of a layout with B
  std::string layout;  // overrides the file's layout ("BHNM", …); empty: the file's, else by rank
  uint64_t memory_budget = kAttentionMemoryBudget;
};

struct AttentionFile {
  attn::ModelAttention attention;
  std::string description;            // "attentions [L, B, H, N, M] = [12, 1, 12, 9, 9], batch 0"
  std::vector<std::string> warnings;  // one line each, naming the array and the problem
  uint64_t bytes = 0;                 // float32 bytes held by `attention`
};

// The arrays hold attention weights under a recognised name, or are a single numeric array.
bool holdsAttention(const NamedArrays& arrays);

AttentionFile attentionFromArrays(const NamedArrays& arrays, std::string_view fileName,
                                  const AttentionOptions& options = {});

// The canonical layout, itself an attention file: `weights` [L, H, N, M], `q` [L, H, N, d_k],
// `k` and `v` [L, H, M, d_k] (when present), `tokens`, `source_tokens` and `meta_json` (unicode,
// when present). For .npy/.npz: .safetensors holds no text arrays.
NamedArrays modelToArrays(const attn::ModelAttention& model);

// loadArrays, but a file larger than options.memory_budget + `allowance` bytes is refused before
// it is read.
NamedArrays loadAttentionArrays(const std::filesystem::path& path, const AttentionOptions& options,
                                uint64_t allowance = 0);

// loadAttentionArrays + attentionFromArrays.
AttentionFile loadAttentionFile(const std::filesystem::path& path,
                                const AttentionOptions& options = {});

}  // namespace io
