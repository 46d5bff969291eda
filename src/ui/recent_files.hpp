// The File panel's recent files: a plain text file, one path a line, most recent first, kept in
// the user's config directory next to the ImGui layout (ui/style.hpp). Pure file I/O, no ImGui.
#pragma once

#include <string>
#include <vector>

namespace ui {

inline constexpr size_t kMaxRecentFiles = 10;

// configDir() + "/recent_files", creating the directory; "" without a config directory (then the
// list is not kept).
std::string recentFilesPath();

// The list in `path`, at most kMaxRecentFiles, without blank lines or repeats; empty when the
// file is missing or unreadable (never an error: it is a convenience).
std::vector<std::string> loadRecentFiles(const std::string& path);
// Writes the list (one path a line); false when it cannot be written.
bool saveRecentFiles(const std::string& path, const std::vector<std::string>& files);

// Puts `file` first, dropping an earlier mention and the oldest beyond kMaxRecentFiles.
void addRecentFile(std::vector<std::string>& files, const std::string& file);

}  // namespace ui
