#include "io/file_bytes.hpp"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <random>
#include <string>
#include <system_error>

#include "core/error.hpp"

namespace io {

namespace {

std::string errnoText(int error) {
  return std::generic_category().message(error);
}

}  // namespace

std::vector<std::byte> readFileBytes(const std::filesystem::path& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) throw core::DataError("cannot open " + path.string() + ": " + errnoText(errno));
  std::vector<std::byte> bytes;
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (!ec) bytes.reserve(size);  // a hint only: what we read decides
  std::byte buffer[1 << 16];
  for (;;) {
    size_t got = std::fread(buffer, 1, sizeof buffer, file);
    bytes.insert(bytes.end(), buffer, buffer + got);
    if (got < sizeof buffer) break;
  }
  int error = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (error != 0) throw core::DataError("cannot read " + path.string() + ": " + errnoText(error));
  return bytes;
}

void writeFileAtomically(const std::filesystem::path& path, std::span<const std::byte> bytes) {
  static std::atomic<uint64_t> counter{0};
  auto failWith = [&](int error) {
    throw core::DataError("cannot write " + path.string() + ": " + errnoText(error));
  };
  std::filesystem::path temp;
  std::FILE* file = nullptr;
  for (int attempt = 0; attempt < 16 && !file; ++attempt) {
    uint64_t tag = (uint64_t{std::random_device{}()} << 20) ^ counter.fetch_add(1);
    temp = path;
    std::string name = path.filename().string();
    name.insert(0, 1, '.');  // hidden while incomplete (append, not "." + s: GCC 12 -Wrestrict)
    name += ".tmp-";
    name += std::to_string(tag);
    temp.replace_filename(name);
    file = std::fopen(temp.c_str(), "wbx");  // x: never reuse an existing file
    if (!file && errno != EEXIST) failWith(errno);
  }
  if (!file) failWith(EEXIST);
  size_t written = bytes.empty() ? 0 : std::fwrite(bytes.data(), 1, bytes.size(), file);
  int error = written == bytes.size() ? 0 : errno;
  if (std::fclose(file) != 0 && error == 0) error = errno;
  if (error == 0 && written != bytes.size()) error = EIO;
  std::error_code ec;
  if (error == 0) {
    std::filesystem::rename(temp, path, ec);
    if (ec) error = ec.value();
  }
  if (error != 0) {
    std::filesystem::remove(temp, ec);
    failWith(error);
  }
}

}  // namespace io
