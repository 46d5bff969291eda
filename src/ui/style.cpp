// [SECTION] Theme
// [SECTION] Fonts
// [SECTION] Config directory
#include "ui/style.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <vector>

namespace ui {

// [SECTION] Theme

void applyStyle(float scale) {
  ImGuiStyle style;  // fresh defaults, so calling again with another scale does not compound
  ImGui::StyleColorsDark(&style);
  style.WindowPadding = {12, 10};
  style.FramePadding = {8, 4};
  style.ItemSpacing = {8, 6};
  style.ItemInnerSpacing = {6, 4};
  style.IndentSpacing = 18;
  style.ScrollbarSize = 14;
  style.GrabMinSize = 12;
  style.WindowRounding = 6;
  style.ChildRounding = 4;
  style.FrameRounding = 4;
  style.PopupRounding = 4;
  style.ScrollbarRounding = 6;
  style.GrabRounding = 4;
  style.TabRounding = 4;
  style.WindowBorderSize = 1;
  style.FrameBorderSize = 0;
  style.WindowTitleAlign = {0.02f, 0.5f};

  // A blue-grey palette that keeps the scene's colours (viridis, Okabe–Ito arrows) the brightest
  // things on screen.
  ImVec4* c = style.Colors;
  const ImVec4 bg{0.09f, 0.10f, 0.12f, 0.94f};
  const ImVec4 frame{0.16f, 0.18f, 0.22f, 1.00f};
  const ImVec4 accent{0.26f, 0.52f, 0.86f, 1.00f};
  const ImVec4 accent_dim{0.20f, 0.38f, 0.62f, 1.00f};
  c[ImGuiCol_Text] = {0.90f, 0.91f, 0.93f, 1.00f};
  c[ImGuiCol_TextDisabled] = {0.52f, 0.55f, 0.60f, 1.00f};
  c[ImGuiCol_WindowBg] = bg;
  c[ImGuiCol_PopupBg] = {0.11f, 0.12f, 0.15f, 0.97f};
  c[ImGuiCol_Border] = {0.24f, 0.27f, 0.32f, 0.60f};
  c[ImGuiCol_FrameBg] = frame;
  c[ImGuiCol_FrameBgHovered] = {0.22f, 0.25f, 0.31f, 1.00f};
  c[ImGuiCol_FrameBgActive] = {0.26f, 0.30f, 0.38f, 1.00f};
  c[ImGuiCol_TitleBg] = {0.07f, 0.08f, 0.10f, 1.00f};
  c[ImGuiCol_TitleBgActive] = {0.12f, 0.16f, 0.23f, 1.00f};
  c[ImGuiCol_TitleBgCollapsed] = {0.07f, 0.08f, 0.10f, 0.80f};
  c[ImGuiCol_CheckMark] = accent;
  c[ImGuiCol_SliderGrab] = accent_dim;
  c[ImGuiCol_SliderGrabActive] = accent;
  c[ImGuiCol_Button] = {0.20f, 0.24f, 0.31f, 1.00f};
  c[ImGuiCol_ButtonHovered] = accent_dim;
  c[ImGuiCol_ButtonActive] = accent;
  c[ImGuiCol_Header] = {0.20f, 0.24f, 0.31f, 1.00f};
  c[ImGuiCol_HeaderHovered] = accent_dim;
  c[ImGuiCol_HeaderActive] = accent;
  c[ImGuiCol_Separator] = {0.24f, 0.27f, 0.32f, 1.00f};
  c[ImGuiCol_Tab] = {0.14f, 0.17f, 0.22f, 1.00f};
  c[ImGuiCol_TabHovered] = accent_dim;
  c[ImGuiCol_TabActive] = {0.20f, 0.30f, 0.46f, 1.00f};
  c[ImGuiCol_PlotHistogram] = {0.30f, 0.66f, 0.52f, 1.00f};
  c[ImGuiCol_TableHeaderBg] = {0.14f, 0.16f, 0.20f, 1.00f};
  c[ImGuiCol_TableRowBgAlt] = {1.00f, 1.00f, 1.00f, 0.03f};

  style.ScaleAllSizes(scale > 0.0f ? scale : 1.0f);
  ImGui::GetStyle() = style;
}

// [SECTION] Fonts

namespace {

float g_fontScale = 1.0f;
std::vector<ImWchar> g_extraGlyphs;  // sorted: what addGlyphs asked for beyond the base ranges

}  // namespace

bool loadFonts(float scale) {
  if (scale <= 0.0f) scale = 1.0f;
  g_fontScale = scale;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  if (std::filesystem::exists(kFontPath)) {
    // The ranges must outlive the atlas build: static storage, rebuilt with the extra glyphs.
    static ImVector<ImWchar> ranges, extra;
    ranges.clear();
    extra.clear();
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesDefault());   // Latin + Latin-1
    builder.AddRanges(io.Fonts->GetGlyphRangesCyrillic());  // Cyrillic
    static const ImWchar kBase[] = {
        0x0100, 0x024F,  // Latin extended A and B (accented letters)
        0x0370, 0x03FF,  // Greek
        0x1D00, 0x1D7F,  // phonetic extensions (ᵀ)
        0x2000, 0x206F,  // general punctuation (…, “”, –)
        0x2070, 0x209F,  // super- and subscripts
        0x2190, 0x21FF,  // arrows
        0x2200, 0x22FF,  // mathematical operators (√, Σ, ·)
        0x25A0, 0x25FF,  // geometric shapes (■ ▲ ●)
        0,
    };
    builder.AddRanges(kBase);
    ImFontGlyphRangesBuilder extras;
    for (const ImWchar c : g_extraGlyphs) {
      builder.AddChar(c);
      extras.AddChar(c);
    }
    builder.BuildRanges(&ranges);
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    config.PixelSnapH = false;
    if (io.Fonts->AddFontFromFileTTF(kFontPath, kBaseFontSize * scale, &config, ranges.Data)) {
      // Glyphs DejaVu lacks come from the fallback font (an earlier font keeps those it has).
      if (!g_extraGlyphs.empty() && std::filesystem::exists(kFallbackFontPath)) {
        extras.BuildRanges(&extra);
        ImFontConfig merge;
        merge.MergeMode = true;
        merge.OversampleH = 1;
        merge.OversampleV = 1;
        io.Fonts->AddFontFromFileTTF(kFallbackFontPath, kBaseFontSize * scale, &merge, extra.Data);
      }
      return true;
    }
  }
  ImFontConfig config;
  config.SizePixels =
      13.0f * std::max(1.0f, std::round(scale));  // the bitmap font scales by whole steps
  io.Fonts->AddFontDefault(&config);
  return false;
}

bool addGlyphs(const std::string& text) {
  ImGuiIO& io = ImGui::GetIO();
  if (!std::filesystem::exists(kFontPath) || io.Fonts->Fonts.empty()) return false;
  if (!io.Fonts->IsBuilt()) io.Fonts->Build();
  const ImFont* font = io.Fonts->Fonts[0];
  std::vector<ImWchar> missing;
  const char* p = text.c_str();
  const char* end = p + text.size();
  while (p < end) {
    unsigned int c = 0;
    p += ImTextCharFromUtf8(&c, p, end);
    if (c < 0x80 || c > 0xFFFF) continue;  // ASCII is there; ImWchar is 16 bits
    const auto w = static_cast<ImWchar>(c);
    if (font->FindGlyphNoFallback(w) != nullptr ||
        std::binary_search(g_extraGlyphs.begin(), g_extraGlyphs.end(), w))
      continue;
    missing.push_back(w);
  }
  if (missing.empty()) return false;
  g_extraGlyphs.insert(g_extraGlyphs.end(), missing.begin(), missing.end());
  std::sort(g_extraGlyphs.begin(), g_extraGlyphs.end());
  g_extraGlyphs.erase(std::unique(g_extraGlyphs.begin(), g_extraGlyphs.end()), g_extraGlyphs.end());
  loadFonts(g_fontScale);
  io.Fonts->Build();
  return true;
}

bool fontHasGlyph(unsigned int codepoint) {
  const ImFont* font = ImGui::GetFont();
  return font != nullptr && font->FindGlyphNoFallback(static_cast<ImWchar>(codepoint)) != nullptr;
}

const char* ellipsis() {
  return fontHasGlyph(0x2026) ? "\xe2\x80\xa6" : "...";
}

// [SECTION] Config directory

std::string configDir() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && xdg[0] != '\0') {
    return std::string(xdg) + "/attnviz";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
    return std::string(home) + "/.config/attnviz";
  }
  return {};
}

std::string layoutIniPath() {
  const std::string dir = configDir();
  if (dir.empty()) return {};
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return {};
  return dir + "/imgui.ini";
}

}  // namespace ui
