#include "scene/rollout_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "attn/rollout.hpp"
#include "scene/field.hpp"

namespace scene {

namespace {

bool isDrawable(const RolloutInput& in) {
  if (in.mixing.empty() || in.mixing.size() != in.partial.size()) return false;
  const auto n = in.mixing.front().rows();
  if (n <= 0) return false;
  for (size_t l = 0; l < in.mixing.size(); ++l) {
    if (in.mixing[l].rows() != n || in.mixing[l].cols() != n || in.partial[l].rows() != n ||
        in.partial[l].cols() != n)
      return false;
  }
  return true;
}

struct Flow {
  int from = 0, to = 0;  // token before the layer, token after it
  float share = 0;
};

// The largest shares of one layer, strongest first.
std::vector<Flow> strongestFlows(const attn::Matrix& mixing, const attn::Vector& after) {
  std::vector<Flow> flows;
  float top = 0.0f;
  for (int to = 0; to < mixing.rows(); ++to) {
    for (int from = 0; from < mixing.cols(); ++from) {
      const float share = after(to) * mixing(to, from);
      if (share > 0.0f) flows.push_back({from, to, share});
      top = std::max(top, share);
    }
  }
  std::erase_if(flows, [&](const Flow& f) { return f.share < kMinFlowShare * top; });
  std::sort(flows.begin(), flows.end(), [](const Flow& a, const Flow& b) {
    return a.share != b.share ? a.share > b.share : (a.to != b.to ? a.to < b.to : a.from < b.from);
  });
  if (flows.size() > static_cast<size_t>(kMaxFlowsPerLayer)) flows.resize(kMaxFlowsPerLayer);
  return flows;
}

std::string formatAlpha(float residual) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", static_cast<double>(residual));
  return text;
}

}  // namespace

RolloutGeometry rolloutGeometry(int layers, int n) {
  RolloutGeometry g;
  // The stack a little taller than a field is wide, so the floors stand apart in a low view, and
  // bars (shares up to 1) reaching half way to the next floor.
  g.spacing =
      std::max(4.0f, 1.5f * static_cast<float>(n) / static_cast<float>(std::max(layers, 1)));
  g.height_scale = 0.5f * g.spacing;
  return g;
}

size_t rolloutCellCount(const RolloutInput& in) {
  if (!isDrawable(in)) return 0;
  const auto n = static_cast<size_t>(in.mixing.front().rows());
  return in.mixing.size() * n * n;
}

// bars: [L, N, N], level l + 1 holding R_l
void buildRollout(const RolloutInput& in, const ViewOptions& view, uint64_t revision,
                  SceneData& out, SceneLayout& layout) {
  detail::resetScene(out, layout, revision, view.bar_gap);
  if (!isDrawable(in)) return;
  const int layers = static_cast<int>(in.mixing.size());
  const int n = static_cast<int>(in.mixing.front().rows());
  const RolloutGeometry g = rolloutGeometry(layers, n);
  const std::vector<std::string> tokens(in.tokens.begin(), in.tokens.end());
  const int output =
      view.selected_query >= 0 && view.selected_query < n ? view.selected_query : n - 1;
  const std::vector<attn::Vector> flow = attn::rolloutFlow(in.mixing, output);

  float top = 0.0f;
  for (const attn::Matrix& r : in.partial)
    top = std::max(top, r.maxCoeff());
  const ColorScale colors = detail::weightColors(view, top, layout);
  const float grid_spacing = static_cast<float>(labelStride(n, 8));
  const float left = -1.5f, mid = 0.5f * static_cast<float>(n - 1);

  // Level 0: the inputs.
  if (view.show_grid) {
    FieldLayout ground;
    ground.rows = ground.cols = n;
    detail::addFieldGrid(ground, grid_spacing, out);
  }
  if (view.show_labels) {
    detail::addLabel(out, {left, 0.0f, mid}, "inputs", kTitleColor, LabelAlign::Right, 1.0f);
    // The input tokens the output draws on most (a long sequence would be a wall of text).
    std::vector<int> order(static_cast<size_t>(n));
    for (int k = 0; k < n; ++k)
      order[static_cast<size_t>(k)] = k;
    const attn::Vector& inputs = flow.front();
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return inputs(a) > inputs(b); });
    // Neighbours' labels would overlap along the diagonal: at most one per n/8 tokens.
    const int apart = std::max(1, n / 8);
    std::vector<int> named;
    for (const int k : order) {
      if (static_cast<int>(named.size()) == kMaxInputLabels ||
          inputs(k) < kMinFlowShare * inputs(order.front()))
        break;
      if (std::any_of(named.begin(), named.end(), [&](int o) { return std::abs(o - k) < apart; }))
        continue;
      named.push_back(k);
      detail::addLabel(out, {static_cast<float>(k) - 0.7f, 0.0f, static_cast<float>(k)},
                       detail::tokenText(tokens, k), kOutputColor, LabelAlign::Right, 0.85f);
    }
  }

  // Levels 1 … L: R_0 … R_{L−1}, rows off the path dimmed.
  for (int l = 0; l < layers; ++l) {
    FieldLayout f;
    f.layer = l;
    f.rows = f.cols = n;
    f.base = static_cast<float>(l + 1) * g.spacing;
    f.first_bar = out.bars.size();
    const attn::Vector& through = flow[static_cast<size_t>(l) + 1];
    const float row_top = through.maxCoeff();
    detail::CellValues cells;
    cells.values = in.partial[static_cast<size_t>(l)].data();
    cells.cols = n;
    detail::addFieldBars(cells, f, colors, g.height_scale, -1, out);
    for (int i = 0; i < n; ++i) {
      if (through(i) >= kMinFlowShare * row_top) continue;
      for (int j = 0; j < n; ++j) {
        BarInstance& bar = out.bars[f.first_bar + static_cast<size_t>(i) * n + j];
        bar.color = detail::dim(bar.color, kDimFactor);
      }
    }
    out.levels.push_back({f.first_bar, static_cast<size_t>(n) * n, f.base});
    layout.fields.push_back(f);
    if (view.show_grid) detail::addFieldGrid(f, grid_spacing, out);
    if (view.show_labels) {
      std::string title = "R";  // += : GCC 12 raises a false -Wrestrict on "R" + to_string(…)
      title += std::to_string(l);
      title += "  after layer ";
      title += std::to_string(l);
      detail::addLabel(out, {left, f.base, mid}, std::move(title), kTitleColor, LabelAlign::Right,
                       1.0f);
    }
  }
  if (view.show_labels) {
    const float top_floor = static_cast<float>(layers) * g.spacing;
    detail::addLabel(out,
                     {static_cast<float>(output) + 0.7f, top_floor, static_cast<float>(output)},
                     detail::tokenText(tokens, output), kOutputColor, LabelAlign::Left, 1.0f);
    std::string header = "rollout of '";
    header += detail::tokenText(tokens, output);
    header += "' through every layer  (residual \xce\xb1 = ";
    header += formatAlpha(in.residual);
    header += ")";
    detail::addLabel(out, {mid, top_floor + g.spacing, -0.5f}, std::move(header), kTitleColor,
                     LabelAlign::Center, 1.2f);
  }

  // Flows between consecutive levels.
  const float r0 = std::clamp(0.02f * static_cast<float>(n), 0.06f, 0.5f);
  for (int l = 0; l < layers; ++l) {
    const std::vector<Flow> flows =
        strongestFlows(in.mixing[static_cast<size_t>(l)], flow[static_cast<size_t>(l) + 1]);
    if (flows.empty()) continue;
    const float strongest = flows.front().share;
    const float y0 = static_cast<float>(l) * g.spacing, y1 = y0 + g.spacing;
    for (const Flow& f : flows) {
      const float s = f.share / strongest;
      const glm::vec3 from{static_cast<float>(f.from), y0, static_cast<float>(f.from)};
      const glm::vec3 to{static_cast<float>(f.to), y1, static_cast<float>(f.to)};
      out.arrows.push_back({from, to - from, withAlpha(kOutputColor, 0.3f + 0.65f * s),
                            r0 * (0.35f + 0.65f * std::sqrt(s))});
      layout.arrow_tags.push_back({ArrowRole::Output, f.to, l, f.from, f.share});
    }
  }
  detail::finishBounds(out, layout);
}

}  // namespace scene
