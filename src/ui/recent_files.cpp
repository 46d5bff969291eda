#include "ui/recent_files.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "ui/style.hpp"

namespace ui {

std::string recentFilesPath() {
  const std::string dir = configDir();
  if (dir.empty()) return {};
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  return error ? std::string() : dir + "/recent_files";
}

std::vector<std::string> loadRecentFiles(const std::string& path) {
  std::vector<std::string> files;
  std::ifstream in(path);
  std::string line;
  while (files.size() < kMaxRecentFiles && std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || std::find(files.begin(), files.end(), line) != files.end()) continue;
    files.push_back(line);
  }
  return files;
}

bool saveRecentFiles(const std::string& path, const std::vector<std::string>& files) {
  if (path.empty()) return false;
  std::ofstream out(path, std::ios::trunc);
  for (const std::string& file : files)
    out << file << '\n';
  return static_cast<bool>(out);
}

void addRecentFile(std::vector<std::string>& files, const std::string& file) {
  if (file.empty()) return;
  // Moved (or appended, then moved) to the front by a rotation: vector::insert at the front
  // raises a false -Wnull-dereference in GCC 12.
  auto it = std::find(files.begin(), files.end(), file);
  if (it == files.end()) {
    files.push_back(file);
    it = files.end() - 1;
  }
  std::rotate(files.begin(), it, it + 1);
  if (files.size() > kMaxRecentFiles) files.resize(kMaxRecentFiles);
}

}  // namespace ui
