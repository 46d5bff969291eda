// Helpers shared by the io tests: byte images built by hand, fixture and temp paths.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace iotest {

inline std::vector<std::byte> bytesOf(std::string_view text) {
  std::vector<std::byte> out;
  for (char c : text)
    out.push_back(static_cast<std::byte>(c));
  return out;
}

inline void append(std::vector<std::byte>& out, const std::vector<std::byte>& more) {
  out.insert(out.end(), more.begin(), more.end());
}

inline void putLE(std::vector<std::byte>& out, uint64_t value, int width) {
  for (int i = 0; i < width; ++i)
    out.push_back(static_cast<std::byte>((value >> (8 * i)) & 0xff));
}

inline void putBE(std::vector<std::byte>& out, uint64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out.push_back(static_cast<std::byte>((value >> (8 * i)) & 0xff));
  }
}

// A .npy image: magic, version, the dict text as given (no padding added), then `data`.
inline std::vector<std::byte> npyImage(std::string_view dict, const std::vector<std::byte>& data,
                                       int major = 1) {
  std::vector<std::byte> out = bytesOf("\x93NUMPY");
  out.push_back(static_cast<std::byte>(major));
  out.push_back(std::byte{0});
  putLE(out, dict.size(), major == 1 ? 2 : 4);
  append(out, bytesOf(dict));
  append(out, data);
  return out;
}

inline std::vector<std::byte> readBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(chars.size());
  for (size_t i = 0; i < chars.size(); ++i)
    out[i] = static_cast<std::byte>(chars[i]);
  return out;
}

inline std::filesystem::path fixture(std::string_view name) {
  return std::filesystem::path(ATTNVIZ_TEST_DATA) / "io" / name;
}

// A fresh empty folder under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    m_path = std::filesystem::temp_directory_path() /
             ("attnviz_io_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

}  // namespace iotest
