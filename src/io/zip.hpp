// The zip container of .npz files, read and written in-house (zlib only for deflate and CRC-32).
// The reader trusts nothing: it walks the central directory, checks every offset and size against
// the buffer, inflates no more than each member declares (and no more than a fixed budget), and
// checks every CRC-32.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace io {

struct ZipMember {
  std::string name;
  std::vector<std::byte> data;  // uncompressed
};

// Decompressed bytes an archive may hold in total before we refuse it (deflate bombs).
inline constexpr uint64_t kZipMaxTotalBytes = uint64_t{16} << 30;

// Reads every member (stored or deflated). Throws core::DataError "<what>: …".
std::vector<ZipMember> readZip(std::span<const std::byte> bytes, std::string_view what);

// Writes a zip (no zip64: members and the archive must stay below 4 GiB) with fixed timestamps,
// so the same input gives the same bytes.
std::vector<std::byte> writeZip(const std::vector<ZipMember>& members, bool compress);

}  // namespace io
