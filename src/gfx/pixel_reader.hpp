// Asynchronous readback through pixel buffer objects, for recording: start() queues the copy of
// a frame on the GPU side and returns at once; finish() maps it later (typically one frame on),
// so reading overlaps with drawing the next frame. A ring of buffers holds frames in flight.
#pragma once

#include <array>

#include "core/image.hpp"
#include "gfx/gl_object.hpp"
#include "gfx/offscreen_target.hpp"

namespace gfx {

class PixelReader {
 public:
  static constexpr int kSlots = 2;

  PixelReader() = default;  // empty, no context needed
  PixelReader(int width, int height);

  // Resolves `target` and queues its colour into the next slot. Returns false (and queues
  // nothing) when every slot still holds an unfinished frame.
  bool start(const OffscreenTarget& target);
  // Copies the oldest queued frame into `out` (top-down rows). Returns false when none is queued.
  bool finish(core::Image& out);
  int pending() const { return m_pending; }

 private:
  int m_width = 0, m_height = 0;
  std::array<Buffer, kSlots> m_buffers;
  int m_next = 0, m_pending = 0;
};

}  // namespace gfx
