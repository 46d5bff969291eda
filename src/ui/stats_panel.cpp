// Stats panel: timings, sizes and notices. Reads the state, never changes it.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "attn/patch_grid.hpp"
#include "ui/panel_util.hpp"
#include "ui/panels.hpp"
#include "ui/style.hpp"

namespace ui {
namespace {

// A labelled progress bar for a share in [0, 1].
void shareBar(const char* label, float share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", 100.0 * static_cast<double>(share));
  ImGui::ProgressBar(std::clamp(share, 0.0f, 1.0f), {-7.0f * ImGui::GetFontSize(), 0.0f}, text);
  ImGui::SameLine(0.0f, ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::TextUnformatted(label);
}

}  // namespace

bool drawStatsPanel(AppState& state) {
  detail::placeRightPanel(detail::RightPanel::Stats);
  if (!ImGui::Begin("Stats")) {
    ImGui::End();
    return false;
  }
  const double fps = state.frame_ms > 0.0 ? 1000.0 / state.frame_ms : 0.0;
  ImGui::Text("frame   %6.2f ms  (%.0f fps)", state.frame_ms, fps);
  ImGui::Text("kernel  %6.2f ms", state.kernel_ms);
  if (state.computing) {
    ImGui::SameLine();
    ImGui::TextColored(detail::kWarningColor, "computing%s", ellipsis());
  }

  if (const attn::Result* r = state.result.get()) {
    ImGui::Separator();
    // Results always name their keys, so N x M says it for self- and cross-attention alike.
    ImGui::Text("N = %d queries x M = %d keys", r->n, r->m);
    if (r->d_k > 0) {
      ImGui::Text("D = %d, H = %d, d_k = %d", r->d_model, r->heads, r->d_k);
    } else {
      ImGui::Text("H = %d, no q/k/v", r->heads);  // a file's weights alone
    }
    if (!r->fully_masked_rows.empty()) {
      ImGui::TextColored(detail::kWarningColor, "%d fully masked rows (weights 0)",
                         static_cast<int>(r->fully_masked_rows.size()));
    }
    const int h = std::clamp(state.view.selected_head, 0, std::max(r->heads - 1, 0));
    if (state.image) {
      // The picture view draws no arrows: the patch grid matters, not the PCA.
      const auto grid =
          attn::PatchGrid::fromTokenCount(state.image->width, state.image->height, r->n);
      if (grid) {
        ImGui::Text("%d x %d patches%s of %d x %d px", grid->patches(), grid->patches(),
                    grid->cls() ? " + CLS" : "", state.image->width, state.image->height);
      }
    } else if (h < static_cast<int>(r->pca.size())) {
      ImGui::Text("PCA-3D of head %d keeps", h);
      shareBar("of q, k", r->pca[static_cast<size_t>(h)].qk_explained);
      shareBar("of v", r->pca[static_cast<size_t>(h)].v_explained);
    }
  }

  ImGui::Separator();
  ImGui::Text("bars %zu, arrows %zu", state.bar_count, state.arrow_count);
  if (state.lod_active) {
    // The renderer decides when (its cell budget; in the window on a software renderer, also bars
    // a pixel or two wide); the bars stay pickable.
    ImGui::TextColored(detail::kWarningColor, "level of detail: bars drawn as a height map");
  }
  if (!state.error.empty()) {
    ImGui::Separator();
    ImGui::PushStyleColor(ImGuiCol_Text, detail::kErrorColor);
    ImGui::TextWrapped("%s", state.error.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::End();
  return false;
}

}  // namespace ui
