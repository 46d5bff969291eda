// MP4 (H.264) and GIF through an ffmpeg child reading raw RGBA frames on its stdin. One writer
// thread feeds the pipe, so encoding never blocks the render thread beyond back-pressure. The
// video is written to a hidden temporary name and renamed only when ffmpeg finished it
// successfully: a failed or abandoned recording never leaves a short video that looks complete.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "record/frame_queue.hpp"
#include "record/frame_sink.hpp"
#include "record/subprocess.hpp"

namespace record {

enum class VideoFormat { Mp4, Gif };

struct VideoOptions {
  std::filesystem::path out;     // the final file
  std::filesystem::path ffmpeg;  // the executable (see findExecutable)
  VideoFormat format = VideoFormat::Mp4;
  int width = 0, height = 0;  // even for MP4 (yuv420p halves the chroma planes)
  int fps = 30;
};

// ffmpeg's command line writing `target` (argv[0] is options.ffmpeg). Byte-identical output for
// identical frames: bitexact flags (no version strings), no metadata, x264's deterministic mode
// (its default), and GIF's palette computed from every frame.
std::vector<std::string> ffmpegArguments(const VideoOptions& options,
                                         const std::filesystem::path& target);

// The hidden temporary name the video is written to before the rename: DIR/.NAME.tmp.EXT (the
// extension kept so ffmpeg's messages read naturally).
std::filesystem::path temporaryVideoPath(const std::filesystem::path& out);

class VideoSink final : public FrameSink {
 public:
  explicit VideoSink(VideoOptions options);
  ~VideoSink() override;  // without finish(): stops ffmpeg's input, removes the temporary file

  void push(core::Image& frame) override;
  void finish() override;
  int framesWritten() const override { return m_queue->completed(); }
  std::string describe() const override;

 private:
  [[noreturn]] void failFromFfmpeg(const std::string& what);

  VideoOptions m_options;
  std::filesystem::path m_temporary;
  std::unique_ptr<Subprocess> m_ffmpeg;
  std::unique_ptr<FrameQueue> m_queue;
  bool m_finished = false;
};

}  // namespace record
