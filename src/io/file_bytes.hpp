// Whole files in and out for the readers and writers: read everything (the parsers check sizes
// against what was actually read), write through a temporary file and rename, so a failed write
// never leaves half a file under the real name. Errors name the path and the system's reason.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <vector>

namespace io {

std::vector<std::byte> readFileBytes(const std::filesystem::path& path);
void writeFileAtomically(const std::filesystem::path& path, std::span<const std::byte> bytes);

}  // namespace io
