// What the tooltip and the Probes panel say about one cell or arrow, read from an attn::Result
// (pure; no ImGui), and the names the panels and the legend use.
#pragma once

#include <optional>
#include <string>

#include "attn/attention.hpp"
#include "scene/build.hpp"
#include "scene/view_options.hpp"

namespace ui {

// Cell (head h, query i, key j) of a result.
struct CellInfo {
  int head = 0, query = 0, key = 0;
  std::string query_token, key_token;
  bool has_scores = false;  // the result has q·k (a file without q/k, an aggregate: not)
  float dot = 0;            // q_i·k_j (raw score)
  float score = 0;          // q_i·k_j / √d_k, before the mask
  bool masked = false;
  float weight = 0;   // softmax output
  float row_sum = 0;  // Σ_j weights[h, i, j]: 1, or 0 for a fully masked row
  bool row_fully_masked = false;
};

// nullopt when the indices are outside the result or it has no weights.
std::optional<CellInfo> cellInfo(const attn::Result& result, int head, int query, int key);

// The token of a query (row) or key (column), or its index when the result has no names.
std::string queryToken(const attn::Result& result, int i);
std::string keyToken(const attn::Result& result, int j);

// One line for an arrow: "q of “cat” (query 2), head 0".
std::string arrowDescription(const attn::Result& result, scene::ArrowRole role, int token,
                             int head);
const char* roleName(scene::ArrowRole role);

// "weights", "scores q·kᵀ/√d_k", "raw scores q·kᵀ" — the legend title and the View panel's
// choices.
const char* barValueName(scene::BarValue value);

}  // namespace ui
