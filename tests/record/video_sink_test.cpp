// ffmpeg sinks: MP4 and GIF have the frames and size asked for (ffprobe decodes and counts them),
// two MP4 recordings are byte-identical, a failing ffmpeg is reported with its status and message,
// and nothing is left under the video's name unless it was completed.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/error.hpp"
#include "record/subprocess.hpp"
#include "record/video_sink.hpp"
#include "record_fixture.hpp"

using record_test::TempDir;

namespace {

record::VideoOptions options(const std::filesystem::path& out, record::VideoFormat format,
                             int width, int height) {
  const auto ffmpeg = record::findExecutable("ffmpeg");
  REQUIRE_MESSAGE(ffmpeg.has_value(), "these tests need Debian's ffmpeg package");
  return {
      .out = out, .ffmpeg = *ffmpeg, .format = format, .width = width, .height = height, .fps = 25};
}

void recordVideo(const record::VideoOptions& o, int frames) {
  record::VideoSink sink(o);
  core::Image frame;
  for (int i = 0; i < frames; ++i) {
    frame = record_test::testFrame(o.width, o.height, i);
    sink.push(frame);
  }
  sink.finish();
  CHECK(sink.framesWritten() == frames);
}

}  // namespace

TEST_CASE("MP4: the requested frame count and size, playable") {
  TempDir dir;
  const auto out = dir.path / "clip.mp4";
  recordVideo(options(out, record::VideoFormat::Mp4, 160, 90), 37);
  CHECK(record_test::probe(out) == "160x90x37");
  CHECK(record_test::run("ffprobe -v error -select_streams v:0 -show_entries "
                         "stream=codec_name,pix_fmt -of csv=p=0 '" +
                         out.string() + "'") == "h264,yuv420p");
  CHECK_FALSE(std::filesystem::exists(record::temporaryVideoPath(out)));
}

TEST_CASE("MP4: two recordings of the same frames are byte-identical") {
  TempDir dir;
  recordVideo(options(dir.path / "a.mp4", record::VideoFormat::Mp4, 128, 72), 20);
  recordVideo(options(dir.path / "b.mp4", record::VideoFormat::Mp4, 128, 72), 20);
  const auto a = record_test::fileBytes(dir.path / "a.mp4");
  CHECK(a.size() > 1000);
  CHECK(a == record_test::fileBytes(dir.path / "b.mp4"));
}

TEST_CASE("GIF: the requested frame count and size") {
  TempDir dir;
  const auto out = dir.path / "clip.gif";
  recordVideo(options(out, record::VideoFormat::Gif, 96, 54), 15);
  CHECK(record_test::probe(out) == "96x54x15");
  recordVideo(options(dir.path / "again.gif", record::VideoFormat::Gif, 96, 54), 15);
  CHECK(record_test::fileBytes(out) == record_test::fileBytes(dir.path / "again.gif"));
}

TEST_CASE("video: ffmpeg's failure is reported with its status and its message") {
  TempDir dir;
  // An odd size: libx264 refuses yuv420p at 161x90 (checkOutput catches this earlier; here the
  // sink meets ffmpeg's own refusal).
  auto o = options(dir.path / "odd.mp4", record::VideoFormat::Mp4, 161, 90);
  try {
    recordVideo(o, 30);
    FAIL("expected a DataError");
  } catch (const core::DataError& e) {
    const std::string what = e.what();
    CAPTURE(what);
    CHECK(what.find("ffmpeg") != std::string::npos);
    CHECK(what.find("odd.mp4") != std::string::npos);
    CHECK(what.find("status") != std::string::npos);
    CHECK(what.find("divisible by 2") != std::string::npos);  // ffmpeg's own words
  }
  CHECK_FALSE(std::filesystem::exists(o.out));
  CHECK_FALSE(std::filesystem::exists(record::temporaryVideoPath(o.out)));
}

TEST_CASE("video: an encoder that exits early fails the recording instead of hanging") {
  TempDir dir;
  auto o = options(dir.path / "x.mp4", record::VideoFormat::Mp4, 64, 64);
  o.ffmpeg = "/bin/true";  // reads nothing, exits at once: the pipe breaks
  record::VideoSink sink(o);
  core::Image frame;
  bool failed = false;
  for (int i = 0; i < 200 && !failed; ++i) {
    frame = record_test::testFrame(64, 64, i);
    try {
      sink.push(frame);
    } catch (const core::DataError&) {
      failed = true;
    }
  }
  if (!failed) CHECK_THROWS_AS(sink.finish(), core::DataError);
  CHECK_FALSE(std::filesystem::exists(o.out));
}

TEST_CASE("video: a sink abandoned without finish leaves no video") {
  TempDir dir;
  const auto out = dir.path / "abandoned.mp4";
  {
    record::VideoSink sink(options(out, record::VideoFormat::Mp4, 64, 64));
    core::Image frame = record_test::testFrame(64, 64, 0);
    sink.push(frame);
  }
  CHECK_FALSE(std::filesystem::exists(out));
  CHECK(std::filesystem::is_empty(dir.path));
}

TEST_CASE("video: a write error in ffmpeg (file size limit, like a full disk) is reported") {
  TempDir dir;
  const auto o = options(dir.path / "big.mp4", record::VideoFormat::Mp4, 320, 240);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::signal(SIGXFSZ, SIG_IGN);  // inherited by ffmpeg: its write fails with EFBIG
    const rlimit limit{4000, 4000};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    int status = 11;
    try {
      record::VideoSink sink(o);
      core::Image frame;
      for (int i = 0; i < 60; ++i) {
        frame = record_test::testFrame(320, 240, i);
        record_test::fillNoise(frame, static_cast<uint32_t>(i));  // a large video
        sink.push(frame);
      }
      sink.finish();
    } catch (const core::DataError& e) {
      const std::string what = e.what();
      status = what.find("big.mp4") != std::string::npos && what.find("ffmpeg") != std::string::npos
                   ? 0
                   : 12;
      if (status != 0) std::fprintf(stderr, "unexpected message: %s\n", what.c_str());
    }
    ::_exit(status);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK_FALSE(std::filesystem::exists(o.out));
}

TEST_CASE("ffmpeg arguments: bitexact, raw RGBA in, the format's encoder out") {
  record::VideoOptions o{
      .out = "v.mp4", .ffmpeg = "/usr/bin/ffmpeg", .width = 640, .height = 360, .fps = 30};
  const auto args = record::ffmpegArguments(o, ".v.tmp.mp4");
  auto has = [&](const std::string& a, const std::string& b) {
    for (size_t i = 0; i + 1 < args.size(); ++i)
      if (args[i] == a && args[i + 1] == b) return true;
    return false;
  };
  CHECK(args.front() == "/usr/bin/ffmpeg");
  CHECK(args.back() == ".v.tmp.mp4");
  CHECK(has("-pix_fmt", "rgba"));
  CHECK(has("-s", "640x360"));
  CHECK(has("-framerate", "30"));
  CHECK(has("-i", "pipe:0"));
  CHECK(has("-c:v", "libx264"));
  CHECK(has("-flags", "+bitexact"));
  CHECK(has("-fflags", "+bitexact"));
  o.format = record::VideoFormat::Gif;
  const auto gif = record::ffmpegArguments(o, "g.gif");
  bool palette = false;
  for (const auto& a : gif)
    palette = palette || (a.find("palettegen") != std::string::npos &&
                          a.find("paletteuse") != std::string::npos);
  CHECK(palette);
  CHECK(record::temporaryVideoPath("dir/clip.mp4") == "dir/.clip.tmp.mp4");
}

TEST_CASE("subprocess: status, stderr tail, and a missing program") {
  record::Subprocess ok({"/bin/sh", "-c", "cat >/dev/null; echo done >&2; exit 3"});
  const uint8_t bytes[] = {1, 2, 3};
  CHECK(ok.write(bytes));
  CHECK(ok.wait() == 3);
  CHECK(ok.stderrTail() == "done");
  CHECK(record::describeStatus(3) == "exited with status 3");
  record::Subprocess killed({"/bin/sh", "-c", "kill -9 $$"});
  CHECK(killed.wait() == 128 + 9);
  CHECK(record::describeStatus(137) == "was killed by signal 9");
  CHECK_THROWS_AS(record::Subprocess({"/nonexistent/ffmpeg"}), core::DataError);
}
