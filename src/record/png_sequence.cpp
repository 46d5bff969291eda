#include "record/png_sequence.hpp"

#include <algorithm>
#include <cstdio>
#include <thread>

#include "core/error.hpp"
#include "io/file.hpp"

namespace record {

std::string frameFileName(int index) {
  char name[32];
  std::snprintf(name, sizeof name, "frame_%06d.png", index);
  return name;
}

PngSequenceSink::PngSequenceSink(PngSequenceOptions options) : m_options(std::move(options)) {
  // Opaque frames are stored as RGB (a quarter less to compress); transparent ones keep alpha,
  // which GL blending left premultiplied.
  m_png = {.alpha = m_options.manifest.transparent,
           .premultiplied = m_options.manifest.transparent,
           .fast = true};
  const int workers = m_options.workers > 0
                          ? m_options.workers
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  for (int w = 0; w < workers; ++w)
    m_encoders.push_back(std::make_unique<io::PngEncoder>());
  m_queue = std::make_unique<FrameQueue>(workers, workers + 1,
                                         [this](const core::Image& frame, int index, int worker) {
                                           writeFrame(frame, index, worker);
                                         });
}

PngSequenceSink::~PngSequenceSink() = default;

std::string PngSequenceSink::describe() const {
  return "PNG frames in " + m_options.dir.string();
}

void PngSequenceSink::push(core::Image& frame) {
  const Manifest& m = m_options.manifest;
  if (frame.width != m.width || frame.height != m.height || frame.rgba.size() != frame.byteSize()) {
    throw core::DataError("recording: a frame of " + std::to_string(frame.width) + "x" +
                          std::to_string(frame.height) + " for a sequence of " +
                          std::to_string(m.width) + "x" + std::to_string(m.height));
  }
  m_queue->push(frame);
}

void PngSequenceSink::writeFrame(const core::Image& frame, int index, int worker) {
  const auto bytes = m_encoders[static_cast<size_t>(worker)]->encode(frame, m_png);
  io::writeFileAtomically(m_options.dir / frameFileName(index), std::as_bytes(bytes));
}

void PngSequenceSink::finish() {
  m_queue->drain();
  const std::string json = manifestJson(m_options.manifest, m_queue->completed());
  io::writeFileAtomically(m_options.dir / "manifest.json",
                          std::as_bytes(std::span(json.data(), json.size())));
}

}  // namespace record
