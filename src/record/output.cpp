#include "record/output.hpp"

#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "core/error.hpp"
#include "record/png_sequence.hpp"
#include "record/subprocess.hpp"
#include "record/video_sink.hpp"

namespace record {

namespace {

[[noreturn]] void usage(const std::string& message) {
  throw core::UsageError(message);
}

[[noreturn]] void cannotWrite(const std::filesystem::path& out, const std::string& why) {
  throw core::DataError("cannot record to " + out.string() + ": " + why);
}

std::string sizeText(int width, int height) {
  return std::to_string(width) + "x" + std::to_string(height);
}

// Creating (and removing) a file is the only test that covers permissions, read-only mounts,
// ACLs and pseudo file systems alike — access() says yes to root for all of them.
void requireWritableDirectory(const std::filesystem::path& dir, const std::filesystem::path& out) {
  const std::filesystem::path probe = dir / (".attnviz-write-test-" + std::to_string(::getpid()));
  std::FILE* file = std::fopen(probe.c_str(), "wbx");
  if (file == nullptr) {
    cannotWrite(
        out, "the directory " + dir.string() + " is not writable (" + std::strerror(errno) + ")");
  }
  std::fclose(file);
  std::remove(probe.c_str());
}

void requireRoom(const std::filesystem::path& dir, const std::filesystem::path& out, double bytes) {
  struct statvfs info {};
  if (::statvfs(dir.c_str(), &info) != 0) return;  // unknown: writes will tell
  const double available = static_cast<double>(info.f_bavail) * static_cast<double>(info.f_frsize);
  if (available < bytes) {
    cannotWrite(out, "no room: " + core::humanBytes(available) + " free in " + dir.string() +
                         ", a single frame needs up to " + core::humanBytes(bytes));
  }
}

std::filesystem::path parentOf(const std::filesystem::path& out) {
  const std::filesystem::path parent = out.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

void requireDirectory(const std::filesystem::path& dir, const std::filesystem::path& out) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec))
    cannotWrite(out, "the directory " + dir.string() + " does not exist");
  if (!std::filesystem::is_directory(dir, ec))
    cannotWrite(out, dir.string() + " is not a directory");
}

// The frame directory: created when missing (its parent must exist), else it must be empty.
void prepareFrameDirectory(const std::filesystem::path& given) {
  // "out/" names the directory "out" (stat would see a file "out" as missing, not as a file).
  const std::filesystem::path dir = given.has_filename() ? given : given.parent_path();
  std::error_code ec;
  if (std::filesystem::exists(dir, ec)) {
    if (!std::filesystem::is_directory(dir, ec))
      cannotWrite(dir, "it exists and is not a directory");
    if (!std::filesystem::is_empty(dir, ec)) {
      cannotWrite(dir,
                  "the directory is not empty; frames go into a new or empty directory, so "
                  "two recordings never mix (remove it or choose another --out)");
    }
    return;
  }
  requireDirectory(parentOf(dir), dir);
  if (!std::filesystem::create_directory(dir, ec) && ec) cannotWrite(dir, ec.message());
}

}  // namespace

OutputKind outputKind(const std::filesystem::path& out) {
  if (out.empty()) usage("record needs --out DIR|FILE.mp4|FILE.gif");
  const std::string text = out.string();
  if (text.back() == '/') return OutputKind::PngSequence;
  const std::string extension = out.extension().string();
  if (extension == ".mp4" || extension == ".MP4") return OutputKind::Mp4;
  if (extension == ".gif" || extension == ".GIF") return OutputKind::Gif;
  std::error_code ec;
  if (extension.empty() || std::filesystem::is_directory(out, ec)) return OutputKind::PngSequence;
  usage("--out " + text + ": unknown format '" + extension +
        "'; use FILE.mp4, FILE.gif, or a directory (DIR or DIR/) for PNG frames");
}

const char* outputKindName(OutputKind kind) {
  switch (kind) {
    case OutputKind::PngSequence:
      return "PNG sequence";
    case OutputKind::Mp4:
      return "MP4";
    case OutputKind::Gif:
      return "GIF";
  }
  return "?";
}

void checkOutput(const Settings& s, int frames) {
  const OutputKind kind = outputKind(s.out);
  const std::filesystem::path out(s.out);
  if (s.width < 1 || s.height < 1 || s.width > 16384 || s.height > 16384)
    usage("the recording size must be 1x1 to 16384x16384, got " + sizeText(s.width, s.height));
  if (s.fps < 1 || s.fps > 240)
    usage("the frame rate must be 1 to 240 fps, got " + std::to_string(s.fps));
  if (frames < 1) usage("the recording has no frames");
  if (s.transparent && kind != OutputKind::PngSequence) {
    usage(std::string("a transparent background needs a PNG sequence (--out DIR): ") +
          outputKindName(kind) + " has no alpha channel");
  }
  if (kind == OutputKind::Mp4 && (s.width % 2 != 0 || s.height % 2 != 0)) {
    usage("H.264 (MP4, yuv420p) needs an even width and height, got " +
          sizeText(s.width, s.height) + "; try " +
          sizeText(s.width + s.width % 2, s.height + s.height % 2));
  }
  if (kind == OutputKind::Gif) {
    const double pixels = double(s.width) * double(s.height) * double(frames);
    if (pixels > kGifMaxPixels) {
      char text[320];
      std::snprintf(text, sizeof text,
                    "a GIF of %d frames at %dx%d is %.0f million pixels; the limit is %.0f million "
                    "(GIFs compress poorly and ffmpeg holds every frame for the palette): use "
                    "fewer frames, a smaller --size, or MP4",
                    frames, s.width, s.height, pixels / 1e6, kGifMaxPixels / 1e6);
      usage(text);
    }
  }
  if (kind != OutputKind::PngSequence && !findExecutable("ffmpeg")) {
    throw core::DataError(std::string(outputKindName(kind)) +
                          " recording needs ffmpeg, which is not on PATH: install Debian's "
                          "ffmpeg package (sudo apt-get install ffmpeg), or record PNG frames "
                          "(--out DIR)");
  }
  const double frameBytes = double(s.width) * double(s.height) * 4.0;
  if (kind == OutputKind::PngSequence) {
    prepareFrameDirectory(out);
    requireWritableDirectory(out, out);
    requireRoom(out, out, frameBytes);
  } else {
    const std::filesystem::path dir = parentOf(out);
    requireDirectory(dir, out);
    std::error_code ec;
    if (std::filesystem::is_directory(out, ec)) cannotWrite(out, "it is a directory");
    requireWritableDirectory(dir, out);
    requireRoom(dir, out, frameBytes);
  }
}

std::unique_ptr<FrameSink> openSink(const Settings& s, int frames, const Manifest& manifest) {
  checkOutput(s, frames);
  const OutputKind kind = outputKind(s.out);
  if (kind == OutputKind::PngSequence) {
    Manifest m = manifest;  // what the settings decide, from the settings
    m.width = s.width;
    m.height = s.height;
    m.fps = s.fps;
    m.transparent = s.transparent;
    m.frames_requested = frames;
    return std::make_unique<PngSequenceSink>(PngSequenceOptions{.dir = s.out, .manifest = m});
  }
  return std::make_unique<VideoSink>(
      VideoOptions{.out = s.out,
                   .ffmpeg = *findExecutable("ffmpeg"),
                   .format = kind == OutputKind::Mp4 ? VideoFormat::Mp4 : VideoFormat::Gif,
                   .width = s.width,
                   .height = s.height,
                   .fps = s.fps});
}

}  // namespace record
