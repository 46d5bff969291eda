// Look and feel: the dark theme, fonts for the monitor's content scale, and where the layout file
// lives. Call once after ImGui::CreateContext (loadFonts before the renderer backend builds the
// font texture).
#pragma once

#include <string>

namespace ui {

// Dark theme with roomy spacing, scaled by the monitor's content scale (1 = 96 dpi).
void applyStyle(float scale);

// DejaVu Sans (fonts-dejavu-core) at a readable size × scale with Latin, Greek, Cyrillic,
// punctuation, arrows and math glyphs, plus the glyphs addGlyphs added; ImGui's built-in font
// (scaled) when the file is missing. Returns true when DejaVu was loaded.
bool loadFonts(float scale);
inline constexpr const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
// CJK and other scripts DejaVu lacks (fonts-droid-fallback), merged glyph by glyph.
inline constexpr const char* kFallbackFontPath =
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";

// Adds the glyphs of `text` (UTF-8: a file's tokens) that the fonts lack, from DejaVu or the
// fallback font, and rebuilds the atlas at the same size: only the glyphs used, so the atlas stays
// small whatever the script. True when the atlas changed (the renderer must remake its font
// texture); false when nothing was missing. Call outside a frame (the atlas is locked in one).
// Code points neither font has are tried once and then drawn as ImGui's fallback '?'.
bool addGlyphs(const std::string& text);
inline constexpr float kBaseFontSize = 16.0f;  // pixels at scale 1

// $XDG_CONFIG_HOME/attnviz, or ~/.config/attnviz ("" when neither variable is set). Does not
// create it.
std::string configDir();

// configDir() + "/imgui.ini" for ImGuiIO::IniFilename (which keeps only the pointer: store the
// string), creating the directory; "" when there is no config directory or it cannot be made
// (then pass nullptr: no layout file).
std::string layoutIniPath();

// The font has this code point (falls back to ASCII spellings otherwise, e.g. "..." for "…").
bool fontHasGlyph(unsigned int codepoint);
// "…" when the current font has it, "..." otherwise.
const char* ellipsis();

}  // namespace ui
