// .npz (zip) reader and writer: round trips, NumPy's savez/savez_compressed files, zip64 extra
// fields, and hostile archives (bad offsets, CRC mismatches, duplicates, deflate bombs).
#include <doctest/doctest.h>

#include <zlib.h>

#include "core/error.hpp"
#include "io/npy.hpp"
#include "io/zip.hpp"
#include "io_test_util.hpp"

using iotest::bytesOf;
using iotest::putLE;

namespace {

io::NamedArrays sample() {
  io::NamedArrays arrays;
  arrays.add("q", io::Array::floats({2, 3}, {0, 0.25f, 0.5f, 0.75f, 1, 1.25f}));
  arrays.add("mask", io::Array::bools({3}, {1, 0, 1}));
  arrays.add("tokens", io::Array::texts({"the", "cat", "sat"}));
  return arrays;
}

void checkSample(const io::NamedArrays& arrays) {
  REQUIRE(arrays.size() == 3);
  CHECK(arrays.items()[0].first == "q");  // file order is kept
  const io::Array* q = arrays.find("q");
  REQUIRE(q != nullptr);
  CHECK(q->shape == std::vector<uint64_t>{2, 3});
  CHECK(q->values == std::vector<float>{0, 0.25f, 0.5f, 0.75f, 1, 1.25f});
  const io::Array* mask = arrays.find("mask");
  REQUIRE(mask != nullptr);
  CHECK(mask->stored == io::DType::Bool);
  CHECK(mask->values == std::vector<float>{1, 0, 1});
  const io::Array* tokens = arrays.find("tokens");
  REQUIRE(tokens != nullptr);
  CHECK(tokens->strings == std::vector<std::string>{"the", "cat", "sat"});
}

std::string errorOf(std::span<const std::byte> bytes) {
  try {
    io::parseNpz(bytes, "w.npz");
  } catch (const core::DataError& error) {
    return error.what();
  }
  return "(no error)";
}

uint64_t readLE(const std::vector<std::byte>& bytes, size_t at, int width) {
  uint64_t value = 0;
  for (int i = width - 1; i >= 0; --i) {
    value = (value << 8) | std::to_integer<uint64_t>(bytes[at + static_cast<size_t>(i)]);
  }
  return value;
}

void writeLE(std::vector<std::byte>& bytes, size_t at, uint64_t value, int width) {
  for (int i = 0; i < width; ++i) {
    bytes[at + static_cast<size_t>(i)] = static_cast<std::byte>((value >> (8 * i)) & 0xff);
  }
}

// Offset of the first central directory entry of a writer-made archive (no comment).
size_t directoryAt(const std::vector<std::byte>& zip) {
  return static_cast<size_t>(readLE(zip, zip.size() - 22 + 16, 4));
}

std::vector<std::byte> oneMember(std::string name, std::vector<std::byte> data, bool compress) {
  return io::writeZip({io::ZipMember{std::move(name), std::move(data)}}, compress);
}

}  // namespace

TEST_CASE("npz round trip, stored and deflated") {
  for (bool compress : {false, true}) {
    CAPTURE(compress);
    auto bytes = io::serializeNpz(sample(), compress);
    checkSample(io::parseNpz(bytes, "rt.npz"));
  }
  auto empty = io::serializeNpz(io::NamedArrays{}, true);
  CHECK(io::parseNpz(empty, "e.npz").size() == 0);
}

TEST_CASE("the writer is deterministic and compression shrinks repetitive data") {
  io::NamedArrays arrays;
  arrays.add("zeros", io::Array::floats({1000}, std::vector<float>(1000, 0.0f)));
  CHECK(io::serializeNpz(arrays, true) == io::serializeNpz(arrays, true));
  CHECK(io::serializeNpz(arrays, true).size() < io::serializeNpz(arrays, false).size() / 10);
}

TEST_CASE("NumPy fixtures: savez and savez_compressed archives") {
  for (auto name : {"stored.npz", "deflated.npz"}) {
    CAPTURE(name);
    auto arrays = io::loadNpz(iotest::fixture(name));
    REQUIRE(arrays.size() == 3);
    const io::Array* q = arrays.find("q");
    REQUIRE(q != nullptr);
    CHECK(q->shape == std::vector<uint64_t>{2, 3});
    CHECK(q->values == std::vector<float>{0, 0.25f, 0.5f, 0.75f, 1, 1.25f});
    CHECK(arrays.find("mask")->values == std::vector<float>{1, 0, 1});
    CHECK(arrays.find("tokens")->strings == std::vector<std::string>{"the", "cat", "sat"});
    // loadArrays detects the zip by content
    CHECK(io::loadArrays(iotest::fixture(name)).size() == 3);
  }
}

TEST_CASE("zip64 extra fields in the central directory are honoured") {
  auto npy = io::serializeNpy(io::Array::floats({2}, {1, 2}));
  std::string name = "z.npy";
  std::vector<std::byte> zip;
  auto crc = static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(npy.data()), static_cast<uInt>(npy.size())));
  // local header: sizes as 0xffffffff with a zip64 extra, as NumPy's zipfile(force_zip64) does
  putLE(zip, 0x04034b50, 4);
  putLE(zip, 45, 2);
  putLE(zip, 0, 2);
  putLE(zip, 0, 2);
  putLE(zip, 0, 4);
  putLE(zip, crc, 4);
  putLE(zip, 0xffffffff, 4);
  putLE(zip, 0xffffffff, 4);
  putLE(zip, name.size(), 2);
  putLE(zip, 20, 2);
  iotest::append(zip, bytesOf(name));
  putLE(zip, 1, 2);
  putLE(zip, 16, 2);
  putLE(zip, npy.size(), 8);
  putLE(zip, npy.size(), 8);
  iotest::append(zip, npy);
  auto central = [&](bool withExtra, uint64_t declared) {
    std::vector<std::byte> cd;
    putLE(cd, 0x02014b50, 4);
    putLE(cd, 45, 2);
    putLE(cd, 45, 2);
    putLE(cd, 0, 2);
    putLE(cd, 0, 2);
    putLE(cd, 0, 4);
    putLE(cd, crc, 4);
    putLE(cd, 0xffffffff, 4);
    putLE(cd, 0xffffffff, 4);
    putLE(cd, name.size(), 2);
    putLE(cd, withExtra ? 28 : 0, 2);
    putLE(cd, 0, 2);
    putLE(cd, 0, 2);
    putLE(cd, 0, 2);
    putLE(cd, 0, 4);
    putLE(cd, 0xffffffff, 4);
    iotest::append(cd, bytesOf(name));
    if (withExtra) {
      putLE(cd, 1, 2);
      putLE(cd, 24, 2);
      putLE(cd, declared, 8);
      putLE(cd, npy.size(), 8);
      putLE(cd, 0, 8);
    }
    return cd;
  };
  for (int variant : {0, 1, 2}) {
    bool withExtra = variant != 1;
    uint64_t declared = variant == 2 ? uint64_t{1} << 40 : npy.size();
    auto archive = zip;
    auto cd = central(withExtra, declared);
    size_t cdAt = archive.size();
    iotest::append(archive, cd);
    putLE(archive, 0x06054b50, 4);
    putLE(archive, 0, 2);
    putLE(archive, 0, 2);
    putLE(archive, 1, 2);
    putLE(archive, 1, 2);
    putLE(archive, cd.size(), 4);
    putLE(archive, cdAt, 4);
    putLE(archive, 0, 2);
    if (variant == 2) {
      CHECK(errorOf(archive) ==
            "w.npz: member 'z.npy': archive declares more than 16 GiB of uncompressed data, "
            "attnviz's limit for one .npz");
    } else if (withExtra) {
      auto arrays = io::parseNpz(archive, "z64.npz");
      REQUIRE(arrays.find("z") != nullptr);
      CHECK(arrays.find("z")->values == std::vector<float>{1, 2});
    } else {
      CHECK(errorOf(archive).find("zip64 extra field is missing") != std::string::npos);
    }
  }
}

TEST_CASE("a valid archive truncated at every byte offset is an error") {
  for (bool compress : {false, true}) {
    auto full = io::serializeNpz(sample(), compress);
    for (size_t cut = 0; cut < full.size(); ++cut) {
      CAPTURE(cut);
      CHECK_THROWS_AS(io::parseNpz(std::span(full).first(cut), "t"), core::DataError);
    }
  }
  auto numpy = iotest::readBytes(iotest::fixture("deflated.npz"));
  REQUIRE(!numpy.empty());
  for (size_t cut = 0; cut < numpy.size(); ++cut) {
    CHECK_THROWS_AS(io::parseNpz(std::span(numpy).first(cut), "t"), core::DataError);
  }
}

TEST_CASE("every single-byte corruption is an error or a clean result, never a crash") {
  auto full = io::serializeNpz(sample(), true);
  for (size_t at = 0; at < full.size(); ++at) {
    for (int flip : {0x01, 0x80, 0xff}) {
      auto bad = full;
      bad[at] ^= static_cast<std::byte>(flip);
      try {
        io::parseNpz(bad, "t");
      } catch (const core::DataError&) {
      }
    }
  }
}

TEST_CASE("bad offsets in the directory and the end record are refused") {
  auto zip = oneMember("a.npy", io::serializeNpy(io::Array::floats({1}, {1})), false);
  size_t end = zip.size() - 22;
  size_t cd = directoryAt(zip);
  auto patched = [&](size_t at, uint64_t value, int width) {
    auto bad = zip;
    writeLE(bad, at, value, width);
    return bad;
  };
  CHECK(errorOf(patched(end + 16, 0xfffffff0, 4)).find("central directory") != std::string::npos);
  CHECK(errorOf(patched(end + 12, 0xffff, 4)).find("central directory") != std::string::npos);
  CHECK(errorOf(patched(end + 10, 500, 2)).find("multi-disk") != std::string::npos);
  CHECK_THROWS_AS(io::parseNpz(patched(end + 8, 500, 2), "t"), core::DataError);
  CHECK_THROWS_AS(io::parseNpz(patched(end + 20, 1, 2), "t"), core::DataError);  // comment
  CHECK(errorOf(patched(cd + 42, 0x7fffffff, 4)).find("local header offset") != std::string::npos);
  CHECK(errorOf(patched(cd + 42, 1, 4)).find("local header offset") != std::string::npos);
  CHECK(errorOf(patched(cd + 20, 0x7fffffff, 4)).find("runs past") != std::string::npos);
  CHECK(errorOf(patched(cd + 24, 7, 4)).find("sizes disagree") != std::string::npos);
  CHECK_THROWS_AS(io::parseNpz(patched(cd + 28, 0xffff, 2), "t"), core::DataError);  // name len
  CHECK_THROWS_AS(io::parseNpz(patched(cd + 30, 0xffff, 2), "t"), core::DataError);  // extra len
  CHECK_THROWS_AS(io::parseNpz(patched(cd, 0x12345678, 4), "t"), core::DataError);   // signature
  CHECK_THROWS_AS(io::parseNpz(patched(26, 7, 2), "t"), core::DataError);  // local name length
  CHECK(errorOf(patched(cd + 10, 12, 2)).find("compression method 12") != std::string::npos);
  CHECK(errorOf(patched(cd + 8, 1, 2)).find("encrypted") != std::string::npos);
  CHECK(errorOf(bytesOf("PK\x05\x06")).find("not a zip") != std::string::npos);
  CHECK(errorOf(bytesOf("hello")).find("not a zip") != std::string::npos);
  CHECK(errorOf({}).find("not a zip") != std::string::npos);
}

TEST_CASE("CRC mismatches are refused") {
  for (bool compress : {false, true}) {
    auto zip = oneMember("a.npy", io::serializeNpy(io::Array::floats({1}, {1})), compress);
    writeLE(zip, directoryAt(zip) + 16, readLE(zip, directoryAt(zip) + 16, 4) ^ 1, 4);
    CHECK(errorOf(zip) == "w.npz: member 'a.npy': CRC-32 mismatch (corrupt archive)");
  }
  auto zip = oneMember("a.npy", io::serializeNpy(io::Array::floats({1}, {1})), false);
  zip[30 + 5 + 70] ^= std::byte{0x20};  // a byte inside the stored header text
  CHECK(errorOf(zip).find("CRC-32 mismatch") != std::string::npos);
}

TEST_CASE("duplicate members, members not named .npy and bad member contents are refused") {
  auto npy = io::serializeNpy(io::Array::floats({1}, {1}));
  auto twice = io::writeZip({{"a.npy", npy}, {"a.npy", npy}}, false);
  CHECK(errorOf(twice) == "w.npz: duplicate member 'a.npy'");
  CHECK(errorOf(oneMember("notes.txt", npy, false)) ==
        "w.npz: member 'notes.txt': is not an array (.npz members are NAME.npy)");
  CHECK_THROWS_AS(io::parseNpz(oneMember(".npy", npy, false), "t"), core::DataError);
  CHECK_THROWS_AS(io::parseNpz(oneMember("dir/", {}, false), "t"), core::DataError);
  auto garbage = oneMember("g.npy", bytesOf("not numpy"), true);
  CHECK(errorOf(garbage).find("w.npz: member 'g.npy': not a .npy file") == 0);
  // the member's name appears in messages from the .npy parser
  auto cut = npy;
  cut.resize(cut.size() - 2);
  CHECK(errorOf(oneMember("q.npy", cut, false)) ==
        "w.npz: member 'q.npy': truncated: header declares 4 bytes of data but 2 are present");
}

TEST_CASE("deflate bombs and lying sizes are refused") {
  std::vector<std::byte> zeros(1 << 20);
  auto bomb = oneMember("b.npy", zeros, true);
  size_t cd = directoryAt(bomb);
  // declared small, inflates large
  auto small = bomb;
  writeLE(small, cd + 24, 1000, 4);
  CHECK(errorOf(small).find("inflates to more than the 1000 bytes it declares") !=
        std::string::npos);
  // declared larger than deflate can produce from so few bytes
  auto huge = bomb;
  writeLE(huge, cd + 24, 0xfffffff0, 4);
  CHECK(errorOf(huge).find("more than deflate can produce") != std::string::npos);
  // declared a bit larger than the real output
  auto larger = bomb;
  writeLE(larger, cd + 24, (1 << 20) + 10, 4);
  CHECK(errorOf(larger).find("inflates to 1048576 bytes but declares 1048586") !=
        std::string::npos);
  // truncated and corrupt deflate streams
  auto truncated = bomb;
  writeLE(truncated, cd + 20, readLE(bomb, cd + 20, 4) - 3, 4);
  CHECK_THROWS_AS(io::parseNpz(truncated, "t"), core::DataError);
  auto corrupt = bomb;
  corrupt[30 + 5] = std::byte{0xff};  // first deflate block header: reserved block type
  CHECK_THROWS_AS(io::parseNpz(corrupt, "t"), core::DataError);
}

TEST_CASE("save and load .npz files") {
  iotest::TempDir dir;
  io::saveNpz(dir.path() / "a.npz", sample());
  checkSample(io::loadNpz(dir.path() / "a.npz"));
  checkSample(io::loadArrays(dir.path() / "a.npz"));
  io::saveNpz(dir.path() / "b.npz", sample(), false);
  checkSample(io::loadNpz(dir.path() / "b.npz"));
}
