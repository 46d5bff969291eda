// The plain parameter struct edited by the UI, the command line and session files, and the
// generators that turn it into kernel inputs without any file. Everything is seeded and identical on
// every platform (core::Rng).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attn/attention.hpp"

namespace attn {

enum class Pattern {
  Random,       // Xavier-random weights over the embeddings
  Local,        // each token attends near itself
  Global,       // a few hub tokens attract every query
  Translation,  // cross-attention: monotone, slightly reordered source→target alignment
};

struct Params {
  int seq = 8;           // N; ignored when text is given (N = number of tokens)
  int source_seq = 0;    // M for cross-attention; 0 = self-attention (Translation defaults it)
  int d_model = 64;      // D
  int heads = 4;         // H, must divide D
  MaskSpec mask;
  float temperature = 1.0f;
  uint64_t seed = 1;
  std::string text;          // whitespace-tokenised; empty = generated token names
  std::string source_text;   // keys' text for cross-attention; empty = generated
  Pattern pattern = Pattern::Random;
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
Inputs makeInputs(const Params& params);

// Bytes every intermediate of a forward pass of this size would take; the CLI and UI refuse sizes
// above kMemoryBudget with this figure in the message.
double forwardBytes(int n, int m, int d_model, int heads);
inline constexpr double kMemoryBudget = 8.0 * 1024 * 1024 * 1024;

}  // namespace attn
