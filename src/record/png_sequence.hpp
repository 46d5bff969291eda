// PNG sequence: DIR/frame_000000.png, frame_000001.png, … (zero-based) and DIR/manifest.json.
// Frames are encoded and written by worker threads, never on the render thread; each file appears
// under its name only when complete (written to a hidden temporary name, then renamed).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "io/png.hpp"
#include "record/frame_queue.hpp"
#include "record/frame_sink.hpp"
#include "record/manifest.hpp"

namespace record {

// "frame_000042.png"
std::string frameFileName(int index);

struct PngSequenceOptions {
  std::filesystem::path dir;  // must exist (see checkOutput, which also creates it)
  Manifest manifest;          // size, fps, transparency, parameters
  int workers = 0;            // encoding threads; 0: one per core
};

class PngSequenceSink final : public FrameSink {
 public:
  explicit PngSequenceSink(PngSequenceOptions options);
  ~PngSequenceSink() override;

  void push(core::Image& frame) override;
  void finish() override;  // every frame written, then manifest.json
  int framesWritten() const override { return m_queue->completed(); }
  std::string describe() const override;

 private:
  void writeFrame(const core::Image& frame, int index, int worker);

  PngSequenceOptions m_options;
  io::PngOptions m_png;
  std::vector<std::unique_ptr<io::PngEncoder>> m_encoders;  // one per worker
  std::unique_ptr<FrameQueue> m_queue;
};

}  // namespace record
