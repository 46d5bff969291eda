#include "record/video_sink.hpp"

#include <system_error>

#include "core/error.hpp"

namespace record {

std::vector<std::string> ffmpegArguments(const VideoOptions& o,
                                         const std::filesystem::path& target) {
  const std::string size = std::to_string(o.width) + "x" + std::to_string(o.height);
  std::vector<std::string> args = {o.ffmpeg.string(), "-hide_banner", "-nostats", "-loglevel",
                                   "error", "-y",
                                   // Input: raw top-down RGBA frames on stdin.
                                   "-f", "rawvideo", "-pix_fmt", "rgba", "-s", size, "-framerate",
                                   std::to_string(o.fps), "-i", "pipe:0", "-an"};
  if (o.format == VideoFormat::Mp4) {
    // veryfast: see bench/record for the speed/size trade-off on the software renderer. BT.709
    // matrix, tagged, so players show the colours we rendered.
    args.insert(args.end(), {"-vf", "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p",
                             "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-colorspace",
                             "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
                             "-movflags", "+faststart", "-f", "mp4"});
  } else {
    // Two passes in one graph: palettegen sees every frame, then paletteuse maps them to it.
    args.insert(args.end(), {"-filter_complex",
                             "[0:v]split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse",
                             "-loop", "0", "-f", "gif"});
  }
  args.insert(args.end(), {"-flags", "+bitexact", "-fflags", "+bitexact", "-map_metadata", "-1",
                           target.string()});
  return args;
}

std::filesystem::path temporaryVideoPath(const std::filesystem::path& out) {
  std::filesystem::path temporary = out;
  std::string name = out.stem().string();
  name.insert(0, 1, '.');  // not "." + s: GCC 12's -Wrestrict false positive
  name += ".tmp";
  name += out.extension().string();
  temporary.replace_filename(name);
  return temporary;
}

VideoSink::VideoSink(VideoOptions options)
    : m_options(std::move(options)), m_temporary(temporaryVideoPath(m_options.out)) {
  m_ffmpeg = std::make_unique<Subprocess>(ffmpegArguments(m_options, m_temporary));
  // One writer: frames must reach the pipe in order.
  m_queue = std::make_unique<FrameQueue>(1, 2, [this](const core::Image& frame, int, int) {
    if (!m_ffmpeg->write(frame.rgba)) failFromFfmpeg("stopped reading frames");
  });
}

VideoSink::~VideoSink() {
  if (m_finished) return;
  m_queue.reset();   // stop the writer first: it uses the pipe
  m_ffmpeg.reset();  // close its input, wait for it
  std::error_code ec;
  std::filesystem::remove(m_temporary, ec);
}

std::string VideoSink::describe() const {
  return (m_options.format == VideoFormat::Mp4 ? "MP4 (H.264) " : "GIF ") + m_options.out.string();
}

void VideoSink::failFromFfmpeg(const std::string& what) {
  const int status = m_ffmpeg->wait();
  std::string message =
      "ffmpeg " + what + " (it " + describeStatus(status) + ") writing " + m_options.out.string();
  const std::string tail = m_ffmpeg->stderrTail();
  message += tail.empty() ? "" : ":\n" + tail;
  throw core::DataError(message);
}

void VideoSink::push(core::Image& frame) {
  if (frame.width != m_options.width || frame.height != m_options.height ||
      frame.rgba.size() != frame.byteSize()) {
    throw core::DataError("recording: a frame of " + std::to_string(frame.width) + "x" +
                          std::to_string(frame.height) + " for a video of " +
                          std::to_string(m_options.width) + "x" + std::to_string(m_options.height));
  }
  m_queue->push(frame);
}

void VideoSink::finish() {
  m_queue->drain();  // every frame in the pipe (or the writer's error)
  const int status = m_ffmpeg->wait();
  if (status != 0) failFromFfmpeg("failed");
  std::error_code ec;
  std::filesystem::rename(m_temporary, m_options.out, ec);
  if (ec) {
    throw core::DataError("cannot write " + m_options.out.string() + ": " + ec.message());
  }
  m_finished = true;
}

}  // namespace record
