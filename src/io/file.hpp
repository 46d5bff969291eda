// Whole-file reads and writes for the file formats. Writes go to a hidden temporary file in the
// same directory that is renamed over the target once complete, so nobody (a video player, a
// script watching the folder) ever sees half a file. Errors are core::DataError naming the path and
// the system's reason.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <vector>

namespace io {

std::vector<std::byte> readFile(const std::filesystem::path& path);

// Writes `bytes` to ".NAME.tmp-<tag>" beside `path` (created exclusively), checks every write and
// the close, then renames it to `path`. On failure the temporary file is removed.
void writeFileAtomically(const std::filesystem::path& path, std::span<const std::byte> bytes);

}  // namespace io
