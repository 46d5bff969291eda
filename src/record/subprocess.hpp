// A child process fed through its standard input (ffmpeg reading raw frames). It runs in its own
// process group, so a terminal's Ctrl+C reaches only us and we end the video properly (close its
// input, wait for it); its stderr is collected (the last few KB) for error messages; SIGPIPE is
// ignored in this process so a child that dies makes write() fail instead of killing us.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace record {

// The first executable `name` in the directories of $PATH (nullopt when none).
std::optional<std::filesystem::path> findExecutable(const std::string& name);

class Subprocess {
 public:
  // Starts argv[0] (a path) with argv. Throws core::DataError when it cannot be started.
  explicit Subprocess(const std::vector<std::string>& argv);
  // Closes its input and waits for it (never leaves a zombie or a running child behind).
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // Writes all of `bytes` to its stdin. False when it stopped reading (it exited or closed its
  // input); then wait() says why.
  bool write(std::span<const uint8_t> bytes);
  // Closes its stdin (end of input) and waits until it exits. Returns the exit status, or 128 +
  // the signal that ended it. Idempotent.
  int wait();
  // The end of what it wrote to stderr (complete after wait()), trimmed.
  std::string stderrTail() const;

 private:
  void readStderr();

  int m_pid = -1;
  int m_stdin = -1;   // our end of its stdin pipe
  int m_stderr = -1;  // our end of its stderr pipe
  std::optional<int> m_status;
  std::thread m_stderrReader;
  mutable std::mutex m_mutex;
  std::string m_stderrText;  // the last kStderrKeep bytes
};

// "exited with status 1" / "was killed by signal 9" for a status from Subprocess::wait().
std::string describeStatus(int status);

}  // namespace record
