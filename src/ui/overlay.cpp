// [SECTION] Projection and labels
// [SECTION] Legend
// [SECTION] Probe markers and the hovered bar
// [SECTION] Tooltip
// [SECTION] drawOverlay
#include "ui/overlay.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>

#include "scene/overview.hpp"
#include "ui/cell_info.hpp"
#include "ui/panel_util.hpp"
#include "ui/panels.hpp"
#include "ui/style.hpp"
#include "ui/vit_input.hpp"

namespace ui {

static_assert(IM_COL32(1, 2, 3, 4) == scene::packRgba(1, 2, 3, 4),
              "scene::Rgba8 and ImU32 must share their byte order");

namespace {

constexpr ImU32 kShadow = IM_COL32(0, 0, 0, 200);
constexpr ImU32 kPanelBg = IM_COL32(18, 20, 24, 215);
constexpr ImU32 kPanelBorder = IM_COL32(70, 78, 92, 160);
constexpr ImU32 kTextColor = IM_COL32(230, 232, 236, 255);

// Text with a 1-pixel shadow, readable over bright bars and the dark background alike.
void shadowText(ImDrawList* dl, float size, ImVec2 pos, ImU32 color, const char* text) {
  dl->AddText(ImGui::GetFont(), size, {pos.x + 1.0f, pos.y + 1.0f}, kShadow, text);
  dl->AddText(ImGui::GetFont(), size, pos, color, text);
}

std::string formatFloat(const char* format, float v) {
  char text[48];
  std::snprintf(text, sizeof text, format, static_cast<double>(v));
  return text;
}

}  // namespace

// [SECTION] Projection and labels

std::optional<ImVec2> projectPoint(const scene::OrbitCamera& camera, glm::vec3 p) {
  const glm::vec4 clip = camera.viewProjection() * glm::vec4(p, 1.0f);
  // Behind the eye (perspective w <= 0) or outside the near/far planes (both projections).
  if (clip.w <= 1e-6f || clip.z < -clip.w || clip.z > clip.w) return std::nullopt;
  const float x = clip.x / clip.w, y = clip.y / clip.w;
  return ImVec2{(x + 1.0f) * 0.5f * camera.viewport.x, (1.0f - y) * 0.5f * camera.viewport.y};
}

std::vector<ScreenLabel> layoutLabels(std::span<const scene::Label> labels,
                                      const scene::OrbitCamera& camera, ImVec2 display) {
  std::vector<ScreenLabel> out;
  const ImFont* font = ImGui::GetFont();
  const float base = ImGui::GetFontSize();
  for (size_t k = 0; k < labels.size(); ++k) {
    const scene::Label& l = labels[k];
    const std::optional<ImVec2> anchor = projectPoint(camera, l.position);
    if (!anchor || l.text.empty()) continue;
    const float size = base * std::max(l.scale, 0.1f);
    const ImVec2 extent = font->CalcTextSizeA(size, FLT_MAX, 0.0f, l.text.c_str());
    float x = anchor->x;
    if (l.align == scene::LabelAlign::Center) x -= 0.5f * extent.x;
    if (l.align == scene::LabelAlign::Right) x -= extent.x;
    const ImVec2 min{x, anchor->y - 0.5f * extent.y};
    const ImVec2 max{min.x + extent.x, min.y + extent.y};
    if (max.x < 0.0f || max.y < 0.0f || min.x > display.x || min.y > display.y) continue;
    out.push_back({k, min, max, size});
  }
  return out;
}

std::vector<ScreenLabel> withoutOverlaps(std::vector<ScreenLabel> labels) {
  constexpr float kLineInset = 0.25f;
  std::vector<size_t> order(labels.size());
  for (size_t k = 0; k < order.size(); ++k)
    order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return labels[a].font_size > labels[b].font_size; });
  std::vector<size_t> kept;
  for (const size_t k : order) {
    const ScreenLabel& l = labels[k];
    // Glyphs fill about the middle half of a line's height: lines may touch, text may not.
    const float inset = kLineInset * (l.max.y - l.min.y);
    const bool overlaps = std::any_of(kept.begin(), kept.end(), [&](size_t other) {
      const ScreenLabel& o = labels[other];
      const float other_inset = kLineInset * (o.max.y - o.min.y);
      return l.min.x < o.max.x && o.min.x < l.max.x && l.min.y + inset < o.max.y - other_inset &&
             o.min.y + other_inset < l.max.y - inset;
    });
    if (!overlaps) kept.push_back(k);
  }
  std::sort(kept.begin(), kept.end());
  std::vector<ScreenLabel> out;
  out.reserve(kept.size());
  for (const size_t k : kept)
    out.push_back(labels[k]);
  return out;
}

// [SECTION] Legend

namespace {
constexpr float kLegendMargin = 0.8f, kLegendPad = 0.6f;  // font heights

// The gradient's length: a sixth of the display, within 5 to 11 font heights.
float legendBarHeight(float display_height, float f) {
  return std::clamp(0.17f * display_height, 5.0f * f, 11.0f * f);
}

// Title line, its gap, the gradient and the half line its bottom tick label reaches below it.
float legendHeight(float display_height, float f) {
  return kLegendPad * f + f + 0.6f * f + legendBarHeight(display_height, f) + 0.5f * f +
         kLegendPad * f;
}
}  // namespace

float legendBand(float display_height, float font_size) {
  return legendHeight(display_height, font_size) + kLegendMargin * font_size;
}

Legend legendLayout(const scene::ViewOptions& view, scene::ValueRange range, ImVec2 display,
                    float font_size) {
  Legend g;
  g.title = barValueName(view.value);
  if (view.range_scale == scene::RangeScale::Log) g.title += ", log";
  g.ticks = scene::colorbarTicks(range, view.range_scale);
  const float f = font_size, margin = kLegendMargin * f;
  float label_w = 0.0f;
  for (const scene::ColorbarTick& t : g.ticks) {
    label_w =
        std::max(label_w, ImGui::GetFont()->CalcTextSizeA(f, FLT_MAX, 0.0f, t.label.c_str()).x);
  }
  const float title_w = ImGui::GetFont()->CalcTextSizeA(f, FLT_MAX, 0.0f, g.title.c_str()).x;
  const float bar_w = 1.1f * f, bar_h = legendBarHeight(display.y, f);
  const float pad = kLegendPad * f;
  const float width = std::max(title_w, bar_w + 0.6f * f + label_w) + 2.0f * pad;
  const float height = legendHeight(display.y, f);
  g.max = {display.x - margin, display.y - margin};
  g.min = {g.max.x - width, g.max.y - height};
  g.bar_min = {g.min.x + pad, g.min.y + pad + f + 0.6f * f};
  g.bar_max = {g.bar_min.x + bar_w, g.bar_min.y + bar_h};
  return g;
}

namespace {

void drawLegend(ImDrawList* dl, const Legend& g, scene::Colormap map) {
  const float f = ImGui::GetFontSize();
  dl->AddRectFilled(g.min, g.max, kPanelBg, 0.3f * f);
  dl->AddRect(g.min, g.max, kPanelBorder, 0.3f * f);
  dl->AddText({g.min.x + 0.6f * f, g.min.y + 0.6f * f}, kTextColor, g.title.c_str());
  // The gradient bottom (min) to top (max), as in matplotlib's colour bars.
  constexpr int kSteps = 64;
  const float h = g.bar_max.y - g.bar_min.y;
  for (int s = 0; s < kSteps; ++s) {
    const float t0 = static_cast<float>(s) / kSteps, t1 = static_cast<float>(s + 1) / kSteps;
    const ImU32 c0 = detail::toImU32(scene::sampleColormap(map, t0));
    const ImU32 c1 = detail::toImU32(scene::sampleColormap(map, t1));
    dl->AddRectFilledMultiColor({g.bar_min.x, g.bar_max.y - t1 * h},
                                {g.bar_max.x, g.bar_max.y - t0 * h}, c1, c1, c0, c0);
  }
  dl->AddRect(g.bar_min, g.bar_max, kPanelBorder);
  for (const scene::ColorbarTick& t : g.ticks) {
    const float y = g.tickY(t.position);
    dl->AddLine({g.bar_max.x - 0.25f * f, y}, {g.bar_max.x + 0.3f * f, y}, kTextColor);
    dl->AddText({g.bar_max.x + 0.5f * f, y - 0.5f * f}, kTextColor, t.label.c_str());
  }
}

}  // namespace

// [SECTION] Probe markers and the hovered bar

std::optional<size_t> barIndex(const scene::SceneLayout& layout, int head, int query, int key) {
  for (const scene::FieldLayout& f : layout.fields) {
    if (f.head != head) continue;
    if (query < 0 || key < 0 || query >= f.rows || key >= f.cols) return std::nullopt;
    return f.first_bar + static_cast<size_t>(query) * static_cast<size_t>(f.cols) +
           static_cast<size_t>(key);
  }
  return std::nullopt;
}

namespace {

// Outline of a bar's top face.
void outlineBar(ImDrawList* dl, const scene::OrbitCamera& camera, const scene::BarInstance& bar,
                float footprint, ImU32 color, float thickness, float base = 0.0f) {
  const float r = 0.5f * footprint, y = base + bar.height;
  const glm::vec3 corners[4] = {{bar.x - r, y, bar.z - r},
                                {bar.x + r, y, bar.z - r},
                                {bar.x + r, y, bar.z + r},
                                {bar.x - r, y, bar.z + r}};
  ImVec2 points[4];
  for (int k = 0; k < 4; ++k) {
    const std::optional<ImVec2> p = projectPoint(camera, corners[k]);
    if (!p) return;
    points[k] = *p;
  }
  dl->AddPolyline(points, 4, color, ImDrawFlags_Closed, thickness);
}

void drawBarMarks(ImDrawList* dl, const AppState& state, const scene::SceneData& scene,
                  const scene::SceneLayout& layout) {
  const float f = ImGui::GetFontSize();
  // Probes are cells of one result: a file's overview and rollout have other fields.
  const bool layer_scene = !state.file.open || state.view.model_view == scene::ModelView::Layer;
  for (size_t k = 0; k < state.probes.size() && layer_scene; ++k) {
    const Probe& p = state.probes[k];
    const std::optional<size_t> bar = barIndex(layout, p.head, p.query, p.key);
    if (!bar || *bar >= scene.bars.size()) continue;
    const scene::BarInstance& b = scene.bars[*bar];
    outlineBar(dl, state.camera, b, scene.bar_footprint, IM_COL32(255, 255, 255, 200), 1.5f);
    if (const auto top = projectPoint(state.camera, {b.x, b.height, b.z})) {
      const std::string number = std::to_string(k + 1);
      dl->AddCircleFilled(*top, 0.55f * f, IM_COL32(20, 22, 26, 220));
      dl->AddCircle(*top, 0.55f * f, IM_COL32(255, 255, 255, 220));
      const ImVec2 size = ImGui::CalcTextSize(number.c_str());
      dl->AddText({top->x - 0.5f * size.x, top->y - 0.5f * size.y}, kTextColor, number.c_str());
    }
  }
  if (const auto& cell = state.hover.cell; cell && cell->bar < scene.bars.size()) {
    // The floor of the field hovered (raised in the rollout).
    float base = 0.0f;
    for (const scene::FieldLayout& field : layout.fields) {
      const size_t end = field.first_bar + static_cast<size_t>(field.rows) * field.cols;
      if (cell->bar >= field.first_bar && cell->bar < end) base = field.base;
    }
    outlineBar(dl, state.camera, scene.bars[cell->bar], scene.bar_footprint,
               IM_COL32(255, 255, 255, 255), 2.0f, base);
  }
  // The hovered arrow: a ring around its tip.
  if (const auto& arrow = state.hover.arrow; arrow && arrow->arrow < scene.arrows.size()) {
    const scene::ArrowInstance& a = scene.arrows[arrow->arrow];
    if (const auto tip = projectPoint(state.camera, a.origin + a.vector)) {
      dl->AddCircle(*tip, 0.6f * f, IM_COL32(255, 255, 255, 230), 0, 2.0f);
    }
  }
}

// The ViT view's hovered token: its patch outlined on the picture, and its bar's top.
void drawPatchMarks(ImDrawList* dl, const AppState& state, const scene::SceneData& scene,
                    const scene::VitLayout& vit) {
  const auto& hit = state.hover.token;
  if (!hit) return;
  const ImU32 white = IM_COL32(255, 255, 255, 230);
  const int patch = vit.grid.patchOfToken(hit->token);
  if (patch >= 0) {
    const attn::PixelRect p = vit.grid.pixels(patch);
    const glm::vec2 lo = scene::pixelToGround(vit.grid, vit.rect, {p.x0, p.y0});
    const glm::vec2 hi = scene::pixelToGround(vit.grid, vit.rect, {p.x1, p.y1});
    const glm::vec3 corners[4] = {
        {lo.x, 0.0f, lo.y}, {hi.x, 0.0f, lo.y}, {hi.x, 0.0f, hi.y}, {lo.x, 0.0f, hi.y}};
    ImVec2 points[4];
    bool visible = true;
    for (int k = 0; k < 4 && visible; ++k) {
      const std::optional<ImVec2> q = projectPoint(state.camera, corners[k]);
      visible = q.has_value();
      if (q) points[k] = *q;
    }
    if (visible) dl->AddPolyline(points, 4, white, ImDrawFlags_Closed, 1.5f);
  }
  const size_t bar = patch >= 0 ? vit.first_bar + static_cast<size_t>(patch)
                                : vit.cls_bar.value_or(scene.bars.size());
  const bool has_bar =
      patch >= 0 ? static_cast<size_t>(patch) < vit.patch_bars : vit.cls_bar.has_value();
  if (has_bar && bar < scene.bars.size()) {
    outlineBar(dl, state.camera, scene.bars[bar], scene.bar_footprint, white, 2.0f);
  }
}

}  // namespace

// [SECTION] Tooltip

namespace {

std::string tokenOf(const std::vector<std::string>& tokens, int index) {
  return index >= 0 && index < static_cast<int>(tokens.size()) ? tokens[static_cast<size_t>(index)]
                                                               : std::to_string(index);
}
std::string keyTokenOf(const attn::ModelAttention& m, int j) {
  return tokenOf(m.source_tokens.empty() ? m.tokens : m.source_tokens, j);
}
std::string quote(const std::string& text) {
  return "\"" + text + "\"";
}

// A field of a file's overview: one head's weight, or the mean or max over the layer's heads; a
// pooled bar of a large file covers a block of cells and shows its largest value.
std::vector<std::string> overviewLines(const attn::ModelAttention& m,
                                       const scene::ViewOptions& view, const scene::CellHit& hit) {
  const scene::OverviewGrid g = scene::overviewGrid(m, view);
  if (hit.layer < 0 || hit.layer >= m.layers || hit.query >= g.rows || hit.key >= g.cols) return {};
  auto value = [&](int i, int j) {
    if (hit.head >= 0 && hit.head < m.heads) return m.weightsOf(hit.layer, hit.head)(i, j);
    float v = hit.head == scene::kHeadMax ? -INFINITY : 0.0f;
    for (int h = 0; h < m.heads; ++h) {
      const float w = m.weightsOf(hit.layer, h)(i, j);
      v = hit.head == scene::kHeadMax ? std::max(v, w) : v + w / static_cast<float>(m.heads);
    }
    return v;
  };
  const int i0 = hit.query * g.pool, i1 = std::min(i0 + g.pool, m.n) - 1;
  const int j0 = hit.key * g.pool, j1 = std::min(j0 + g.pool, m.m) - 1;
  float top = -INFINITY;
  for (int i = i0; i <= i1; ++i)
    for (int j = j0; j <= j1; ++j)
      top = std::max(top, value(i, j));
  std::vector<std::string> lines{scene::overviewTitle(hit.layer, hit.head)};
  if (g.pool == 1) {
    lines.push_back("query " + std::to_string(i0) + "  " + quote(tokenOf(m.tokens, i0)));
    lines.push_back("key " + std::to_string(j0) + "  " + quote(keyTokenOf(m, j0)));
    lines.push_back(formatFloat("weight = %.4f", top));
  } else {
    lines.push_back("queries " + std::to_string(i0) + " to " + std::to_string(i1));
    lines.push_back("keys " + std::to_string(j0) + " to " + std::to_string(j1));
    lines.push_back(formatFloat("largest weight = %.4f", top) + " (" + std::to_string(g.pool) +
                    " x " + std::to_string(g.pool) + " cells per bar)");
  }
  lines.push_back("click: open this field as one layer");
  return lines;
}

// A cell of the rollout stack, or one of its flows.
std::vector<std::string> rolloutLines(const AppState& state) {
  const attn::ModelAttention& m = *state.file.open->model;
  const RolloutData* r = state.file.rollout.get();
  if (const auto& hit = state.hover.cell) {
    if (!r || hit->layer < 0 || hit->layer >= static_cast<int>(r->partial.size()) ||
        hit->query >= m.n || hit->key >= m.n)
      return {};
    const std::string l = std::to_string(hit->layer);
    return {"R" + l + "  after layer " + l,
            "token " + std::to_string(hit->query) + "  " + quote(tokenOf(m.tokens, hit->query)) +
                " after layer " + l,
            "draws on input token " + std::to_string(hit->key) + "  " +
                quote(tokenOf(m.tokens, hit->key)),
            formatFloat("rollout share = %.4f",
                        r->partial[static_cast<size_t>(hit->layer)](hit->query, hit->key)),
            "click: follow this token's flows"};
  }
  if (const auto& arrow = state.hover.arrow; arrow && arrow->source >= 0) {
    const int out = state.view.selected_query >= 0 && state.view.selected_query < m.n
                        ? state.view.selected_query
                        : m.n - 1;
    return {"flow through layer " + std::to_string(arrow->head),
            quote(tokenOf(m.tokens, arrow->source)) + " \xe2\x86\x92 " +
                quote(tokenOf(m.tokens, arrow->token)),
            formatFloat("carries %.4f of ", arrow->share) + quote(tokenOf(m.tokens, out)) +
                " at the output"};
  }
  return {};
}

}  // namespace

std::vector<std::string> tooltipLines(const AppState& state) {
  std::vector<std::string> lines;
  if (state.file.open && state.view.model_view == scene::ModelView::Overview) {
    return state.hover.cell ? overviewLines(*state.file.open->model, state.view, *state.hover.cell)
                            : lines;
  }
  if (state.file.open && state.view.model_view == scene::ModelView::Rollout) {
    return rolloutLines(state);
  }
  if (!state.result) return lines;
  const attn::Result& r = *state.result;
  if (const auto& hit = state.hover.cell) {
    const std::optional<CellInfo> c = cellInfo(r, hit->head, hit->query, hit->key);
    if (!c) return lines;
    lines.push_back(c->head < static_cast<int>(r.head_names.size())
                        ? r.head_names[static_cast<size_t>(c->head)]
                        : "head " + std::to_string(c->head));
    lines.push_back("query " + std::to_string(c->query) + "  \"" + c->query_token + "\"");
    lines.push_back("key " + std::to_string(c->key) + "  \"" + c->key_token + "\"");
    if (c->has_scores) {
      lines.push_back(formatFloat("q\xc2\xb7k = %.4g", c->dot));
      lines.push_back(
          formatFloat("score q\xc2\xb7k/\xe2\x88\x9a"
                      "d_k = %.4g",
                      c->score));
    }
    if (r.temperature != 1.0f) {
      lines.push_back(formatFloat("temperature %.3g", r.temperature));
    }
    lines.push_back(c->masked ? "masked (weight exactly 0)" : "not masked");
    lines.push_back(formatFloat("weight = %.4f", c->weight));
    std::string sum = formatFloat("row sum = %.4f", c->row_sum);
    if (c->row_fully_masked) sum += " (every key masked)";
    lines.push_back(sum);
  } else if (const auto& arrow = state.hover.arrow) {
    lines.push_back(arrowDescription(r, arrow->role, arrow->token, arrow->head));
  }
  return lines;
}

namespace {

void drawTooltip(const AppState& state, const scene::SceneLayout& layout) {
  const std::vector<std::string> lines =
      layout.vit ? vitTooltipLines(state, *layout.vit) : tooltipLines(state);
  if (lines.empty()) return;
  ImGui::BeginTooltip();
  for (size_t k = 0; k < lines.size(); ++k) {
    if (k == 0 && (state.hover.cell || state.hover.token)) {
      ImGui::TextColored(detail::kNoteColor, "%s", lines[k].c_str());
    } else {
      ImGui::TextUnformatted(lines[k].c_str());
    }
  }
  const bool layer_scene = !state.file.open || state.view.model_view == scene::ModelView::Layer;
  if (const auto& cell = state.hover.cell; cell && layer_scene) {
    const Probe probe{cell->head, cell->query, cell->key};
    const bool pinned =
        std::find(state.probes.begin(), state.probes.end(), probe) != state.probes.end();
    ImGui::TextColored(detail::kNoteColor, pinned ? "click: unpin" : "click: pin as probe");
  }
  ImGui::EndTooltip();
}

// A centred notice at the top of the scene, wrapped to stay clear of the side panels. Returns
// the y below it.
float drawBanner(ImDrawList* dl, const char* text, ImU32 color, float y) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float f = ImGui::GetFontSize();
  const float wrap = std::max(std::min(0.4f * display.x, 36.0f * f), 8.0f * f);
  const ImVec2 size = ImGui::CalcTextSize(text, nullptr, false, wrap);
  const ImVec2 min{0.5f * (display.x - size.x) - 0.7f * f, y};
  const ImVec2 max{min.x + size.x + 1.4f * f, min.y + size.y + 0.6f * f};
  dl->AddRectFilled(min, max, kPanelBg, 0.3f * f);
  dl->AddText(ImGui::GetFont(), f, {min.x + 0.7f * f, min.y + 0.3f * f}, color, text, nullptr,
              wrap);
  return max.y + 0.4f * f;
}

// The caption's lines (stage, formula, numbers) in font sizes; the box is kCaptionTop below the
// display's top edge.
constexpr float kCaptionSizes[] = {1.5f, 1.25f, 1.0f};
constexpr float kCaptionTop = 0.6f, kCaptionPad = 0.8f, kLineHeight = 1.15f;

// The animation's caption, top centre: the stage (large), its formula, the numbers of the moment.
// Returns the y below it.
float drawCaption(ImDrawList* dl, const scene::SceneData& scene, float y) {
  if (scene.caption.empty()) return y;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float f = ImGui::GetFontSize();
  ImFont* font = ImGui::GetFont();
  struct Line {
    const std::string* text;
    float size;
    ImU32 color;
  };
  const Line lines[] = {
      {&scene.caption, kCaptionSizes[0] * f, kTextColor},
      {&scene.formula, kCaptionSizes[1] * f, detail::toImU32(scene::kOutputColor)},
      {&scene.detail, kCaptionSizes[2] * f, IM_COL32(190, 196, 206, 255)}};
  float width = 0.0f, height = 0.0f;
  for (const Line& l : lines) {
    if (l.text->empty()) continue;
    width = std::max(width, font->CalcTextSizeA(l.size, FLT_MAX, 0.0f, l.text->c_str()).x);
    height += kLineHeight * l.size;
  }
  const float pad = kCaptionPad * f;
  const ImVec2 min{0.5f * (display.x - width) - pad, y};
  const ImVec2 max{0.5f * (display.x + width) + pad, y + height + pad};
  dl->AddRectFilled(min, max, kPanelBg, 0.4f * f);
  dl->AddRect(min, max, kPanelBorder, 0.4f * f);
  float line_y = y + 0.5f * pad;
  for (const Line& l : lines) {
    if (l.text->empty()) continue;
    const float w = font->CalcTextSizeA(l.size, FLT_MAX, 0.0f, l.text->c_str()).x;
    shadowText(dl, l.size, {0.5f * (display.x - w), line_y}, l.color, l.text->c_str());
    line_y += kLineHeight * l.size;
  }
  return max.y + 0.4f * f;
}

// The mouse and key bindings, faint, bottom centre between the side panels.
void drawHints(ImDrawList* dl, bool vit) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const std::string text = bindingHints(vit, display.x - 2.0f * sidePanelWidth());
  if (text.empty()) return;
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  const float f = ImGui::GetFontSize();
  dl->AddText({0.5f * (display.x - size.x), display.y - size.y - 0.5f * f},
              IM_COL32(200, 205, 215, 120), text.c_str());
}

}  // namespace

std::string bindingHints(bool vit, float room) {
  static constexpr const char* kMatrixHints[] = {
      "drag: orbit", "right drag: pan", "wheel: zoom",  "click bar: probe", "F frame",
      "R reset",     "1-4 views",       "P projection", "Space animate"};
  static constexpr const char* kPictureHints[] = {
      "drag: orbit",     "wheel: zoom", "click a patch: query",
      "arrows: move it", "C: CLS",      "O: overlay",
      "H: heads",        "F frame",     "1-4 views"};
  std::string text;
  for (const char* hint : vit ? std::span(kPictureHints) : std::span(kMatrixHints)) {
    std::string longer = text.empty() ? hint : text + "  \xc2\xb7  " + hint;
    if (ImGui::CalcTextSize(longer.c_str()).x > room) break;
    text = std::move(longer);
  }
  return text;
}

float captionBandHeight() {
  float lines = 0.0f;
  for (const float size : kCaptionSizes)
    lines += kLineHeight * size;
  float f = ImGui::GetFontSize();
  if (f <= 0.0f) {  // before the first frame (and the atlas build): the first font's size
    const ImGuiIO& io = ImGui::GetIO();
    f = io.Fonts->ConfigData.empty() ? 13.0f : io.Fonts->ConfigData[0].SizePixels;
    f *= io.FontGlobalScale;
  }
  return (kCaptionTop + lines + kCaptionPad) * f;
}

// [SECTION] drawOverlay

void drawOverlay(const AppState& state, const scene::SceneData& scene,
                 const scene::SceneLayout& layout, bool hints) {
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float f = ImGui::GetFontSize();

  for (const ScreenLabel& s : withoutOverlaps(layoutLabels(scene.labels, state.camera, display))) {
    const scene::Label& l = scene.labels[s.index];
    shadowText(dl, s.font_size, s.min, detail::toImU32(l.color), l.text.c_str());
  }
  drawBarMarks(dl, state, scene, layout);
  if (layout.vit) drawPatchMarks(dl, state, scene, *layout.vit);
  if (!scene.bars.empty() || !scene.ground.overlay.empty()) {
    // The mapping the bars use: the view's, or the animation stage's (scores before the softmax).
    scene::ViewOptions shown = state.view;
    shown.value = layout.value;
    shown.colormap = layout.colormap;
    shown.range_scale = layout.range_scale;
    drawLegend(dl, legendLayout(shown, layout.range, display, f), shown.colormap);
  }

  float banner_y = drawCaption(dl, scene, kCaptionTop * f);
  if (!state.file.loading.empty()) {
    const std::string text = "reading " + state.file.loading + ellipsis();
    banner_y = drawBanner(dl, text.c_str(), detail::toImU32(0xff4dc8ffu), banner_y);
  } else if (state.computing) {
    const std::string text = std::string("computing") + ellipsis();
    banner_y = drawBanner(dl, text.c_str(), detail::toImU32(0xff4dc8ffu), banner_y);
  }
  // Shown even over an older result: it says why the current parameters were refused.
  if (!state.error.empty()) {
    banner_y =
        drawBanner(dl, state.error.c_str(), ImGui::GetColorU32(detail::kErrorColor), banner_y);
  }
  // A file that could not be opened: the scene stays what it was.
  if (!state.file.error.empty()) {
    drawBanner(dl, state.file.error.c_str(), ImGui::GetColorU32(detail::kErrorColor), banner_y);
  }
  if (hints && (!scene.bars.empty() || !scene.arrows.empty() || !scene.ground.empty())) {
    drawHints(dl, layout.vit.has_value());
  }
  drawTooltip(state, layout);
}

}  // namespace ui
