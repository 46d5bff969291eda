#include "record/recording.hpp"

#include <cassert>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"

namespace record {

namespace {

[[noreturn]] void usage(const std::string& message) {
  throw core::UsageError(message);
}

std::string seconds(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", s);
  return text;
}

std::string clockText(double s) {
  const long total = std::lround(std::max(s, 0.0));
  char text[32];
  if (total >= 3600) {
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
  }
  return text;
}

}  // namespace

Plan makePlan(const Range& range, int fps, double animationDuration) {
  if (fps < 1 || fps > 240) usage("--fps must be 1 to 240, got " + std::to_string(fps));
  const int given =
      int(range.end.has_value()) + int(range.duration.has_value()) + int(range.frames.has_value());
  if (given > 1) usage("--end, --duration and --frames are alternatives: give one of them");
  if (!(range.start >= 0.0) || !std::isfinite(range.start))
    usage("--start must be 0 or more seconds, got " + seconds(range.start));
  Plan plan{.fps = fps, .start = range.start, .frames = 0};
  double length = 0.0;
  if (range.frames) {
    if (*range.frames < 1) usage("--frames must be at least 1");
    plan.frames = *range.frames;
  } else if (range.duration) {
    length = *range.duration;
    if (!(length > 0.0) || !std::isfinite(length))
      usage("--duration must be more than 0 seconds, got " + seconds(length));
  } else {
    const double end = range.end ? *range.end : animationDuration;
    if (!(end > range.start) || !std::isfinite(end)) {
      usage("the range is empty: it starts at " + seconds(range.start) + " s and ends at " +
            seconds(end) + " s" + (range.end ? "" : " (the end of the animation)"));
    }
    length = end - range.start;
  }
  if (!range.frames) {
    const double frames = std::round(length * fps);
    if (frames < 1.0) {
      usage("the range (" + seconds(length) + " s) is shorter than one frame at " +
            std::to_string(fps) + " fps");
    }
    plan.frames = frames > kMaxFrames ? kMaxFrames + 1 : static_cast<int>(frames);
  }
  if (plan.frames > kMaxFrames) {
    usage("a recording is limited to " + std::to_string(kMaxFrames) + " frames (" +
          std::to_string(kMaxFrames / fps / 3600) + " hours at " + std::to_string(fps) + " fps)");
  }
  return plan;
}

std::string progressLine(const Progress& p, int width) {
  const double share = p.total > 0 ? static_cast<double>(p.done) / p.total : 0.0;
  const int filled = static_cast<int>(share * width);
  std::string line(1, '[');  // appended, not "[" + s: GCC 12's -Wrestrict false positive
  line.append(static_cast<size_t>(filled), '#');
  line.append(static_cast<size_t>(width - filled), '.');
  line += ']';
  char text[128];
  const int digits = static_cast<int>(std::to_string(p.total).size());
  std::snprintf(text, sizeof text, " %*d/%d frames  %5.1f fps", digits, p.done, p.total, p.fps());
  line += text;
  if (p.done > 0 && p.done < p.total) line += "  " + clockText(p.secondsLeft()) + " left";
  return line;
}

Recording::Recording(const Plan& plan, std::unique_ptr<FrameSink> sink)
    : m_plan(plan), m_sink(std::move(sink)), m_started(Clock::now()) {
  assert(m_sink && plan.frames > 0);
}

Recording::~Recording() = default;

void Recording::push(core::Image& frame) {
  assert(m_pushed < m_plan.frames && "more frames than planned");
  m_sink->push(frame);
  ++m_pushed;
}

void Recording::finish() {
  if (m_pushed > 0) m_sink->finish();
  m_finishedSeconds = std::chrono::duration<double>(Clock::now() - m_started).count();
}

Progress Recording::progress() const {
  const double elapsed = m_finishedSeconds >= 0.0
                             ? m_finishedSeconds
                             : std::chrono::duration<double>(Clock::now() - m_started).count();
  return {m_pushed, m_plan.frames, elapsed};
}

std::string Recording::summary(int width, int height) const {
  const Progress p = progress();
  char rate[64];
  std::snprintf(rate, sizeof rate, " in %.1f s (%.1f frames/s)", p.seconds, p.fps());
  const std::string what = std::to_string(width) + "x" + std::to_string(height) + " at " +
                           std::to_string(m_plan.fps) + " fps";
  if (m_pushed == 0) return "stopped before the first frame: nothing written";
  if (!complete()) {
    return "stopped after " + std::to_string(m_pushed) + " of " + std::to_string(m_plan.frames) +
           " frames (" + what + "), all written to " + m_sink->describe() + rate;
  }
  return "recorded " + std::to_string(m_pushed) + " frames (" + what + ", " +
         seconds(m_pushed / static_cast<double>(m_plan.fps)) + " s) to " + m_sink->describe() +
         rate;
}

}  // namespace record
