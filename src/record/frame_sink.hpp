// Where recorded frames go: a PNG sequence, or ffmpeg encoding an MP4 or a GIF. Sinks take CPU
// frames (top-down RGBA8, core::Image) and never touch GL, so they are tested without a context.
#pragma once

#include <string>

#include "core/image.hpp"

namespace record {

class FrameSink {
 public:
  virtual ~FrameSink() = default;

  // Queues the next frame (frame 0, 1, 2, … in call order; the sink's size) and hands back in
  // `frame` a free buffer to fill with the one after: buffers are recycled, because fresh pages are
  // slow to fault in here. Blocks while every buffer is queued (back-pressure). Throws
  // core::DataError naming the output and the reason when writing failed, for this frame or an
  // earlier one; no frame is accepted after that.
  virtual void push(core::Image& frame) = 0;

  // Waits for every queued frame and completes the output (the manifest, the video's trailer and
  // its final name). Throws like push(); the output is then removed or left incomplete but never
  // under a name that looks finished. Call once. A sink destroyed without finish() stops at once
  // and leaves no video (frames already written stay: each is a complete file).
  virtual void finish() = 0;

  // Frames completely written so far (files renamed into place, or taken by the encoder).
  virtual int framesWritten() const = 0;

  // What and where, for messages: "PNG frames in out/", "MP4 (H.264) out.mp4".
  virtual std::string describe() const = 0;
};

}  // namespace record
