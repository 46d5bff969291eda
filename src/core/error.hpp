// Errors raised at boundaries (command line, files, parameters). Each carries a message a user can
// act on; main() prints it and exits with exitCode().
#pragma once

#include <stdexcept>
#include <string>

namespace core {

// Base of every user-facing error.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  virtual int exitCode() const noexcept = 0;
};

// The command line or a parameter combination is impossible (exit 2).
class UsageError final : public Error {
 public:
  using Error::Error;
  int exitCode() const noexcept override { return 2; }
};

// A file or an array holds something we cannot use (exit 1).
class DataError final : public Error {
 public:
  using Error::Error;
  int exitCode() const noexcept override { return 1; }
};

// "3.1 GiB": sizes in messages.
std::string humanBytes(double bytes);

}  // namespace core
