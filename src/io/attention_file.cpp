// [SECTION] Helpers: messages, layouts
// [SECTION] Finding the weights
// [SECTION] Text: tokens and meta_json
// [SECTION] Shapes: weights and q/k/v
// [SECTION] Values: NaN/Inf, negative weights, row sums
// [SECTION] attentionFromArrays, loadAttentionFile
#include "io/attention_file.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdio>
#include <optional>

#include "core/checked.hpp"
#include "core/error.hpp"
#include "io/file.hpp"
#include "io/json.hpp"
#include "io/npy.hpp"

namespace io {

namespace {

// [SECTION] Helpers: messages, layouts

[[noreturn]] void fail(std::string_view file, const std::string& problem) {
  throw core::DataError(std::string(file) + ": " + problem);
}

// Built by appending: GCC 12 raises a false -Wrestrict on "literal" + std::string&&.
std::string inQuotes(std::string_view name) {
  std::string text = "'";
  text += name;
  text += '\'';
  return text;
}

std::string listText(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items)
    text += (text.empty() ? "" : ", ") + item;
  return text;
}

// "[L, H, N, M]" for a layout "LHNM".
std::string axesText(std::string_view layout) {
  std::string text = "[";
  for (size_t i = 0; i < layout.size(); ++i) {
    if (i) text += ", ";
    text += layout[i] == 'D' ? std::string("d_k") : std::string(1, layout[i]);
  }
  return text + "]";
}

std::string shapeText(const std::vector<uint64_t>& shape) {
  Array a;
  a.shape = shape;
  return a.shapeString();
}

// A layout names the weights' axes: a subsequence of L B H N M that ends in N M (per-layer arrays:
// no L, the layer is in the name).
bool validLayout(std::string_view layout, bool perLayer) {
  if (layout.size() < 2 || !layout.ends_with("NM")) return false;
  std::string_view order = perLayer ? "BHNM" : "LBHNM";
  size_t at = 0;
  for (char c : layout) {
    at = order.find(c, at);
    if (at == std::string_view::npos) return false;
    ++at;
  }
  return true;
}

std::string defaultLayout(size_t rank, bool perLayer) {
  switch (rank) {
    case 2:
      return "NM";
    case 3:
      return "HNM";
    case 4:
      return perLayer ? "BHNM" : "LHNM";
    case 5:
      return perLayer ? "" : "LBHNM";
    default:
      return "";
  }
}

// The size of axis `letter` of an array laid out as `layout` (1 when the layout lacks it).
uint64_t axis(const Array& a, std::string_view layout, char letter) {
  size_t at = layout.find(letter);
  return at == std::string_view::npos ? 1 : a.shape[at];
}

// [SECTION] Finding the weights

// "attentions, attention, attn_weights, attn, weights"
std::string attentionNames() {
  std::string text;
  for (std::string_view name : kAttentionNames)
    text += (text.empty() ? "" : ", ") + std::string(name);
  return text;
}

struct WeightsSource {
  std::vector<std::string> names;  // one stacked array, or one per layer in layer order
  bool perLayer = false;
};

// "attentions.12" → 12; nullopt for anything else ("attentions.01", "attentions.x").
std::optional<uint64_t> layerIndex(std::string_view name, std::string_view prefix) {
  if (name.size() <= prefix.size() + 1 || !name.starts_with(prefix) || name[prefix.size()] != '.')
    return std::nullopt;
  std::string_view digits = name.substr(prefix.size() + 1);
  if (digits.size() > 1 && digits[0] == '0') return std::nullopt;
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
  return value;
}

// Per-layer arrays PREFIX.0 … PREFIX.{L-1}, in layer order; empty when there are none.
std::vector<std::string> perLayerNames(const NamedArrays& arrays, std::string_view prefix,
                                       std::string_view file) {
  std::vector<std::pair<uint64_t, std::string>> found;
  for (const auto& [name, array] : arrays.items()) {
    if (auto index = layerIndex(name, prefix)) found.emplace_back(*index, name);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> names;
  for (size_t i = 0; i < found.size(); ++i) {
    if (found[i].first != i) {
      fail(file, "per-layer arrays must be named " + std::string(prefix) + ".0 … " +
                     std::string(prefix) + "." + std::to_string(found.size() - 1) + ", but " +
                     std::string(prefix) + "." + std::to_string(i) + " is missing");
    }
    names.push_back(found[i].second);
  }
  return names;
}

WeightsSource findWeights(const NamedArrays& arrays, std::string_view file,
                          std::vector<std::string>& warnings) {
  WeightsSource source;
  for (std::string_view name : kAttentionNames) {
    const Array* a = arrays.find(name);
    if (!a || a->isStrings()) continue;
    if (source.names.empty()) {
      source.names.emplace_back(name);
    } else {
      warnings.push_back(inQuotes(name) + " " + a->shapeString() + " is ignored: " +
                         inQuotes(source.names[0]) + " comes first among " + attentionNames());
    }
  }
  std::vector<std::string> layers = perLayerNames(arrays, "attentions", file);
  if (!layers.empty()) {
    if (!source.names.empty()) {
      fail(file, "holds both " + inQuotes(source.names[0]) + " and per-layer arrays " +
                     inQuotes(layers[0]) + " …; keep one of them");
    }
    source.names = std::move(layers);
    source.perLayer = true;
    return source;
  }
  if (!source.names.empty()) return source;
  // A bare .npy (or an archive of one array): that array.
  std::vector<std::string> numeric, all;
  for (const auto& [name, array] : arrays.items()) {
    all.push_back(inQuotes(name));
    if (!array.isStrings()) numeric.push_back(name);
  }
  if (numeric.size() == 1) {
    source.names = numeric;
    return source;
  }
  fail(file,
       "no attention weights: expected an array named attentions, attention, attn_weights, "
       "attn or weights (or attentions.0, attentions.1, … one per layer); the file holds " +
           (all.empty() ? std::string("no arrays") : listText(all)));
}

// [SECTION] Text: tokens and meta_json

// UTF-8 text stored as a uint8 array (JSON bytes), or as a unicode array of one string.
std::optional<std::string> textOf(const Array& a) {
  if (a.isStrings()) {
    if (a.strings.size() != 1) return std::nullopt;
    return a.strings[0];
  }
  if (a.stored != DType::U8 || a.shape.size() > 1) return std::nullopt;
  std::string text;
  text.reserve(a.values.size());
  for (float v : a.values)
    text += static_cast<char>(static_cast<unsigned char>(v));
  return text;
}

std::vector<std::string> tokensFromJson(std::string_view text, const std::string& where) {
  JsonValue list = parseJson(text, where);
  if (!list.isArray())
    fail(where, "expected a JSON list of strings, got " + std::string(jsonKindName(list.kind)));
  std::vector<std::string> tokens;
  tokens.reserve(list.items.size());
  for (size_t i = 0; i < list.items.size(); ++i) {
    if (!list.items[i].isString()) {
      fail(where, "item " + std::to_string(i) + " is " +
                      std::string(jsonKindName(list.items[i].kind)) + ", expected strings");
    }
    tokens.push_back(list.items[i].text);
  }
  return tokens;
}

// Tokens from an array NAME (unicode, or uint8 JSON bytes) or the metadata key NAME; nullopt when
// the file has neither.
std::optional<std::vector<std::string>> readTokens(const NamedArrays& arrays, std::string_view name,
                                                   std::string_view file) {
  std::string where = std::string(file) + ": " + std::string(name);
  if (const Array* a = arrays.find(name)) {
    if (a->isStrings()) return a->strings;
    if (a->stored == DType::U8 && a->shape.size() == 1) return tokensFromJson(*textOf(*a), where);
    fail(where, "expected a unicode array or UTF-8 JSON bytes (uint8), got " +
                    dtypeName(a->stored) + " " + a->shapeString());
  }
  if (const std::string* text = arrays.metadata(name)) return tokensFromJson(*text, where);
  return std::nullopt;
}

// meta_json as text (checked to be JSON), "" when absent.
std::string readMetaJson(const NamedArrays& arrays, std::string_view file) {
  std::string where = std::string(file) + ": meta_json";
  std::string text;
  if (const Array* a = arrays.find("meta_json")) {
    auto found = textOf(*a);
    if (!found) {
      fail(where, "expected UTF-8 JSON bytes (uint8) or one unicode string, got " +
                      dtypeName(a->stored) + " " + a->shapeString());
    }
    text = std::move(*found);
  } else if (const std::string* meta = arrays.metadata("meta_json")) {
    text = *meta;
  } else {
    return {};
  }
  parseJson(text, where);
  return text;
}

// The layout the file declares: safetensors metadata "layout", else meta_json's "layout".
std::string fileLayout(const NamedArrays& arrays, const std::string& metaJson,
                       std::string_view file) {
  if (const std::string* layout = arrays.metadata("layout")) return *layout;
  if (metaJson.empty()) return {};
  JsonValue meta = parseJson(metaJson, std::string(file) + ": meta_json");
  const JsonValue* layout = meta.find("layout");
  if (!layout) return {};
  if (!layout->isString()) fail(file, "meta_json: \"layout\" must be a string such as \"BHNM\"");
  return layout->text;
}

// [SECTION] Shapes: weights and q/k/v

struct Sizes {
  uint64_t layers = 1, batch = 1, heads = 1, n = 1, m = 1, d_k = 0;
};

// Copies the [X, Y] blocks of an array laid out as (L) (B) (H) X Y for one batch item into out,
// layer-major then head-major: [L, H, X, Y].
void gatherBlocks(const Array& a, uint64_t layers, uint64_t batches, uint64_t heads, uint64_t block,
                  uint64_t batch, std::vector<float>& out) {
  for (uint64_t l = 0; l < layers; ++l) {
    for (uint64_t h = 0; h < heads; ++h) {
      uint64_t from = ((l * batches + batch) * heads + h) * block;
      out.insert(out.end(), a.values.begin() + static_cast<std::ptrdiff_t>(from),
                 a.values.begin() + static_cast<std::ptrdiff_t>(from + block));
    }
  }
}

// Checks q, k or v against the weights' leading axes and returns d_k. `rows` is 'N' for q and
// 'M' for k and v.
uint64_t checkVectors(const Array& a, std::string_view name, std::string_view weightsLayout,
                      const std::vector<uint64_t>& weightsShape, uint64_t rowCount, char rows,
                      std::string_view file) {
  std::string layout(weightsLayout.substr(0, weightsLayout.size() - 2));
  layout += rows;
  layout += 'D';
  std::string where = std::string(file) + ": " + std::string(name);
  std::vector<uint64_t> expected(weightsShape.begin(), weightsShape.end() - 2);
  expected.push_back(rowCount);
  std::string expectedText = shapeText(expected);
  expectedText.insert(expectedText.size() - 1, ", d_k");
  auto mismatch = [&]() {
    fail(where, "expected shape " + axesText(layout) + " = " + expectedText +
                    " to match the weights, got " + a.shapeString());
  };
  if (a.isStrings()) fail(where, "holds strings, expected numbers of shape " + axesText(layout));
  if (a.shape.size() != layout.size()) mismatch();
  size_t headAxis = layout.find('H');
  for (size_t i = 0; i + 1 < layout.size(); ++i) {
    if (a.shape[i] == expected[i]) continue;
    if (i == headAxis && name != "q" && !name.starts_with("q.") && a.shape[i] > 0 &&
        a.shape[i] < expected[i] && expected[i] % a.shape[i] == 0) {
      fail(where, "has " + std::to_string(a.shape[i]) + " heads but the weights have " +
                      std::to_string(expected[i]) +
                      " (grouped-query attention): repeat each k/v head for its group of " +
                      std::to_string(expected[i] / a.shape[i]) +
                      " query heads before saving (tools/export_attention.py does)");
    }
    mismatch();
  }
  if (a.shape.back() == 0) fail(where, "d_k is 0");
  return a.shape.back();
}

// [SECTION] Values: NaN/Inf, negative weights, row sums

std::string cellText(uint64_t flat, const Sizes& s, uint64_t rows, uint64_t cols,
                     std::string_view rowName, std::string_view colName) {
  uint64_t col = flat % cols;
  uint64_t row = flat / cols % rows;
  uint64_t head = flat / cols / rows % s.heads;
  uint64_t layer = flat / cols / rows / s.heads;
  return "[layer " + std::to_string(layer) + ", head " + std::to_string(head) + ", " +
         std::string(rowName) + " " + std::to_string(row) + ", " + std::string(colName) + " " +
         std::to_string(col) + "]";
}

void checkFinite(const std::vector<float>& values, const Sizes& s, uint64_t rows, uint64_t cols,
                 std::string_view rowName, std::string_view colName, std::string_view name,
                 std::string_view file) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::isfinite(values[i])) continue;
    char text[16];
    std::snprintf(text, sizeof text, "%g", static_cast<double>(values[i]));
    fail(file, std::string(name) + ": non-finite value " + text + " at " +
                   cellText(i, s, rows, cols, rowName, colName));
  }
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

void checkWeights(const std::vector<float>& w, const Sizes& s, float tolerance,
                  std::string_view name, std::vector<std::string>& warnings) {
  uint64_t negative = 0, lowestAt = 0;
  float lowest = 0.0f;
  uint64_t offRows = 0, rowCount = w.size() / s.m, worstRow = 0;
  double worstSum = 1.0;
  for (uint64_t r = 0; r < rowCount; ++r) {
    const float* row = w.data() + r * s.m;
    double sum = 0.0;
    bool allZero = true;
    for (uint64_t j = 0; j < s.m; ++j) {
      sum += row[j];
      allZero = allZero && row[j] == 0.0f;
      if (row[j] < 0.0f) {
        if (negative == 0 || row[j] < lowest) {
          lowest = row[j];
          lowestAt = r * s.m + j;
        }
        ++negative;
      }
    }
    if (allZero || std::abs(sum - 1.0) <= tolerance) continue;  // all zero: a masked row
    if (offRows == 0 || std::abs(sum - 1.0) > std::abs(worstSum - 1.0)) {
      worstSum = sum;
      worstRow = r;
    }
    ++offRows;
  }
  if (negative > 0) {
    warnings.push_back(std::string(name) + ": " + std::to_string(negative) +
                       " negative weight(s), the lowest " + number(lowest) + " at " +
                       cellText(lowestAt, s, s.n, s.m, "query", "key"));
  }
  if (offRows > 0) {
    std::string at = cellText(worstRow * s.m, s, s.n, s.m, "query", "key");
    at = at.substr(0, at.rfind(','));  // the row, without the key
    warnings.push_back(std::string(name) + ": " + std::to_string(offRows) + " of " +
                       std::to_string(rowCount) + " rows do not sum to 1 within " +
                       number(tolerance) + " (the worst, " + at + "], sums to " + number(worstSum) +
                       "); they are shown as stored");
  }
}

int asInt(uint64_t value) {
  return static_cast<int>(value);  // every size was checked against INT_MAX
}

}  // namespace

// [SECTION] attentionFromArrays, loadAttentionFile

bool holdsAttention(const NamedArrays& arrays) {
  for (std::string_view name : kAttentionNames) {
    const Array* a = arrays.find(name);
    if (a && !a->isStrings()) return true;
  }
  for (const auto& [name, array] : arrays.items())
    if (layerIndex(name, "attentions")) return true;
  return arrays.size() == 1 && !arrays.items()[0].second.isStrings();
}

AttentionFile attentionFromArrays(const NamedArrays& arrays, std::string_view file,
                                  const AttentionOptions& options) {
  AttentionFile out;
  const WeightsSource source = findWeights(arrays, file, out.warnings);
  const Array& first = *arrays.find(source.names[0]);
  const std::string metaJson = readMetaJson(arrays, file);

  // Layout: the caller's, else the file's, else by rank.
  std::string layout = options.layout;
  if (layout.empty()) layout = fileLayout(arrays, metaJson, file);
  const bool declared = !layout.empty();
  if (layout.empty()) layout = defaultLayout(first.shape.size(), source.perLayer);
  const std::string weightsName = source.names[0];
  if (layout.empty()) {
    fail(file, weightsName + ": expected " +
                   (source.perLayer ? std::string("[N, M], [H, N, M] or [B, H, N, M] per layer")
                                    : std::string("[N, M], [H, N, M], [L, H, N, M] (or [B, H, N, "
                                                  "M] with layout \"BHNM\") or [L, B, H, N, M]")) +
                   ", got " + first.shapeString());
  }
  if (!validLayout(layout, source.perLayer)) {
    fail(file, "layout \"" + layout + "\" is not one of the axes " +
                   (source.perLayer ? "B H N M" : "L B H N M") + " in that order ending in N M");
  }
  if (layout.size() != first.shape.size()) {
    fail(file, weightsName + ": layout \"" + layout + "\" " + axesText(layout) + " has " +
                   std::to_string(layout.size()) + " axes, the array has shape " +
                   first.shapeString());
  }
  for (const std::string& name : source.names) {
    const Array& a = *arrays.find(name);
    if (a.shape != first.shape) {
      fail(file, name + " has shape " + a.shapeString() + " but " + weightsName + " has " +
                     first.shapeString() + " (every layer must have the same shape)");
    }
  }

  Sizes s;
  s.layers = source.perLayer ? source.names.size() : axis(first, layout, 'L');
  s.batch = axis(first, layout, 'B');
  s.heads = axis(first, layout, 'H');
  s.n = axis(first, layout, 'N');
  s.m = axis(first, layout, 'M');
  out.description = (source.perLayer ? source.names.front() + " … " + source.names.back() +
                                           ", each " + axesText(layout)
                                     : weightsName + " " + axesText(layout)) +
                    " = " + first.shapeString();
  if (layout.find('B') != std::string::npos) {
    out.description +=
        ", batch item " + std::to_string(options.batch) + " of " + std::to_string(s.batch);
  }
  if (!declared && layout == "LHNM")
    out.description += " (4-D read as layers; say \"BHNM\" if not)";
  for (uint64_t size : {s.layers, s.heads, s.n, s.m}) {
    if (size == 0) fail(file, weightsName + ": empty attention, shape " + first.shapeString());
    if (size > INT_MAX)
      fail(file, weightsName + ": shape " + first.shapeString() + " is too large");
  }
  if (options.batch < 0 || static_cast<uint64_t>(options.batch) >= s.batch) {
    fail(file, "batch item " + std::to_string(options.batch) + " is out of range: " + weightsName +
                   " holds " + std::to_string(s.batch) + " (layout " + axesText(layout) + ")");
  }

  // q/k/v: the same leading axes as the weights (one array per layer beside per-layer weights).
  auto vectorNames = [&](std::string_view base) {
    std::vector<std::string> names;
    for (size_t l = 0; l < source.names.size(); ++l)
      names.push_back(source.perLayer ? std::string(base) + "." + std::to_string(l)
                                      : std::string(base));
    return names;
  };
  auto present = [&](std::string_view base) {
    std::vector<std::string> names = vectorNames(base);
    size_t found = 0;
    for (const std::string& name : names)
      found += arrays.contains(name) ? 1 : 0;
    if (found != 0 && found != names.size()) {
      fail(file, "has some but not all of the per-layer " + std::string(base) + " arrays (" +
                     std::string(base) + ".0 … " + std::string(base) + "." +
                     std::to_string(names.size() - 1) + ")");
    }
    return found != 0;
  };
  const bool hasQ = present("q"), hasK = present("k"), hasV = present("v");
  if (hasQ != hasK)
    fail(file, std::string("has ") + (hasQ ? "q but no k" : "k but no q") +
                   ": q and k go together (scores need both)");
  if (hasV && !hasQ) fail(file, "has v but no q and k: v is only drawn with them");
  if (hasQ) {
    for (const char* base : {"q", "k", "v"}) {
      if (std::string_view(base) == "v" && !hasV) continue;
      for (const std::string& name : vectorNames(base)) {
        uint64_t d = checkVectors(*arrays.find(name), name, layout, first.shape,
                                  *base == 'q' ? s.n : s.m, *base == 'q' ? 'N' : 'M', file);
        if (d > INT_MAX) fail(file, name + ": d_k = " + std::to_string(d) + " is too large");
        if (s.d_k == 0) s.d_k = d;
        if (d != s.d_k) {
          fail(file, name + ": d_k = " + std::to_string(d) + " differs from q's " +
                         std::to_string(s.d_k));
        }
      }
    }
  }

  // Memory budget, before anything is copied.
  auto lh = core::checkedMul(s.layers, s.heads);
  auto weightCount = lh ? core::checkedMul(*lh, s.n * s.m) : std::nullopt;
  auto vectorRows = core::checkedAdd(s.n, (hasV ? 2 : 1) * s.m);
  auto vectorCount = lh && vectorRows ? core::checkedMul(*lh, *vectorRows) : std::nullopt;
  if (vectorCount) vectorCount = core::checkedMul(*vectorCount, s.d_k);
  auto total =
      weightCount && vectorCount ? core::checkedAdd(*weightCount, *vectorCount) : std::nullopt;
  auto bytes = total ? core::checkedMul(*total, 4) : std::nullopt;
  if (!bytes || *bytes > options.memory_budget) {
    fail(file, "the attention arrays need " +
                   (bytes ? core::humanBytes(static_cast<double>(*bytes)) : "more than 16 EiB") +
                   " (L=" + std::to_string(s.layers) + " H=" + std::to_string(s.heads) +
                   " N=" + std::to_string(s.n) + " M=" + std::to_string(s.m) +
                   (hasQ ? " d_k=" + std::to_string(s.d_k) : std::string()) + "), above the " +
                   core::humanBytes(static_cast<double>(options.memory_budget)) + " memory budget");
  }
  out.bytes = *bytes;

  attn::ModelAttention& model = out.attention;
  model.layers = asInt(s.layers);
  model.heads = asInt(s.heads);
  model.n = asInt(s.n);
  model.m = asInt(s.m);
  model.d_k = asInt(s.d_k);
  const uint64_t perLayerLayers = source.perLayer ? 1 : s.layers;
  const auto batch = static_cast<uint64_t>(options.batch);
  // One stacked array or one per layer, into [L, H, rows, cols] for the chosen batch item.
  auto gather = [&](const std::vector<std::string>& names, uint64_t block,
                    std::vector<float>& target) {
    target.reserve(s.layers * s.heads * block);
    for (const std::string& name : names)
      gatherBlocks(*arrays.find(name), perLayerLayers, s.batch, s.heads, block, batch, target);
  };
  gather(source.names, s.n * s.m, model.weights);
  checkFinite(model.weights, s, s.n, s.m, "query", "key", weightsName, file);
  if (hasQ) {
    gather(vectorNames("q"), s.n * s.d_k, model.q);
    gather(vectorNames("k"), s.m * s.d_k, model.k);
    checkFinite(model.q, s, s.n, s.d_k, "token", "dim", "q", file);
    checkFinite(model.k, s, s.m, s.d_k, "token", "dim", "k", file);
  }
  if (hasV) {
    gather(vectorNames("v"), s.m * s.d_k, model.v);
    checkFinite(model.v, s, s.m, s.d_k, "token", "dim", "v", file);
  }

  if (auto tokens = readTokens(arrays, "tokens", file)) {
    if (tokens->size() != s.n) {
      fail(file, "tokens: " + std::to_string(tokens->size()) +
                     " tokens for N = " + std::to_string(s.n) + " queries");
    }
    model.tokens = std::move(*tokens);
  }
  if (auto tokens = readTokens(arrays, "source_tokens", file)) {
    if (tokens->size() != s.m) {
      fail(file, "source_tokens: " + std::to_string(tokens->size()) +
                     " tokens for M = " + std::to_string(s.m) + " keys");
    }
    model.source_tokens = std::move(*tokens);
  } else if (s.n != s.m && !model.tokens.empty()) {
    out.warnings.push_back("tokens label the " + std::to_string(s.n) +
                           " queries; the keys have no source_tokens and are numbered");
  }
  model.meta_json = metaJson;
  model.source_file = std::string(file);

  // Half-precision weights sum to 1 only within their rounding (2^-11 or 2^-8 per weight).
  const DType stored = first.stored;
  const float tolerance = stored == DType::F16 || stored == DType::BF16 ? 1e-2f : 1e-3f;
  checkWeights(model.weights, s, tolerance, weightsName, out.warnings);
  return out;
}

NamedArrays modelToArrays(const attn::ModelAttention& model) {
  const auto layers = static_cast<uint64_t>(model.layers);
  const auto heads = static_cast<uint64_t>(model.heads);
  const auto n = static_cast<uint64_t>(model.n), m = static_cast<uint64_t>(model.m);
  const auto d = static_cast<uint64_t>(model.d_k);
  NamedArrays arrays;
  arrays.add("weights", Array::floats({layers, heads, n, m}, model.weights));
  if (model.hasQK()) {
    arrays.add("q", Array::floats({layers, heads, n, d}, model.q));
    arrays.add("k", Array::floats({layers, heads, m, d}, model.k));
  }
  if (model.hasV()) arrays.add("v", Array::floats({layers, heads, m, d}, model.v));
  if (!model.tokens.empty()) arrays.add("tokens", Array::texts(model.tokens));
  if (!model.source_tokens.empty()) arrays.add("source_tokens", Array::texts(model.source_tokens));
  if (!model.meta_json.empty()) arrays.add("meta_json", Array::texts({model.meta_json}));
  return arrays;
}

NamedArrays loadAttentionArrays(const std::filesystem::path& path, const AttentionOptions& options,
                                uint64_t allowance) {
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(path, ec);
  const uint64_t budget = options.memory_budget + allowance;
  if (!ec && size > budget) {
    fail(path.string(), "the file is " + core::humanBytes(static_cast<double>(size)) +
                            ", above the " + core::humanBytes(static_cast<double>(budget)) +
                            " memory budget for attention files");
  }
  return loadArrays(path);
}

AttentionFile loadAttentionFile(const std::filesystem::path& path,
                                const AttentionOptions& options) {
  return attentionFromArrays(loadAttentionArrays(path, options), path.string(), options);
}

}  // namespace io
