// Shared by the recording tests: scratch directories, synthetic frames, file hashes, ffprobe.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/image.hpp"

namespace record_test {

// A fresh empty directory under the system's temporary directory, removed at scope exit.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static std::atomic<int> counter{0};
    path = std::filesystem::temp_directory_path() /
           ("attnviz_record_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

// Frame `index` of a moving test pattern (a bright square sliding over a gradient), opaque.
inline core::Image testFrame(int width, int height, int index) {
  core::Image image{width, height, std::vector<uint8_t>(static_cast<size_t>(width) * height * 4)};
  const int square = std::max(2, height / 4);
  const int sx = (index * 7) % std::max(1, width - square), sy = height / 3;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      uint8_t* p = image.rgba.data() + (static_cast<size_t>(y) * width + x) * 4;
      const bool inSquare = x >= sx && x < sx + square && y >= sy && y < sy + square;
      p[0] = static_cast<uint8_t>(inSquare ? 250 : x * 255 / width);
      p[1] = static_cast<uint8_t>(inSquare ? 220 : y * 255 / height);
      p[2] = static_cast<uint8_t>(inSquare ? 40 : 96 + (index * 5) % 64);
      p[3] = 255;
    }
  }
  return image;
}

// Pseudo-random bytes (xorshift32): what no compressor can shrink.
inline void fillNoise(core::Image& image, uint32_t seed) {
  uint32_t x = seed * 2654435761u + 1u;
  for (uint8_t& byte : image.rgba) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    byte = static_cast<uint8_t>(x >> 24);
  }
}

inline std::vector<char> fileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Output of a shell command (stdout), e.g. ffprobe's.
inline std::string run(const std::string& command) {
  std::string out;
  if (std::FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[512];
    while (size_t got = std::fread(buffer, 1, sizeof buffer, pipe))
      out.append(buffer, got);
    ::pclose(pipe);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
    out.pop_back();
  return out;
}

// "WIDTHxHEIGHT FRAMES" of a video's first stream, decoded and counted by ffprobe.
inline std::string probe(const std::filesystem::path& video) {
  return run(
      "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
      "stream=width,height,nb_read_frames -of csv=p=0:s=x '" +
      video.string() + "'");
}

}  // namespace record_test
