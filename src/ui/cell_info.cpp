#include "ui/cell_info.hpp"

#include <cmath>

namespace ui {
namespace {

bool hasCell(const attn::HeadStack& s, int h, int i, int j) {
  return h >= 0 && i >= 0 && j >= 0 && h < s.heads() && i < s.rows() && j < s.cols();
}

std::string tokenOr(const std::vector<std::string>& tokens, int index) {
  return index >= 0 && index < static_cast<int>(tokens.size()) ? tokens[static_cast<size_t>(index)]
                                                               : std::to_string(index);
}

}  // namespace

std::string queryToken(const attn::Result& result, int i) {
  return tokenOr(result.tokens, i);
}

std::string keyToken(const attn::Result& result, int j) {
  // Self-attention keys are the query tokens.
  return tokenOr(result.source_tokens.empty() ? result.tokens : result.source_tokens, j);
}

std::optional<CellInfo> cellInfo(const attn::Result& result, int head, int query, int key) {
  if (!hasCell(result.weights, head, query, key)) return std::nullopt;
  CellInfo c;
  c.head = head;
  c.query = query;
  c.key = key;
  c.query_token = queryToken(result, query);
  c.key_token = keyToken(result, key);
  c.has_scores = hasCell(result.scores, head, query, key);
  if (c.has_scores) {
    c.score = result.scores(head, query, key);
    c.dot = c.score * std::sqrt(static_cast<float>(std::max(result.d_k, 1)));
  }
  c.masked = query < result.mask.rows() && key < result.mask.cols() && result.mask(query, key) != 0;
  c.weight = result.weights(head, query, key);
  for (int j = 0; j < result.weights.cols(); ++j)
    c.row_sum += result.weights(head, query, j);
  for (const int row : result.fully_masked_rows)
    c.row_fully_masked |= row == query;
  return c;
}

const char* roleName(scene::ArrowRole role) {
  switch (role) {
    case scene::ArrowRole::Query:
      return "q";
    case scene::ArrowRole::Key:
      return "k";
    case scene::ArrowRole::Value:
      return "v";
    case scene::ArrowRole::Output:
      return "output";
  }
  return "?";
}

std::string arrowDescription(const attn::Result& result, scene::ArrowRole role, int token,
                             int head) {
  const bool is_query = role == scene::ArrowRole::Query || role == scene::ArrowRole::Output;
  const std::string name = is_query ? queryToken(result, token) : keyToken(result, token);
  std::string text = std::string(roleName(role)) + " of \"" + name + "\" (" +
                     (is_query ? "query " : "key ") + std::to_string(token) + "), head " +
                     std::to_string(head);
  if (role == scene::ArrowRole::Output) text += ": sum of weights x v";
  return text;
}

const char* barValueName(scene::BarValue value) {
  switch (value) {
    case scene::BarValue::Weights:
      return "weights (softmax)";
    case scene::BarValue::Scores:
      return "scores q\xc2\xb7k\xe1\xb5\x80/\xe2\x88\x9a"
             "d_k";
    case scene::BarValue::RawScores:
      return "raw scores q\xc2\xb7k\xe1\xb5\x80";
  }
  return "?";
}

}  // namespace ui
