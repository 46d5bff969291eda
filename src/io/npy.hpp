// NumPy .npy and .npz files, read and written in-house. The parsers are hardened: every length and
// shape is checked with overflow-safe arithmetic against the bytes actually present before anything
// is allocated; pickled (object) arrays are refused. Errors are core::DataError naming the file.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string_view>

#include "io/array.hpp"

namespace io {

// Parses one .npy image. `what` names it in error messages ("result.npz: weights.npy").
Array parseNpy(std::span<const std::byte> bytes, std::string_view what);
// Serialises one array as .npy (float32 little-endian, bool, or '<U' unicode).
std::vector<std::byte> serializeNpy(const Array& array);

// Parses a whole .npz (zip; stored or deflated members, each NAME.npy).
NamedArrays parseNpz(std::span<const std::byte> bytes, std::string_view what);
std::vector<std::byte> serializeNpz(const NamedArrays& arrays, bool compress);

Array loadNpy(const std::filesystem::path& path);
void saveNpy(const std::filesystem::path& path, const Array& array);
NamedArrays loadNpz(const std::filesystem::path& path);
void saveNpz(const std::filesystem::path& path, const NamedArrays& arrays, bool compress = true);

// .npy → one array named after the file stem; .npz → its members; .safetensors → its tensors and
// metadata. Chosen by content (.safetensors, which has no magic, also by its extension).
NamedArrays loadArrays(const std::filesystem::path& path);

}  // namespace io
