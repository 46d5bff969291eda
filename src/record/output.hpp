// Choosing and opening the output of a recording, with every check that can be made before the
// first frame is rendered: the format from the name, ffmpeg on PATH, a writable location with
// room, an even size for H.264, a GIF small enough to make sense. Impossible settings are
// core::UsageError (exit 2), the environment's problems core::DataError (exit 1).
#pragma once

#include <filesystem>
#include <memory>

#include "record/frame_sink.hpp"
#include "record/manifest.hpp"
#include "record/settings.hpp"

namespace record {

enum class OutputKind { PngSequence, Mp4, Gif };

// A name ending in '/' → PngSequence; .mp4 → Mp4, .gif → Gif; a name without an extension or
// naming an existing directory → PngSequence. Other extensions are refused (UsageError): "out.png"
// would otherwise silently become a directory.
OutputKind outputKind(const std::filesystem::path& out);
const char* outputKindName(OutputKind kind);  // "PNG sequence", "MP4", "GIF"

// GIFs hold 8-bit palette frames, compress poorly, and ffmpeg keeps every frame in memory to build
// the palette: recordings above this many pixels (width x height x frames) are refused.
inline constexpr double kGifMaxPixels = 100e6;

// Everything checkable before work starts, for `frames` frames. A PNG sequence's directory is
// created (its parent must exist) and must be empty: frames of two recordings never mix, and
// nothing of the user's is overwritten. Video files are replaced.
void checkOutput(const Settings& settings, int frames);

// checkOutput, then the sink. `manifest` gives a PNG sequence's version, start time and
// parameters; its size, fps, transparency and frame count are taken from the settings.
std::unique_ptr<FrameSink> openSink(const Settings& settings, int frames, const Manifest& manifest);

}  // namespace record
