// PNG sequences: zero-based names, every frame complete and decodable, the manifest, no temporary
// files left, identical bytes on a second run, alpha kept only when transparent, and a write error
// (file size limit, as on a full disk) reported with the file and the system's reason.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "core/error.hpp"
#include "io/png.hpp"
#include "record/png_sequence.hpp"
#include "record_fixture.hpp"

using record_test::TempDir;

namespace {

record::Manifest manifest(int width, int height, int frames, bool transparent = false) {
  record::Manifest m;
  m.version = "9.8.7";
  m.fps = 24;
  m.width = width;
  m.height = height;
  m.frames_requested = frames;
  m.start_time = 1.5;
  m.transparent = transparent;
  m.params.text = "the \"cat\" sat";
  m.params.heads = 2;
  m.params.d_model = 16;
  m.params.seed = 42;
  return m;
}

void recordFrames(const std::filesystem::path& dir, int frames, int workers = 0,
                  bool transparent = false) {
  record::PngSequenceSink sink(
      {.dir = dir, .manifest = manifest(48, 32, frames, transparent), .workers = workers});
  core::Image frame;
  for (int i = 0; i < frames; ++i) {
    frame = record_test::testFrame(48, 32, i);
    if (transparent) frame.rgba[3] = 0;  // one transparent pixel (premultiplied: colour 0)
    if (transparent) frame.rgba[0] = frame.rgba[1] = frame.rgba[2] = 0;
    sink.push(frame);
  }
  sink.finish();
  CHECK(sink.framesWritten() == frames);
}

}  // namespace

TEST_CASE("PNG sequence: zero-based names, every frame complete, nothing else but the manifest") {
  TempDir dir;
  recordFrames(dir.path, 12);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path)) {
    const std::string name = entry.path().filename().string();
    CAPTURE(name);
    CHECK((name == "manifest.json" || (name.starts_with("frame_") && name.ends_with(".png"))));
    ++files;
  }
  CHECK(files == 13);
  for (int i = 0; i < 12; ++i) {
    const auto path = dir.path / record::frameFileName(i);
    REQUIRE(std::filesystem::exists(path));
    const core::Image back = io::readPng(path);
    const core::Image expected = record_test::testFrame(48, 32, i);
    CHECK(back.rgba == expected.rgba);  // opaque: RGB on disk, alpha 255 read back
  }
  CHECK(record::frameFileName(0) == "frame_000000.png");
  CHECK(record::frameFileName(123456) == "frame_123456.png");
}

TEST_CASE("PNG sequence: the manifest says what was recorded") {
  TempDir dir;
  recordFrames(dir.path, 5);
  const auto bytes = record_test::fileBytes(dir.path / "manifest.json");
  const std::string json(bytes.begin(), bytes.end());
  for (const char* expected :
       {"\"attnviz_version\": \"9.8.7\"", "\"fps\": 24", "\"width\": 48", "\"height\": 32",
        "\"frame_count\": 5", "\"frames_requested\": 5", "\"complete\": true",
        "\"start_time\": 1.5", "\"transparent\": false", "\"seed\": 42",
        "\"text\": \"the \\\"cat\\\" sat\"", "\"heads\": 2", "\"d_model\": 16",
        "\"mask\": \"none\"", "\"pattern\": \"random\"", "\"frame_pattern\": \"frame_%06d.png\""}) {
    CAPTURE(expected);
    CHECK(json.find(expected) != std::string::npos);
  }
  // Valid JSON, checked by an independent parser.
  const std::string parsed = record_test::run(
      "/usr/bin/python3 -c \"import json,sys; m=json.load(open(sys.argv[1])); "
      "print(m['frame_count'], m['parameters']['text'])\" '" +
      (dir.path / "manifest.json").string() + "'");
  CHECK(parsed == "5 the \"cat\" sat");
}

TEST_CASE("PNG sequence: a stopped recording's manifest says so") {
  TempDir dir;
  record::PngSequenceSink sink({.dir = dir.path, .manifest = manifest(16, 16, 10)});
  core::Image frame = record_test::testFrame(16, 16, 0);
  sink.push(frame);
  frame = record_test::testFrame(16, 16, 1);
  sink.push(frame);
  sink.finish();
  const auto bytes = record_test::fileBytes(dir.path / "manifest.json");
  const std::string json(bytes.begin(), bytes.end());
  CHECK(json.find("\"frame_count\": 2") != std::string::npos);
  CHECK(json.find("\"complete\": false") != std::string::npos);
}

TEST_CASE("PNG sequence: two recordings are byte-identical, with any number of workers") {
  TempDir a, b;
  recordFrames(a.path, 8, 1);
  recordFrames(b.path, 8, 3);
  for (int i = 0; i < 8; ++i) {
    CAPTURE(i);
    CHECK(record_test::fileBytes(a.path / record::frameFileName(i)) ==
          record_test::fileBytes(b.path / record::frameFileName(i)));
  }
  CHECK(record_test::fileBytes(a.path / "manifest.json") ==
        record_test::fileBytes(b.path / "manifest.json"));
}

TEST_CASE("PNG sequence: transparent frames keep alpha") {
  TempDir dir;
  recordFrames(dir.path, 2, 0, true);
  const core::Image back = io::readPng(dir.path / record::frameFileName(1));
  CHECK(back.rgba[3] == 0);
  CHECK(back.rgba[7] == 255);
}

TEST_CASE("PNG sequence: a frame of the wrong size is refused") {
  TempDir dir;
  record::PngSequenceSink sink({.dir = dir.path, .manifest = manifest(16, 16, 1)});
  core::Image frame = record_test::testFrame(16, 8, 0);
  CHECK_THROWS_AS(sink.push(frame), core::DataError);
}

TEST_CASE("PNG sequence: a write error (file size limit, like a full disk) names file and reason") {
  TempDir dir;
  // In a child process: the limit and the ignored SIGXFSZ must not outlive the test.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::signal(SIGXFSZ, SIG_IGN);  // write() then fails with EFBIG instead of killing us
    const rlimit limit{20000, 20000};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    int status = 10;
    try {
      record::PngSequenceSink sink({.dir = dir.path, .manifest = manifest(256, 256, 20)});
      core::Image frame;
      for (int i = 0; i < 20; ++i) {
        frame = record_test::testFrame(256, 256, i);
        record_test::fillNoise(frame, static_cast<uint32_t>(i));  // incompressible: > 20 KB
        sink.push(frame);
      }
      sink.finish();
      status = 11;  // no error: wrong
    } catch (const core::DataError& e) {
      const std::string what = e.what();
      status = what.find("frame_0000") != std::string::npos &&
                       what.find("File too large") != std::string::npos
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
  // No temporary file is left behind by the failed write.
  for (const auto& entry : std::filesystem::directory_iterator(dir.path))
    CHECK(entry.path().filename().string().find(".tmp") == std::string::npos);
}
