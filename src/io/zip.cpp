// [SECTION] Bounds-checked little-endian reads
// [SECTION] End of central directory (and zip64)
// [SECTION] Central directory entries and member data
// [SECTION] Writer
#include "io/zip.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>
#include <unordered_set>

#include "core/checked.hpp"
#include "core/error.hpp"

namespace io {

namespace {

constexpr uint32_t kLocalSig = 0x04034b50;
constexpr uint32_t kCentralSig = 0x02014b50;
constexpr uint32_t kEndSig = 0x06054b50;
constexpr uint32_t kEnd64Sig = 0x06064b50;
constexpr uint32_t kEnd64LocatorSig = 0x07064b50;
constexpr uint64_t kLocalSize = 30, kCentralSize = 46, kEndSize = 22, kEnd64LocatorSize = 20,
                   kEnd64Size = 56;
// Deflate turns at most 2 bits into a 258-byte match, so no stream inflates beyond ~1032:1.
constexpr uint64_t kMaxDeflateRatio = 1032;

// [SECTION] Bounds-checked little-endian reads

class Reader {
 public:
  Reader(std::span<const std::byte> bytes, std::string_view what) : m_bytes(bytes), m_what(what) {}

  [[noreturn]] void fail(const std::string& problem) const {
    throw core::DataError(std::string(m_what) + ": " + problem);
  }
  uint64_t size() const { return m_bytes.size(); }
  // True when [offset, offset + length) lies inside the buffer.
  bool contains(uint64_t offset, uint64_t length) const {
    auto end = core::checkedAdd(offset, length);
    return end && *end <= m_bytes.size();
  }
  uint64_t uint(uint64_t offset, int width) const {
    if (!contains(offset, static_cast<uint64_t>(width))) fail("truncated zip structure");
    uint64_t value = 0;
    for (int i = width - 1; i >= 0; --i) {
      value = (value << 8) | std::to_integer<uint64_t>(m_bytes[offset + static_cast<uint64_t>(i)]);
    }
    return value;
  }
  uint16_t u16(uint64_t offset) const { return static_cast<uint16_t>(uint(offset, 2)); }
  uint32_t u32(uint64_t offset) const { return static_cast<uint32_t>(uint(offset, 4)); }
  uint64_t u64(uint64_t offset) const { return uint(offset, 8); }
  std::span<const std::byte> slice(uint64_t offset, uint64_t length) const {
    if (!contains(offset, length)) fail("truncated zip structure");
    return m_bytes.subspan(offset, length);
  }

 private:
  std::span<const std::byte> m_bytes;
  std::string_view m_what;
};

struct Directory {
  uint64_t entries = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
};

// [SECTION] End of central directory (and zip64)

Directory findDirectory(const Reader& in) {
  if (in.size() < kEndSize) in.fail("not a zip archive (too short for an .npz)");
  // The end record sits at the very end, followed only by its comment (at most 65535 bytes).
  std::optional<uint64_t> endAt;
  uint64_t lowest = in.size() >= kEndSize + 0xffff ? in.size() - kEndSize - 0xffff : 0;
  for (uint64_t pos = in.size() - kEndSize + 1; pos-- > lowest;) {
    if (in.u32(pos) == kEndSig && pos + kEndSize + in.u16(pos + 20) == in.size()) {
      endAt = pos;
      break;
    }
  }
  if (!endAt) in.fail("not a zip archive (no end-of-central-directory record)");
  uint64_t end = *endAt;
  uint16_t disk = in.u16(end + 4), cdDisk = in.u16(end + 6);
  uint64_t entriesHere = in.u16(end + 8), entries = in.u16(end + 10);
  Directory dir{entries, in.u32(end + 16), in.u32(end + 12)};
  uint64_t dirLimit = end;  // the directory must end before the record that points at it
  bool zip64 = entries == 0xffff || dir.size == 0xffffffff || dir.offset == 0xffffffff;
  if (zip64 && end >= kEnd64LocatorSize && in.u32(end - kEnd64LocatorSize) == kEnd64LocatorSig) {
    uint64_t locator = end - kEnd64LocatorSize;
    uint64_t record = in.u64(locator + 8);
    if (in.u32(locator + 4) != 0 || in.u32(locator + 16) > 1) {
      in.fail("multi-disk zip archives are not supported");
    }
    auto recordEnd = core::checkedAdd(record, kEnd64Size);
    if (!recordEnd || *recordEnd > locator || in.u32(record) != kEnd64Sig) {
      in.fail("bad zip64 end-of-central-directory record");
    }
    if (in.u32(record + 16) != 0 || in.u32(record + 20) != 0) {
      in.fail("multi-disk zip archives are not supported");
    }
    entriesHere = in.u64(record + 24);
    dir = Directory{in.u64(record + 32), in.u64(record + 48), in.u64(record + 40)};
    dirLimit = record;
  } else if (disk != 0 || cdDisk != 0) {
    in.fail("multi-disk zip archives are not supported");
  }
  if (entriesHere != dir.entries) in.fail("multi-disk zip archives are not supported");
  auto dirEnd = core::checkedAdd(dir.offset, dir.size);
  if (!dirEnd || *dirEnd > dirLimit) {
    in.fail("central directory (offset " + std::to_string(dir.offset) + ", " +
            std::to_string(dir.size) + " bytes) lies outside the archive");
  }
  if (dir.entries > dir.size / kCentralSize) {
    in.fail("central directory declares " + std::to_string(dir.entries) +
            " members but is too small to hold them");
  }
  return dir;
}

// [SECTION] Central directory entries and member data

struct Entry {
  std::string name;
  uint16_t flags = 0;
  uint16_t method = 0;
  uint32_t crc = 0;
  uint64_t compressedSize = 0;
  uint64_t size = 0;
  uint64_t localOffset = 0;
};

// Replaces 0xffffffff fields by their values from the zip64 extra field (id 1), in spec order.
void applyZip64Extra(const Reader& in, std::span<const std::byte> extra, Entry& entry,
                     bool needDisk, const std::string& member) {
  bool needSize = entry.size == 0xffffffff;
  bool needCompressed = entry.compressedSize == 0xffffffff;
  bool needOffset = entry.localOffset == 0xffffffff;
  if (!needSize && !needCompressed && !needOffset && !needDisk) return;
  Reader fields(extra, "");
  uint64_t pos = 0;
  while (pos + 4 <= extra.size()) {
    uint16_t id = fields.u16(pos), length = fields.u16(pos + 2);
    pos += 4;
    if (pos + length > extra.size()) break;
    if (id == 1) {
      uint64_t at = pos, end = pos + length;
      auto take = [&](uint64_t& value, int width) {
        if (at + static_cast<uint64_t>(width) > end) {
          in.fail(member + ": zip64 extra field is too short");
        }
        value = fields.uint(at, width);
        at += static_cast<uint64_t>(width);
      };
      if (needSize) take(entry.size, 8);
      if (needCompressed) take(entry.compressedSize, 8);
      if (needOffset) take(entry.localOffset, 8);
      if (needDisk) {
        uint64_t disk = 0;
        take(disk, 4);
        if (disk != 0) in.fail("multi-disk zip archives are not supported");
      }
      return;
    }
    pos += length;
  }
  in.fail(member + ": sizes are marked zip64 but the zip64 extra field is missing");
}

std::vector<Entry> readDirectory(const Reader& in, const Directory& dir) {
  std::vector<Entry> entries;
  entries.reserve(dir.entries);  // checked against the directory size above
  std::unordered_set<std::string> names;
  uint64_t pos = dir.offset, end = dir.offset + dir.size;
  for (uint64_t i = 0; i < dir.entries; ++i) {
    if (pos + kCentralSize > end || in.u32(pos) != kCentralSig) {
      in.fail("corrupt central directory (entry " + std::to_string(i) + ")");
    }
    Entry entry;
    entry.flags = in.u16(pos + 8);
    entry.method = in.u16(pos + 10);
    entry.crc = in.u32(pos + 16);
    entry.compressedSize = in.u32(pos + 20);
    entry.size = in.u32(pos + 24);
    uint64_t nameLength = in.u16(pos + 28), extraLength = in.u16(pos + 30);
    uint64_t commentLength = in.u16(pos + 32);
    bool needDisk = in.u16(pos + 34) == 0xffff;
    if (!needDisk && in.u16(pos + 34) != 0) in.fail("multi-disk zip archives are not supported");
    entry.localOffset = in.u32(pos + 42);
    uint64_t next = pos + kCentralSize + nameLength + extraLength + commentLength;
    if (next > end) in.fail("corrupt central directory (entry " + std::to_string(i) + ")");
    auto nameBytes = in.slice(pos + kCentralSize, nameLength);
    entry.name.assign(reinterpret_cast<const char*>(nameBytes.data()), nameBytes.size());
    std::string member = "member '" + entry.name + "'";
    if (entry.name.empty()) in.fail("a member has an empty name");
    if (entry.name.find('\0') != std::string::npos) in.fail(member + ": name contains NUL");
    applyZip64Extra(in, in.slice(pos + kCentralSize + nameLength, extraLength), entry, needDisk,
                    member);
    if (!names.insert(entry.name).second) in.fail("duplicate member '" + entry.name + "'");
    entries.push_back(std::move(entry));
    pos = next;
  }
  if (pos != end) in.fail("corrupt central directory (unexpected bytes after the last entry)");
  return entries;
}

std::vector<std::byte> inflateMember(const Reader& in, std::span<const std::byte> compressed,
                                     uint64_t declared, const std::string& member) {
  z_stream stream{};
  if (inflateInit2(&stream, -15) != Z_OK) in.fail(member + ": cannot start zlib inflate");
  struct Guard {
    z_stream* s;
    ~Guard() { inflateEnd(s); }
  } guard{&stream};
  // The output grows as data arrives (one byte past the declared size catches a member that
  // inflates to more) instead of trusting the declared size with one allocation.
  const uint64_t cap = declared + 1;  // declared is within kZipMaxTotalBytes: no overflow
  std::vector<std::byte> out(std::min<uint64_t>(cap, compressed.size() * uint64_t{4} + 65536));
  uint64_t inPos = 0, outPos = 0;
  constexpr uint64_t kChunk = uint64_t{1} << 30;  // zlib counts in 32-bit uInt
  for (;;) {
    if (outPos == out.size()) {
      if (out.size() == cap) break;
      out.resize(std::min<uint64_t>(cap, out.size() * uint64_t{2}));
    }
    auto* inBefore = reinterpret_cast<Bytef*>(const_cast<std::byte*>(compressed.data() + inPos));
    auto* outBefore = reinterpret_cast<Bytef*>(out.data() + outPos);
    stream.next_in = inBefore;
    stream.avail_in = static_cast<uInt>(std::min(compressed.size() - inPos, kChunk));
    stream.next_out = outBefore;
    stream.avail_out = static_cast<uInt>(std::min(out.size() - outPos, kChunk));
    int status = inflate(&stream, Z_NO_FLUSH);
    inPos += static_cast<uint64_t>(stream.next_in - inBefore);
    outPos += static_cast<uint64_t>(stream.next_out - outBefore);
    if (status == Z_STREAM_END) break;
    if (status == Z_BUF_ERROR ||
        (status == Z_OK && inPos == compressed.size() && outPos < out.size())) {
      in.fail(member + ": deflate data is truncated");
    }
    if (status != Z_OK) in.fail(member + ": corrupt deflate data");
  }
  if (outPos > declared) {
    in.fail(member + ": inflates to more than the " + std::to_string(declared) +
            " bytes it declares (deflate bomb or corrupt archive)");
  }
  if (outPos != declared) {
    in.fail(member + ": inflates to " + std::to_string(outPos) + " bytes but declares " +
            std::to_string(declared));
  }
  if (inPos != compressed.size()) in.fail(member + ": unexpected bytes after the deflate data");
  out.resize(declared);
  return out;
}

uint32_t crc32Of(std::span<const std::byte> data) {
  return static_cast<uint32_t>(
      crc32_z(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<z_size_t>(data.size())));
}

}  // namespace

std::vector<ZipMember> readZip(std::span<const std::byte> bytes, std::string_view what) {
  Reader in(bytes, what);
  Directory dir = findDirectory(in);
  std::vector<Entry> entries = readDirectory(in, dir);
  std::vector<ZipMember> members;
  members.reserve(entries.size());
  uint64_t total = 0;
  for (Entry& entry : entries) {
    std::string member = "member '" + entry.name + "'";
    if (entry.flags & 0x41) in.fail(member + ": encrypted zip members are not supported");
    if (entry.method != 0 && entry.method != 8) {
      in.fail(member + ": compression method " + std::to_string(entry.method) +
              " is not supported (only stored and deflated)");
    }
    // Local header: only its name and extra lengths matter; sizes come from the directory.
    uint64_t local = entry.localOffset;
    if (!in.contains(local, kLocalSize) || in.u32(local) != kLocalSig) {
      in.fail(member + ": local header offset " + std::to_string(local) + " is invalid");
    }
    uint64_t nameLength = in.u16(local + 26), extraLength = in.u16(local + 28);
    auto localName = in.slice(local + kLocalSize, nameLength);
    if (nameLength != entry.name.size() ||
        std::memcmp(localName.data(), entry.name.data(), nameLength) != 0) {
      in.fail(member + ": local header names a different member");
    }
    uint64_t dataAt = local + kLocalSize + nameLength + extraLength;
    auto dataEnd = core::checkedAdd(dataAt, entry.compressedSize);
    if (!dataEnd || *dataEnd > dir.offset) {
      in.fail(member + ": data (" + std::to_string(entry.compressedSize) +
              " bytes) runs past the end of the archive's data area");
    }
    auto compressed = in.slice(dataAt, entry.compressedSize);
    auto newTotal = core::checkedAdd(total, entry.size);
    if (!newTotal || *newTotal > kZipMaxTotalBytes) {
      in.fail(member + ": archive declares more than " + std::to_string(kZipMaxTotalBytes >> 30) +
              " GiB of uncompressed data, attnviz's limit for one .npz");
    }
    total = *newTotal;
    ZipMember out{std::move(entry.name), {}};
    if (entry.method == 0) {
      if (entry.compressedSize != entry.size) {
        in.fail(member + ": stored member's sizes disagree (" +
                std::to_string(entry.compressedSize) + " vs " + std::to_string(entry.size) + ")");
      }
      out.data.assign(compressed.begin(), compressed.end());
    } else {
      auto limit = core::checkedAdd(core::checkedMul(entry.compressedSize, kMaxDeflateRatio)
                                        .value_or(std::numeric_limits<uint64_t>::max()),
                                    64);
      if (!limit || entry.size > *limit) {
        in.fail(member + ": declares " + std::to_string(entry.size) + " bytes from " +
                std::to_string(entry.compressedSize) +
                " compressed, more than deflate can produce (deflate bomb or corrupt archive)");
      }
      out.data = inflateMember(in, compressed, entry.size, member);
    }
    if (crc32Of(out.data) != entry.crc) in.fail(member + ": CRC-32 mismatch (corrupt archive)");
    members.push_back(std::move(out));
  }
  return members;
}

// [SECTION] Writer

namespace {

void put16(std::vector<std::byte>& out, uint64_t value) {
  out.push_back(static_cast<std::byte>(value & 0xff));
  out.push_back(static_cast<std::byte>((value >> 8) & 0xff));
}
void put32(std::vector<std::byte>& out, uint64_t value) {
  put16(out, value & 0xffff);
  put16(out, (value >> 16) & 0xffff);
}
void putBytes(std::vector<std::byte>& out, std::span<const std::byte> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}
std::span<const std::byte> asBytes(const std::string& text) {
  return std::as_bytes(std::span(text.data(), text.size()));
}

std::vector<std::byte> deflateBytes(std::span<const std::byte> data) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    throw core::DataError("cannot start zlib deflate");
  }
  std::vector<std::byte> out(deflateBound(&stream, static_cast<uLong>(data.size())));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int status = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) throw core::DataError("zlib deflate failed");
  return out;
}

}  // namespace

std::vector<std::byte> writeZip(const std::vector<ZipMember>& members, bool compress) {
  constexpr uint64_t kLimit = 0xfffffffe;  // beyond this a zip needs zip64, which we do not write
  auto tooLarge = [](const std::string& name) {
    throw core::DataError("cannot write .npz: member '" + name +
                          "' is too large (the archive must stay below 4 GiB)");
  };
  if (members.size() >= 0xffff) throw core::DataError("cannot write .npz: too many arrays");
  std::vector<std::byte> out;
  std::vector<std::byte> directory;
  for (const ZipMember& member : members) {
    if (member.name.size() > 0xffff) throw core::DataError("cannot write .npz: name too long");
    if (member.data.size() > kLimit) tooLarge(member.name);
    uint32_t crc = crc32Of(member.data);
    std::vector<std::byte> packed;
    if (compress) packed = deflateBytes(member.data);
    std::span<const std::byte> payload =
        compress ? std::span<const std::byte>(packed) : std::span<const std::byte>(member.data);
    uint64_t offset = out.size();
    if (offset > kLimit || payload.size() > kLimit || offset + payload.size() > kLimit) {
      tooLarge(member.name);
    }
    bool utf8 = std::any_of(member.name.begin(), member.name.end(),
                            [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    uint16_t flags = utf8 ? 0x0800 : 0;
    uint16_t method = compress ? 8 : 0;
    constexpr uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01, fixed for reproducibility
    auto common = [&](std::vector<std::byte>& to) {
      put16(to, 20);  // version needed: 2.0 (deflate)
      put16(to, flags);
      put16(to, method);
      put16(to, 0);  // time 00:00
      put16(to, kDosDate);
      put32(to, crc);
      put32(to, payload.size());
      put32(to, member.data.size());
      put16(to, member.name.size());
      put16(to, 0);  // extra length
    };
    put32(out, kLocalSig);
    common(out);
    putBytes(out, asBytes(member.name));
    putBytes(out, payload);

    put32(directory, kCentralSig);
    put16(directory, 20);  // version made by: MS-DOS, 2.0
    common(directory);
    put16(directory, 0);  // comment length
    put16(directory, 0);  // disk
    put16(directory, 0);  // internal attributes
    put32(directory, 0);  // external attributes
    put32(directory, offset);
    putBytes(directory, asBytes(member.name));
  }
  uint64_t dirOffset = out.size();
  if (dirOffset > kLimit || directory.size() > kLimit) {
    throw core::DataError("cannot write .npz: the archive must stay below 4 GiB");
  }
  putBytes(out, directory);
  put32(out, kEndSig);
  put16(out, 0);
  put16(out, 0);
  put16(out, members.size());
  put16(out, members.size());
  put32(out, directory.size());
  put32(out, dirOffset);
  put16(out, 0);  // comment length
  return out;
}

}  // namespace io
