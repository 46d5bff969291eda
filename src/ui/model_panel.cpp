// Model panel: what the kernel computes. Every edit returns true at once (the worker is "latest
// wins", so dragging a slider recomputes continuously without queueing).
// [SECTION] Helpers
// [SECTION] Tokens and sizes
// [SECTION] Heads
// [SECTION] Mask, temperature, pattern, seed
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "ui/panel_util.hpp"
#include "ui/panels.hpp"

namespace ui {
namespace {

// [SECTION] Helpers

constexpr int kMaxSeq = 4096;
constexpr int kMaxDModel = 4096;
constexpr int kMaxHeadChoices = 64;

// Query and key counts the parameters give (M = 0 for self-attention).
std::pair<int, int> shapeOf(const attn::Params& p) {
  const int n = p.text.empty() ? p.seq : static_cast<int>(attn::tokenize(p.text).size());
  int m =
      p.source_text.empty() ? p.source_seq : static_cast<int>(attn::tokenize(p.source_text).size());
  if (m == 0 && p.pattern == attn::Pattern::Translation) m = n;  // the generator's default
  return {n, m};
}

// [SECTION] Tokens and sizes

bool tokensSection(attn::Params& p) {
  bool changed = false;
  ImGui::TextUnformatted("Text (queries)");
  const float f = ImGui::GetFontSize();
  changed |= ImGui::InputTextMultiline("##text", &p.text, {-1.0f, 3.2f * f});
  if (p.text.empty()) {
    ImGui::TextColored(detail::kNoteColor, "no text: generated tokens t0, t1, ...");
    // Values from the command line are kept as they are until the user edits them.
    if (ImGui::SliderInt("sequence N", &p.seq, 1, 256)) {
      p.seq = std::clamp(p.seq, 1, kMaxSeq);
      changed = true;
    }
    detail::helpMarker("Number of query tokens. Ctrl+click to type a larger value.");
  } else {
    ImGui::TextColored(detail::kNoteColor, "N = %d tokens (split on spaces)",
                       static_cast<int>(attn::tokenize(p.text).size()));
  }

  bool cross = p.source_seq > 0 || !p.source_text.empty();
  if (ImGui::Checkbox("cross-attention", &cross)) {
    changed = true;
    if (cross) {
      p.source_seq = std::max(p.seq, 1);
    } else {
      p.source_seq = 0;
      p.source_text.clear();
    }
  }
  detail::helpMarker(
      "Keys and values come from a second sequence (the source), as in an encoder-decoder. "
      "Off: self-attention, keys are the queries.");
  if (cross) {
    ImGui::Indent();
    changed |= ImGui::InputTextWithHint("##source", "source text (keys)", &p.source_text);
    if (p.source_text.empty()) {
      if (ImGui::SliderInt("source M", &p.source_seq, 1, 256)) {
        p.source_seq = std::clamp(p.source_seq, 1, kMaxSeq);
        changed = true;
      }
    } else {
      ImGui::TextColored(detail::kNoteColor, "M = %d tokens",
                         static_cast<int>(attn::tokenize(p.source_text).size()));
    }
    ImGui::Unindent();
  }
  return changed;
}

// [SECTION] Heads

bool headsSection(attn::Params& p) {
  bool changed = false;
  const int old_d = p.d_model;
  if (ImGui::InputInt("d_model D", &p.d_model, 1, 16)) {
    p.d_model = std::clamp(p.d_model, 1, kMaxDModel);
    changed = p.d_model != old_d;
  }
  const std::vector<int> choices = headChoices(p.d_model);
  // Keep the model valid when D changes: the largest divisor not above the old head count.
  if (changed && p.d_model % std::max(p.heads, 1) != 0) p.heads = snapHeads(p.d_model, p.heads);
  const std::string preview = std::to_string(p.heads);
  if (ImGui::BeginCombo("heads H", preview.c_str())) {
    for (const int h : choices) {
      const bool selected = h == p.heads;
      const std::string item =
          std::to_string(h) + "   (d_k = " + std::to_string(p.d_model / h) + ")";
      if (ImGui::Selectable(item.c_str(), selected)) {
        changed |= p.heads != h;
        p.heads = h;
      }
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  detail::helpMarker(
      "Only divisors of d_model are offered: each head gets d_k = D / H dimensions.");
  if (p.heads <= 0 || p.d_model % p.heads != 0) {
    ImGui::PushStyleColor(ImGuiCol_Text, detail::kErrorColor);
    ImGui::TextWrapped("H = %d does not divide D = %d: pick heads above", p.heads, p.d_model);
    ImGui::PopStyleColor();
  } else {
    ImGui::TextColored(detail::kNoteColor, "d_k = %d per head", p.d_model / p.heads);
  }
  const auto [n, m] = shapeOf(p);
  const double bytes = attn::forwardBytes(n, m, p.d_model, std::max(p.heads, 1));
  if (bytes > attn::kMemoryBudget) {
    ImGui::PushStyleColor(ImGuiCol_Text, detail::kErrorColor);
    ImGui::TextWrapped("too large: needs %.1f GiB (budget %.0f GiB)",
                       bytes / (1024.0 * 1024.0 * 1024.0),
                       attn::kMemoryBudget / (1024.0 * 1024.0 * 1024.0));
    ImGui::PopStyleColor();
  }
  return changed;
}

// [SECTION] Mask, temperature, pattern, seed

bool maskSection(attn::Params& p) {
  bool changed = false;
  static constexpr std::array<const char*, 3> kMaskNames{"none", "causal", "local window"};
  int kind = static_cast<int>(p.mask.kind);
  if (ImGui::Combo("mask", &kind, kMaskNames.data(), static_cast<int>(kMaskNames.size()))) {
    p.mask.kind = static_cast<attn::MaskKind>(kind);
    changed = true;
  }
  detail::helpMarker(
      "causal: query i sees keys j <= i. local window: keys with |i - j| <= window. Masked cells "
      "get weight exactly 0 and are drawn flat and grey.");
  if (p.mask.kind == attn::MaskKind::Local) {
    const auto [n, m] = shapeOf(p);
    const int most = std::max({n, m, 1});
    if (ImGui::SliderInt("window", &p.mask.window, 0, most, "%d", ImGuiSliderFlags_AlwaysClamp)) {
      p.mask.window = std::max(p.mask.window, 0);
      changed = true;
    }
  }
  changed |= ImGui::SliderFloat("temperature", &p.temperature, 0.05f, 20.0f, "%.3g",
                                ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  detail::helpMarker("softmax(scores / T): T < 1 sharpens the weights, T > 1 flattens them.");
  return changed;
}

bool patternSection(attn::Params& p) {
  bool changed = false;
  static constexpr std::array<attn::Pattern, 4> kPatterns{
      attn::Pattern::Random, attn::Pattern::Local, attn::Pattern::Global,
      attn::Pattern::Translation};
  static constexpr std::array<const char*, 4> kHelp{
      "Xavier-random projections: no structure.", "Each token attends to its neighbours.",
      "A few hub tokens (the first, punctuation) attract every query.",
      "Cross-attention: a monotone source-to-target alignment with a few swaps."};
  if (ImGui::BeginCombo("pattern", attn::patternName(p.pattern))) {
    for (size_t k = 0; k < kPatterns.size(); ++k) {
      const bool selected = kPatterns[k] == p.pattern;
      if (ImGui::Selectable(attn::patternName(kPatterns[k]), selected)) {
        changed |= !selected;
        p.pattern = kPatterns[k];
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kHelp[k]);
    }
    ImGui::EndCombo();
  }
  const ImU64 step = 1;
  changed |= ImGui::InputScalar("seed", ImGuiDataType_U64, &p.seed, &step);
  return changed;
}

}  // namespace

std::vector<int> headChoices(int d_model) {
  std::vector<int> out;
  for (int h = 1; h <= d_model && static_cast<int>(out.size()) < kMaxHeadChoices; ++h) {
    if (d_model % h == 0) out.push_back(h);
  }
  return out;
}

int snapHeads(int d_model, int heads) {
  int snapped = 1;
  for (const int h : headChoices(d_model)) {
    if (h <= heads) snapped = h;
  }
  return snapped;
}

bool drawModelPanel(AppState& state) {
  detail::placeLeftPanel(0.0f, 24.0f);
  if (!ImGui::Begin("Model")) {
    ImGui::End();
    return false;
  }
  ImGui::PushItemWidth(-9.0f * ImGui::GetFontSize());  // room for the labels on the right
  attn::Params& p = state.params;
  bool changed = tokensSection(p);
  ImGui::Separator();
  changed |= headsSection(p);
  ImGui::Separator();
  changed |= maskSection(p);
  changed |= patternSection(p);
  ImGui::PopItemWidth();
  ImGui::End();
  return changed;
}

}  // namespace ui
