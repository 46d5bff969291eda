// The plain parameter struct edited by the UI, the command line and session files, and the
// generators that turn it into kernel inputs without any file. Everything is seeded and identical
// on every platform (core::Rng).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attn/attention.hpp"
#include "attn/patch_embeddings.hpp"

namespace attn {

enum class Pattern {
  Random,       // Xavier-random weights over the embeddings
  Local,        // each token attends near itself
  Global,       // a few hub tokens attract every query
  Translation,  // cross-attention: monotone, slightly reordered source→target alignment
};

struct Params {
  int seq = 8;         // N; ignored when text is given (N = number of tokens)
  int source_seq = 0;  // M for cross-attention; 0 = self-attention (Translation defaults it)
  int d_model = 64;    // D
  int heads = 4;       // H, must divide D
  MaskSpec mask;
  float temperature = 1.0f;
  uint64_t seed = 1;
  std::string text;         // whitespace-tokenised; empty = generated token names
  std::string source_text;  // keys' text for cross-attention; empty = generated
  Pattern pattern = Pattern::Random;
  PatchParams patch;  // the Vision Transformer view: how an image becomes patch tokens
};

// Lower-case names used by the CLI and session files: "random", "local", "global", "translation".
const char* patternName(Pattern p);
Pattern parsePattern(const std::string& name);  // throws core::UsageError listing the choices

// "none", "causal", "local:W".
std::string maskName(const MaskSpec& mask);
MaskSpec parseMask(const std::string& text);  // throws core::UsageError

// Whitespace tokenizer (UTF-8 safe: splits on ASCII whitespace only).
std::vector<std::string> tokenize(const std::string& text);

// Checks sizes (positive, D % H == 0, memory needed for every intermediate below a budget, saying
// how much it would need) and builds the inputs: embeddings (per-token seeded vectors + sinusoidal
// positions), Xavier weights, zero biases, and the pattern's structure.
// Without text, queries are named "t0".."t{N-1}" and cross-attention keys "s0".."s{M-1}"; the
// Translation pattern without any text uses a built-in English → French pair tiled to N and M
// (M = N unless --source-seq is given). Self-attention leaves source_tokens empty.
// The patterns (see inputs.cpp) replace the last 3 embedding dimensions by structure channels and
// need D >= 3 and d_k >= 2 (Local, Translation) or d_k >= 1 (Global); below that they fall back to
// the Random weights.
Inputs makeInputs(const Params& params);

// The size checks of makeInputs alone (throws core::UsageError with an actionable message).
void checkParams(const Params& params);

// Bytes a forward pass of this size would take: its inputs (x, x_kv, weights) and every
// intermediate the Result holds (q, k, v, scores, weights, head_out, concat, out, mask, pca); m = 0
// means self-attention. The CLI and UI refuse sizes above kMemoryBudget with this figure.
double forwardBytes(int n, int m, int d_model, int heads);

// Sinusoidal positional encodings (Vaswani et al. 2017), [count, d]:
// PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(pos / 10000^(2i/d)).
Matrix positionalEncoding(int count, int d);

// Key columns the Global pattern makes hubs: the first token and punctuation tokens, or the first
// and every 5th token when there is no punctuation.
std::vector<int> hubTokens(const std::vector<std::string>& key_tokens);

// Translation pattern: the source (key) column each target (query) row is aligned to — monotone
// with adjacent swaps at rows (1,2), (5,6), …; empty for other patterns.
std::vector<int> translationAlignment(const Params& params);
inline constexpr double kMemoryBudget = 8.0 * 1024 * 1024 * 1024;

}  // namespace attn
