// Input generators: Params → Inputs, no file needed. Sections:
//   1. sizes: forwardBytes and the checks makeInputs runs first
//   2. tokens: user text, generated names ("t0".."t{N-1}"), the built-in translation pair
//   3. embeddings: a seeded vector per distinct token string + sinusoidal positions
//   4. weights: Xavier-uniform W_Q, W_K, W_V, W_O, zero biases
//   5. patterns: three structure channels in the embedding and structured rows in W_Q/W_K
//
// How the patterns work (they are built from embeddings and weights; the kernel computes them):
// the last kChannels dimensions of every embedding are "structure channels" [1, a, b] instead of
// token + position. In each head the first one or two rows of W_Q and W_K read only those channels,
// so that q_i·k_j/√d_k equals a chosen logit; the head's other rows are Xavier weights scaled by
// kNoise reading only the token + position dimensions, which adds a token-dependent landscape.
//   Local:       a = u/U, b = (u/U)² with u the centred position. Rows give
//                q·k/√d_k = (u_i+δ)u_j/σ² − u_j²/(2σ²) = −(u_j − u_i − δ)²/(2σ²) + const(i),
//                a Gaussian window of width σ around i + δ (σ, δ vary by head).
//   Global:      a = 1 on the first token, b = 1 on the hubs (punctuation, else every 5th token);
//                q·k/√d_k = gF·a_j + gO·b_j: every query favours the hub keys (mix varies by head).
//   Translation: cross-attention; the source (keys) carries u = its position, the target (queries)
//                u = its aligned source position, so the same Gaussian centres row i on its source.
// The Gaussian logits grow like N² before the softmax shift, so float keeps Local and Translation
// sharp up to a few thousand tokens (checked at 3000) and merely blurrier beyond.
// Needs D >= 3 (channels) and d_k >= 2 (Local, Translation) or d_k >= 1 (Global); smaller sizes
// fall back to plain Xavier weights over token + position embeddings (the Random pattern).
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <sstream>
#include <unordered_map>

#include "attn/params.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"

namespace attn {

namespace {

constexpr int kChannels = 3;       // trailing embedding dims reserved for the pattern structure
constexpr float kTokenStd = 0.7f;  // token vector entries ~ N(0, 0.7²): with the positions, var ≈ 1
constexpr float kNoise = 0.5f;     // scale of the Xavier rows beside the structure rows
constexpr uint64_t kWeightStream = 0x7765696768747321ULL;
constexpr uint64_t kTokenStream = 0x746f6b656e766563ULL;

// ---- 1. sizes ----

std::string fmtFloat(float v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// ---- 2. tokens ----

// A short English → French pair (keys = English source, queries = French target) whose word order
// differs by two adjective–noun swaps; kBuiltinAlign[i] is the source word of target word i.
constexpr std::array<const char*, 8> kBuiltinSource = {"the", "black", "cat", "sees",
                                                       "the", "red",   "car", "."};
constexpr std::array<const char*, 8> kBuiltinTarget = {"le", "chat",    "noir",  "voit",
                                                       "la", "voiture", "rouge", "."};
constexpr std::array<int, 8> kBuiltinAlign = {0, 2, 1, 3, 4, 6, 5, 7};

struct Tokens {
  std::vector<std::string> target;  // [N] queries
  std::vector<std::string> source;  // [M] keys; empty for self-attention
  bool builtin_pair = false;        // Translation without any text: the tiled built-in pair
};

std::vector<std::string> generatedNames(const char* prefix, int count) {
  std::vector<std::string> names;
  names.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i)
    names.push_back(prefix + std::to_string(i));
  return names;
}

std::vector<std::string> tiled(const std::array<const char*, 8>& words, int count) {
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i)
    out.emplace_back(words[static_cast<size_t>(i) % words.size()]);
  return out;
}

bool isCrossAttention(const Params& p) {
  return p.pattern == Pattern::Translation || p.source_seq > 0 || !p.source_text.empty();
}

// Sizes only (no token strings), so the budget is checked before anything large is allocated.
struct Sizes {
  int n = 0, m = 0;  // m = 0: self-attention
};

Sizes resolveSizes(const Params& p) {
  Sizes s;
  s.n = p.text.empty() ? p.seq : static_cast<int>(tokenize(p.text).size());
  if (isCrossAttention(p)) {
    if (!p.source_text.empty()) {
      s.m = static_cast<int>(tokenize(p.source_text).size());
    } else {
      s.m = p.source_seq > 0 ? p.source_seq : s.n;  // Translation with no source: M = N
    }
  }
  return s;
}

Tokens resolveTokens(const Params& p, const Sizes& s) {
  Tokens t;
  const bool cross = s.m > 0;
  const bool builtin = p.pattern == Pattern::Translation && p.text.empty() && p.source_text.empty();
  if (!p.text.empty()) {
    t.target = tokenize(p.text);
  } else {
    t.target = builtin ? tiled(kBuiltinTarget, s.n) : generatedNames("t", s.n);
  }
  if (cross) {
    if (!p.source_text.empty()) {
      t.source = tokenize(p.source_text);
    } else {
      t.source = builtin ? tiled(kBuiltinSource, s.m) : generatedNames("s", s.m);
    }
  }
  t.builtin_pair = builtin && s.n == s.m;
  return t;
}

// Monotone alignment of N targets onto M sources with adjacent swaps at (1,2), (5,6), (9,10)…,
// like adjective–noun order changes; the built-in pair uses its own (real) alignment, tiled.
std::vector<int> alignmentFor(int n, int m, bool builtin_pair) {
  std::vector<int> a(static_cast<size_t>(n), 0);
  if (builtin_pair) {
    for (int i = 0; i < n; ++i) {
      const int block = i / 8 * 8;
      const int j = block + kBuiltinAlign[static_cast<size_t>(i % 8)];
      a[static_cast<size_t>(i)] = j < n ? j : i;  // a cut-off last block keeps its own order
    }
    return a;
  }
  for (int i = 0; i < n; ++i) {
    const double t = n > 1 ? static_cast<double>(i) * (m - 1) / (n - 1) : 0.0;
    a[static_cast<size_t>(i)] = static_cast<int>(std::lround(t));
  }
  for (int i = 1; i + 1 < n; i += 4) {
    auto& x = a[static_cast<size_t>(i)];
    auto& y = a[static_cast<size_t>(i + 1)];
    if (x < y) std::swap(x, y);
  }
  return a;
}

bool isPunctuation(const std::string& token) {
  return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 128 && std::ispunct(u) != 0;
  });
}

// ---- 3. embeddings ----

uint64_t fnv1a64(const std::string& text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

uint64_t splitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// x: [T, D] = token vector (seeded by the token string and params.seed) + PE(position).
Matrix embed(const std::vector<std::string>& tokens, int d, uint64_t seed) {
  const auto count = static_cast<Eigen::Index>(tokens.size());
  Matrix x(count, d);
  std::unordered_map<std::string, Eigen::Index> first_row;  // same word → copy its vector
  for (Eigen::Index t = 0; t < count; ++t) {
    const std::string& word = tokens[static_cast<size_t>(t)];
    if (auto it = first_row.find(word); it != first_row.end()) {
      x.row(t) = x.row(it->second);
      continue;
    }
    first_row.emplace(word, t);
    core::Rng rng(fnv1a64(word) ^ splitMix64(seed), kTokenStream);
    for (int c = 0; c < d; ++c)
      x(t, c) = kTokenStd * rng.normal();
  }
  x += positionalEncoding(static_cast<int>(count), d);
  return x;
}

// ---- 4. weights ----

Matrix xavier(core::Rng& rng, int d) {
  const auto bound = static_cast<float>(std::sqrt(6.0 / (2.0 * d)));
  Matrix w(d, d);
  for (int r = 0; r < d; ++r) {
    for (int c = 0; c < d; ++c)
      w(r, c) = rng.uniform(-bound, bound);
  }
  return w;
}

// ---- 5. patterns ----

// Per-head variation: Local width σ and offset δ (head 1 leans to the previous token);
// Translation width; Global logit offsets for the first token and the other hubs.
constexpr std::array<float, 4> kLocalSigma = {1.0f, 0.8f, 1.3f, 0.9f};
constexpr std::array<float, 4> kLocalShift = {0.0f, -0.6f, 0.3f, 0.0f};
constexpr std::array<float, 4> kAlignSigma = {0.7f, 0.8f, 0.65f, 0.75f};
constexpr std::array<float, 4> kFirstHub = {0.5f, 1.5f, -0.5f, 0.0f};
constexpr std::array<float, 4> kOtherHub = {0.0f, -0.8f, 0.5f, 0.2f};

// Writes the channels [1, a, b] into the last kChannels columns of x (replacing token + position).
void writeChannels(Matrix& x, const std::vector<float>& a, const std::vector<float>& b) {
  const auto c0 = x.cols() - kChannels;
  for (Eigen::Index t = 0; t < x.rows(); ++t) {
    x(t, c0) = 1.0f;
    x(t, c0 + 1) = a[static_cast<size_t>(t)];
    x(t, c0 + 2) = b[static_cast<size_t>(t)];
  }
}

// Positions u (already centred) → channels a = u/U, b = (u/U)².
void writeGaussianChannels(Matrix& x, const std::vector<double>& u, double scale) {
  std::vector<float> a(u.size()), b(u.size());
  for (size_t i = 0; i < u.size(); ++i) {
    const double r = u[i] / scale;
    a[i] = static_cast<float>(r);
    b[i] = static_cast<float>(r * r);
  }
  writeChannels(x, a, b);
}

// Keeps Xavier rows but scaled to kNoise and off the channel columns; the structure rows of each
// head are cleared so the caller can write them.
void prepareStructuredWeights(Matrix& w, int heads, int structure_rows) {
  const auto d = w.cols();
  const auto dk = d / heads;
  w *= kNoise;
  w.rightCols(kChannels).setZero();
  for (int h = 0; h < heads; ++h) {
    for (int r = 0; r < structure_rows; ++r)
      w.row(h * dk + r).setZero();
  }
}

// Gaussian window rows for head h: q·k/√d_k = γ(u_i+δ)u_j − γu_j²/2 with γ = 1/σ².
void gaussianRows(Matrix& wq, Matrix& wk, int row, float sigma, float shift, double scale,
                  double s) {
  const auto c0 = wq.cols() - kChannels;
  const double g = s / sigma;  // s·√γ
  wq(row, c0 + 1) = static_cast<float>(g * scale);
  wq(row, c0) = static_cast<float>(g * shift);
  wq(row + 1, c0) = static_cast<float>(g * scale / 2.0);
  wk(row, c0 + 1) = static_cast<float>(g * scale);
  wk(row + 1, c0 + 2) = static_cast<float>(-g * scale);
}

bool canEncode(Pattern p, int d, int dk) {
  if (p == Pattern::Random || d < kChannels) return false;
  return p == Pattern::Global ? dk >= 1 : dk >= 2;
}

}  // namespace

// ---- public ----

double forwardBytes(int n, int m, int d_model, int heads) {
  const double N = std::max(n, 0), M = m > 0 ? m : N, D = std::max(d_model, 0);
  const double H = std::max(heads, 1), dk = D / H;
  const double f = sizeof(float);
  const double inputs = f * (4 * D * D + 4 * D + N * D + (m > 0 ? M * D : 0));
  const double qkv = f * (N * D + 2 * M * D);           // q, k, v: [H, N|M, d_k]
  const double attention = f * 2 * H * N * M;           // scores, weights: [H, N, M]
  const double outs = f * 3 * N * D;                    // head_out, concat, out
  const double mask = N * M;                            // uint8 [N, M]
  const double pca = f * H * (3 * N + 6 * M + 6 * dk);  // q, k, v [.., 3] and bases
  return inputs + qkv + attention + outs + mask + pca;
}

std::vector<int> hubTokens(const std::vector<std::string>& key_tokens) {
  std::vector<int> hubs;
  const int m = static_cast<int>(key_tokens.size());
  if (m == 0) return hubs;
  hubs.push_back(0);
  for (int j = 1; j < m; ++j) {
    if (isPunctuation(key_tokens[static_cast<size_t>(j)])) hubs.push_back(j);
  }
  if (hubs.size() == 1) {
    for (int j = 5; j < m; j += 5)
      hubs.push_back(j);
  }
  return hubs;
}

std::vector<int> translationAlignment(const Params& params) {
  if (params.pattern != Pattern::Translation) return {};
  const Sizes s = resolveSizes(params);
  const Tokens t = resolveTokens(params, s);
  return alignmentFor(s.n, s.m, t.builtin_pair);
}

Matrix positionalEncoding(int count, int d) {
  Matrix pe(std::max(count, 0), std::max(d, 0));
  for (int pos = 0; pos < count; ++pos) {
    for (int c = 0; c < d; c += 2) {
      const double angle = pos / std::pow(10000.0, static_cast<double>(c) / d);
      pe(pos, c) = static_cast<float>(std::sin(angle));
      if (c + 1 < d) pe(pos, c + 1) = static_cast<float>(std::cos(angle));
    }
  }
  return pe;
}

void checkParams(const Params& p) {
  using core::UsageError;
  if (p.text.empty() && p.seq <= 0) {
    throw UsageError("--seq must be a positive number of tokens (got " + std::to_string(p.seq) +
                     ")");
  }
  if (!p.text.empty() && tokenize(p.text).empty()) {
    throw UsageError(
        "--text contains no tokens (only whitespace); give some words or leave it empty");
  }
  if (!p.source_text.empty() && tokenize(p.source_text).empty()) {
    throw UsageError(
        "--source-text contains no tokens (only whitespace); give some words or leave it empty");
  }
  if (p.source_seq < 0) {
    throw UsageError("--source-seq must be >= 0 (0 = self-attention; got " +
                     std::to_string(p.source_seq) + ")");
  }
  if (p.d_model <= 0) {
    throw UsageError("--d-model must be positive (got " + std::to_string(p.d_model) + ")");
  }
  if (p.heads <= 0) {
    throw UsageError("--heads must be positive (got " + std::to_string(p.heads) + ")");
  }
  if (p.d_model % p.heads != 0) {
    const int lower = std::max(p.d_model / p.heads, 1) * p.heads;
    throw UsageError(
        "--d-model " + std::to_string(p.d_model) + " is not divisible by --heads " +
        std::to_string(p.heads) + " (each head gets d_model / heads dimensions); try --d-model " +
        std::to_string(lower) + " or a --heads that divides " + std::to_string(p.d_model));
  }
  if (p.mask.kind == MaskKind::Local && p.mask.window < 0) {
    throw UsageError("the local mask window must be >= 0 (got " + std::to_string(p.mask.window) +
                     "), e.g. --mask local:2");
  }
  if (!std::isfinite(p.temperature) || p.temperature <= 0.0f) {
    throw UsageError("--temperature must be a finite number > 0 (got " + fmtFloat(p.temperature) +
                     "), e.g. 1");
  }
  const Sizes s = resolveSizes(p);
  const double need = forwardBytes(s.n, s.m, p.d_model, p.heads);
  if (need > kMemoryBudget) {
    std::string what = p.text.empty() ? "--seq " + std::to_string(s.n)
                                      : "--text of " + std::to_string(s.n) + " tokens";
    if (s.m > 0) what += " with " + std::to_string(s.m) + " source tokens";
    // Suggest the knob that dominates: the [H, N, M] scores and weights, or the [D, D] weights.
    const double d = p.d_model, attention = 8.0 * p.heads * s.n * (s.m > 0 ? s.m : s.n);
    const std::string fix = 16.0 * d * d > attention ? "lower --d-model"
                            : s.m > 0                ? "lower --seq, --source-seq or --heads"
                                                     : "lower --seq or --heads";
    throw UsageError(what + ", --d-model " + std::to_string(p.d_model) + " and " +
                     std::to_string(p.heads) + " heads would need " + core::humanBytes(need) +
                     " for the weights and attention intermediates (limit " +
                     core::humanBytes(kMemoryBudget) + "); " + fix);
  }
}

Inputs makeInputs(const Params& p) {
  checkParams(p);
  const Sizes s = resolveSizes(p);
  const Tokens t = resolveTokens(p, s);
  const int d = p.d_model, heads = p.heads, dk = d / heads;

  Inputs in;
  in.heads = heads;
  in.mask = p.mask;
  in.temperature = p.temperature;
  in.tokens = t.target;
  in.source_tokens = t.source;
  in.x = embed(t.target, d, p.seed);
  if (s.m > 0) in.x_kv = embed(t.source, d, p.seed);

  core::Rng rng(p.seed, kWeightStream);
  in.proj.w_q = xavier(rng, d);
  in.proj.w_k = xavier(rng, d);
  in.proj.w_v = xavier(rng, d);
  in.proj.w_o = xavier(rng, d);
  for (Vector* b : {&in.proj.b_q, &in.proj.b_k, &in.proj.b_v, &in.proj.b_o})
    b->setZero(d);

  if (!canEncode(p.pattern, d, dk)) return in;

  // s = d_k^¼ on each side cancels the kernel's 1/√d_k, so sharpness does not depend on d_k.
  const double root = std::pow(static_cast<double>(dk), 0.25);
  Matrix& wq = in.proj.w_q;
  Matrix& wk = in.proj.w_k;
  const int n = s.n, m = s.m > 0 ? s.m : s.n;
  Matrix& keys = s.m > 0 ? in.x_kv : in.x;

  if (p.pattern == Pattern::Global) {
    const auto& key_tokens = s.m > 0 ? t.source : t.target;
    const std::vector<int> hubs = hubTokens(key_tokens);
    const double nh = static_cast<double>(hubs.size()), nn = m - nh;
    // Hub logit so the hubs hold ≈ 80% of each row: nh·e^g = 4·nn.
    const double g = std::clamp(nn > 0 ? std::log(4.0 * nn / nh) : 2.0, 2.0, 12.0);
    std::vector<float> first(static_cast<size_t>(m), 0.0f), other(static_cast<size_t>(m), 0.0f);
    for (int j : hubs)
      (j == 0 ? first : other)[static_cast<size_t>(j)] = 1.0f;
    writeChannels(keys, first, other);
    if (s.m > 0) {
      std::vector<float> zeros(static_cast<size_t>(n), 0.0f);
      writeChannels(in.x, zeros, zeros);
    }
    prepareStructuredWeights(wq, heads, 1);
    prepareStructuredWeights(wk, heads, 1);
    const auto c0 = d - kChannels;
    for (int h = 0; h < heads; ++h) {
      const int row = h * dk;
      const size_t v = static_cast<size_t>(h) % 4;
      wq(row, c0) = static_cast<float>(root);
      wk(row, c0 + 1) = static_cast<float>(root * (g + kFirstHub[v]));
      wk(row, c0 + 2) = static_cast<float>(root * (g + kOtherHub[v]));
    }
    return in;
  }

  // Local and Translation: Gaussian windows over centred positions.
  std::vector<double> uq(static_cast<size_t>(n)), uk(static_cast<size_t>(m));
  double centre = 0, scale = 1;
  if (p.pattern == Pattern::Local) {
    const int len = std::max(n, m);
    centre = (len - 1) / 2.0;
    scale = std::max(1.0, centre);
    for (int i = 0; i < n; ++i)
      uq[static_cast<size_t>(i)] = i - centre;
  } else {
    centre = (m - 1) / 2.0;
    scale = std::max(1.0, centre);
    const std::vector<int> align = alignmentFor(n, m, t.builtin_pair);
    for (int i = 0; i < n; ++i)
      uq[static_cast<size_t>(i)] = align[static_cast<size_t>(i)] - centre;
  }
  for (int j = 0; j < m; ++j)
    uk[static_cast<size_t>(j)] = j - centre;
  if (s.m > 0) {
    writeGaussianChannels(in.x, uq, scale);
    writeGaussianChannels(in.x_kv, uk, scale);
  } else {
    writeGaussianChannels(in.x, uq, scale);
  }
  prepareStructuredWeights(wq, heads, 2);
  prepareStructuredWeights(wk, heads, 2);
  for (int h = 0; h < heads; ++h) {
    const size_t v = static_cast<size_t>(h) % 4;
    const bool local = p.pattern == Pattern::Local;
    gaussianRows(wq, wk, h * dk, local ? kLocalSigma[v] : kAlignSigma[v],
                 local ? kLocalShift[v] : 0.0f, scale, root);
  }
  return in;
}

}  // namespace attn
