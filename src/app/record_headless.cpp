// `attnviz record`: the animation rendered offscreen through EGL surfaceless (no window, no X
// server), frame by frame at a fixed time step, into PNG frames, an MP4 or a GIF. A one-line
// progress bar on a terminal (plain lines otherwise); Ctrl+C stops after the frames already
// rendered and completes the output with them.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "app/commands.hpp"
#include "app/offscreen_view.hpp"
#include "app/recorder.hpp"
#include "app/viewer.hpp"
#include "gfx/debug.hpp"

namespace app {
namespace {

volatile sig_atomic_t g_interrupted = 0;

// The first Ctrl+C asks for a clean stop; a second one ends the program at once (the default).
extern "C" void onInterrupt(int) {
  g_interrupted = 1;
  ::signal(SIGINT, SIG_DFL);
}

// Progress on stdout: the bar redrawn in place on a terminal, else a line per tenth of the
// recording (and at least every few seconds, for long ones).
class ProgressPrinter {
 public:
  ProgressPrinter() : m_tty(::isatty(STDOUT_FILENO) != 0) {}

  void update(const record::Progress& p) {
    if (m_tty) {
      std::printf("\r%s\033[K", record::progressLine(p).c_str());
      std::fflush(stdout);
      m_drawn = true;
      return;
    }
    const int tenth = p.total > 0 ? p.done * 10 / p.total : 10;
    if (p.done > 0 && (tenth > m_lastTenth || p.seconds - m_lastSeconds >= kPlainInterval)) {
      m_lastTenth = tenth;
      m_lastSeconds = p.seconds;
      std::printf("%s\n", record::progressLine(p).c_str());
      std::fflush(stdout);
    }
  }
  void end() {
    if (m_drawn) std::printf("\n");
    m_drawn = false;
  }

 private:
  static constexpr double kPlainInterval = 2.0;  // seconds
  bool m_tty = false;
  bool m_drawn = false;
  int m_lastTenth = 0;
  double m_lastSeconds = 0.0;
};

}  // namespace

int runRecord(const CommandLine& cl) {
  const HeadlessStart headless(cl);
  std::string summary;
  bool stopped = false;
  {
    // The base camera is framed for the recording's size, as a screenshot of that size would be.
    std::unique_ptr<OffscreenView> view = recordingView(cl.record);
    Viewer viewer(cl, cl.record.ui, headless.makeInputs, headless.source.picture,
                  headless.source.vit);
    showFirst(viewer, headless.source, cl.params, headless.inputs, *view);
    const record::Plan plan =
        record::makePlan(cl.record.range, cl.record.fps, viewer.animationDuration());
    {
      // Framed on the animation's layout (every head), which the frames show.
      const OffscreenView::Scope scope = view->use();
      viewer.showAnimation(true, plan.start);
      viewer.reframe();
    }
    const ui::AppState& state = viewer.state();
    Recorder recorder(cl.record, plan, manifestFor(state, cl.inputs, plan), state.camera,
                      0.5f * (state.bounds_min + state.bounds_max), std::move(view));

    g_interrupted = 0;
    const auto previous = ::signal(SIGINT, onInterrupt);
    ProgressPrinter progress;
    while (recorder.step(viewer)) {
      if (g_interrupted) recorder.cancel();
      progress.update(recorder.progress());
    }
    recorder.finish();
    progress.update(recorder.progress());
    progress.end();
    ::signal(SIGINT, previous);
    summary = recorder.summary();
    stopped = recorder.recording().cancelled();
  }
  std::printf("%s\n", summary.c_str());
  return stopped ? 130 : 0;  // 128 + SIGINT, as a shell reports an interrupted command
}

}  // namespace app
