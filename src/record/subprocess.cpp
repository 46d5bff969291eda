#include "record/subprocess.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "core/error.hpp"

extern char** environ;

namespace record {

namespace {

constexpr size_t kStderrKeep = 4096;

std::string errnoText(int error) {
  return std::strerror(error);
}

void closeFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

std::optional<std::filesystem::path> findExecutable(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::string_view rest(path);
  while (true) {
    const size_t colon = rest.find(':');
    std::string_view dir = rest.substr(0, colon);
    if (dir.empty()) dir = ".";  // an empty entry means the current directory
    const std::filesystem::path candidate = std::filesystem::path(dir) / name;
    struct stat info {};
    if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    if (colon == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(colon + 1);
  }
}

std::string describeStatus(int status) {
  if (status > 128) return "was killed by signal " + std::to_string(status - 128);
  return "exited with status " + std::to_string(status);
}

Subprocess::Subprocess(const std::vector<std::string>& argv) {
  // A dead reader must make write() fail with EPIPE rather than kill this process.
  ::signal(SIGPIPE, SIG_IGN);

  int input[2] = {-1, -1}, errors[2] = {-1, -1};
  if (::pipe2(input, O_CLOEXEC) != 0 || ::pipe2(errors, O_CLOEXEC) != 0) {
    const int error = errno;
    for (int fd : {input[0], input[1], errors[0], errors[1]})
      if (fd >= 0) ::close(fd);
    throw core::DataError("cannot start " + argv[0] + ": " + errnoText(error));
  }
  // Big pipe buffer: fewer context switches per frame (best effort; the default is 64 KiB).
  ::fcntl(input[1], F_SETPIPE_SZ, 1 << 20);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, input[0], 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, errors[1], 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Own process group (Ctrl+C is ours to handle); default SIGPIPE/SIGINT and no blocked signals,
  // whatever this process set for itself.
  sigset_t defaults, none;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  std::vector<char*> args;
  for (const std::string& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));  // posix_spawn's signature is not const
  args.push_back(nullptr);
  pid_t pid = -1;
  const int spawned =
      ::posix_spawn(&pid, argv[0].c_str(), &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(input[0]);
  ::close(errors[1]);
  if (spawned != 0) {
    ::close(input[1]);
    ::close(errors[0]);
    throw core::DataError("cannot start " + argv[0] + ": " + errnoText(spawned));
  }
  m_pid = pid;
  m_stdin = input[1];
  m_stderr = errors[0];
  m_stderrReader = std::thread([this] { readStderr(); });
}

Subprocess::~Subprocess() {
  wait();
}

void Subprocess::readStderr() {
  char buffer[4096];
  for (;;) {
    const ssize_t got = ::read(m_stderr, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    std::lock_guard lock(m_mutex);
    m_stderrText.append(buffer, static_cast<size_t>(got));
    if (m_stderrText.size() > 2 * kStderrKeep)
      m_stderrText.erase(0, m_stderrText.size() - kStderrKeep);
  }
}

bool Subprocess::write(std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    if (m_stdin < 0) return false;
    const ssize_t written = ::write(m_stdin, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;  // EPIPE: it is gone; wait() tells how
    }
    bytes = bytes.subspan(static_cast<size_t>(written));
  }
  return true;
}

int Subprocess::wait() {
  if (m_status) return *m_status;
  closeFd(m_stdin);  // end of input: it finishes what it has and exits
  int status = 0;
  pid_t got = -1;
  do {
    got = ::waitpid(m_pid, &status, 0);
  } while (got < 0 && errno == EINTR);
  if (m_stderrReader.joinable()) m_stderrReader.join();
  closeFd(m_stderr);
  if (got < 0) {
    m_status = 255;
  } else if (WIFSIGNALED(status)) {
    m_status = 128 + WTERMSIG(status);
  } else {
    m_status = WEXITSTATUS(status);
  }
  return *m_status;
}

std::string Subprocess::stderrTail() const {
  std::lock_guard lock(m_mutex);
  std::string text = m_stderrText.size() > kStderrKeep
                         ? m_stderrText.substr(m_stderrText.size() - kStderrKeep)
                         : m_stderrText;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r'))
    text.pop_back();
  return text;
}

}  // namespace record
