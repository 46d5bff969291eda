// Overflow-safe size arithmetic for parsers and memory budgets: every length read from a file or
// typed by a user goes through these before it sizes an allocation.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace core {

// a * b, or nullopt when it does not fit in uint64_t.
constexpr std::optional<uint64_t> checkedMul(uint64_t a, uint64_t b) {
  uint64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

// a + b, or nullopt when it does not fit in uint64_t.
constexpr std::optional<uint64_t> checkedAdd(uint64_t a, uint64_t b) {
  uint64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

// Product of all dims (1 for none), or nullopt on overflow.
constexpr std::optional<uint64_t> checkedProduct(std::span<const uint64_t> dims) {
  uint64_t r = 1;
  for (uint64_t d : dims) {
    auto next = checkedMul(r, d);
    if (!next) return std::nullopt;
    r = *next;
  }
  return r;
}

}  // namespace core
