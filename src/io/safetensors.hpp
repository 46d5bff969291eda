// Hugging Face .safetensors files, read and written in-house like .npy:
//
//   [u64 little-endian N] [N bytes of JSON header] [data buffer]
//   header: {"NAME": {"dtype": "F32", "shape": [2, 3], "data_offsets": [BEGIN, END]}, …,
//            "__metadata__": {"key": "value", …}}        (offsets relative to the data buffer)
//
// The reader trusts nothing: N is checked against the file size and a cap before anything is
// allocated; the header goes through the strict JSON parser (duplicate names are an error); every
// tensor's element count is overflow-checked, its offsets must lie in the buffer and hold exactly
// elements × dtype size bytes, and the tensors must tile the buffer exactly (no overlap, no hole,
// nothing after the last one). F32, F16, BF16 and F64 are read (as float32); other dtypes are
// refused naming the tensor. Errors are core::DataError "<what>: …".
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "io/array.hpp"

namespace io {

// The header length the reference implementation accepts at most.
inline constexpr uint64_t kSafetensorsMaxHeaderBytes = 100'000'000;

// Arrays in header order; `__metadata__` (string → string) into NamedArrays::metadata.
NamedArrays parseSafetensors(std::span<const std::byte> bytes, std::string_view what);

// Numeric arrays as F32 (bool arrays too, as 0/1), tensors in order and contiguous, the header
// padded with spaces so the data starts at a multiple of 8, metadata as `__metadata__`. Text arrays
// are refused: .safetensors holds numbers only (put text in the metadata).
std::vector<std::byte> serializeSafetensors(const NamedArrays& arrays);

NamedArrays loadSafetensors(const std::filesystem::path& path);
void saveSafetensors(const std::filesystem::path& path, const NamedArrays& arrays);

// The file has no magic: a plausible header length followed by '{' is what identifies one.
bool looksLikeSafetensors(std::span<const std::byte> bytes);

}  // namespace io
