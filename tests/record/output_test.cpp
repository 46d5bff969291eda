// Checks before the first frame: the format from the name, an even size for H.264, a GIF that is
// not too large, a transparent background only for PNG, ffmpeg on PATH, a location that exists
// and is writable, the frame directory policy. Each is one clear message.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "core/error.hpp"
#include "record/output.hpp"
#include "record_fixture.hpp"

using record_test::TempDir;

namespace {

record::Settings settings(const std::filesystem::path& out, int width = 640, int height = 360) {
  record::Settings s;
  s.out = out.string();
  s.width = width;
  s.height = height;
  s.fps = 30;
  return s;
}

// The message of the error `check` throws, which must be of type E.
template <typename E>
std::string messageOf(const record::Settings& s, int frames = 30) {
  try {
    record::checkOutput(s, frames);
  } catch (const E& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("wrong exception type: ") + e.what();
  }
  return "no error";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Sets an environment variable for the scope.
struct ScopedEnv {
  std::string name, old;
  bool had = false;
  ScopedEnv(const char* n, const std::string& value) : name(n) {
    if (const char* v = std::getenv(n)) had = true, old = v;
    ::setenv(n, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (had) {
      ::setenv(name.c_str(), old.c_str(), 1);
    } else {
      ::unsetenv(name.c_str());
    }
  }
};

}  // namespace

TEST_CASE("output: the format comes from the name") {
  TempDir dir;
  CHECK(record::outputKind("a.mp4") == record::OutputKind::Mp4);
  CHECK(record::outputKind("dir/a.gif") == record::OutputKind::Gif);
  CHECK(record::outputKind("frames") == record::OutputKind::PngSequence);
  CHECK(record::outputKind("frames.v2/") == record::OutputKind::PngSequence);
  CHECK(record::outputKind(dir.path) == record::OutputKind::PngSequence);
  CHECK_THROWS_WITH_AS(record::outputKind("a.png"), doctest::Contains("unknown format '.png'"),
                       core::UsageError);
  CHECK_THROWS_AS(record::outputKind("a.mov"), core::UsageError);
  CHECK_THROWS_AS(record::outputKind(""), core::UsageError);
}

TEST_CASE("output: H.264 needs an even size") {
  TempDir dir;
  const std::string m = messageOf<core::UsageError>(settings(dir.path / "v.mp4", 641, 360));
  CHECK(contains(m, "even width and height"));
  CHECK(contains(m, "641x360"));
  CHECK(contains(m, "642x360"));
  CHECK(messageOf<core::UsageError>(settings(dir.path / "v.mp4", 640, 361)) != "no error");
  CHECK(messageOf<core::UsageError>(settings(dir.path / "v.mp4", 640, 360)) == "no error");
  // PNG frames and GIFs take any size.
  CHECK(messageOf<core::UsageError>(settings(dir.path / "f", 641, 361)) == "no error");
  CHECK(messageOf<core::UsageError>(settings(dir.path / "v.gif", 101, 51)) == "no error");
}

TEST_CASE("output: a GIF too large is refused with the numbers") {
  TempDir dir;
  const std::string m = messageOf<core::UsageError>(settings(dir.path / "v.gif", 1920, 1080), 300);
  CHECK(contains(m, "300 frames at 1920x1080"));
  CHECK(contains(m, "622 million pixels"));
  CHECK(contains(m, "limit is 100 million"));
  CHECK(messageOf<core::UsageError>(settings(dir.path / "v.gif", 640, 360), 300) == "no error");
}

TEST_CASE("output: a transparent background needs PNG frames") {
  TempDir dir;
  auto s = settings(dir.path / "v.mp4");
  s.transparent = true;
  CHECK(contains(messageOf<core::UsageError>(s), "no alpha channel"));
  s.out = (dir.path / "frames").string();
  CHECK(messageOf<core::UsageError>(s) == "no error");
}

TEST_CASE("output: ffmpeg missing from PATH says how to install it") {
  TempDir dir;
  const ScopedEnv path("PATH", dir.path.string());  // a directory without ffmpeg
  for (const char* name : {"v.mp4", "v.gif"}) {
    const std::string m = messageOf<core::DataError>(settings(dir.path / name));
    CHECK(contains(m, "needs ffmpeg"));
    CHECK(contains(m, "apt-get install ffmpeg"));
  }
  // PNG frames need no ffmpeg.
  CHECK(messageOf<core::DataError>(settings(dir.path / "frames")) == "no error");
}

TEST_CASE("output: a missing or unwritable location is refused before any work") {
  TempDir dir;
  CHECK(contains(messageOf<core::DataError>(settings(dir.path / "no" / "such" / "v.mp4")),
                 "does not exist"));
  CHECK(
      contains(messageOf<core::DataError>(settings(dir.path / "no" / "frames")), "does not exist"));
  CHECK_FALSE(std::filesystem::exists(dir.path / "no"));
  // /proc refuses new files even for root (which access() would wave through).
  CHECK(contains(messageOf<core::DataError>(settings("/proc/v.mp4")), "not writable"));
  CHECK(contains(messageOf<core::DataError>(settings("/proc/frames/")), "/proc/frames"));
  // A directory where the video should go.
  std::filesystem::create_directory(dir.path / "d.mp4");
  CHECK(contains(messageOf<core::DataError>(settings(dir.path / "d.mp4")), "is a directory"));
}

TEST_CASE("output: frames go into a new or empty directory") {
  TempDir dir;
  const auto frames = dir.path / "frames";
  CHECK(messageOf<core::DataError>(settings(frames)) == "no error");
  CHECK(std::filesystem::is_directory(frames));  // created
  CHECK(std::filesystem::is_empty(frames));      // and the write test left nothing
  CHECK(messageOf<core::DataError>(settings(frames)) == "no error");  // empty: fine
  record_test::run("touch '" + (frames / "frame_000000.png").string() + "'");
  const std::string m = messageOf<core::DataError>(settings(frames));
  CHECK(contains(m, "not empty"));
  CHECK(contains(m, frames.string()));
  record_test::run("touch '" + (dir.path / "file").string() + "'");
  CHECK(contains(messageOf<core::DataError>(settings(dir.path / "file/")), "not a directory"));
}

TEST_CASE("output: impossible settings") {
  TempDir dir;
  auto s = settings(dir.path / "v.mp4");
  s.fps = 0;
  CHECK(contains(messageOf<core::UsageError>(s), "frame rate"));
  s.fps = 30;
  CHECK(contains(messageOf<core::UsageError>(s, 0), "no frames"));
  s.width = 0;
  CHECK(contains(messageOf<core::UsageError>(s), "size"));
}
