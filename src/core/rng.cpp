#include "core/rng.hpp"

#include <cmath>
#include <numbers>

namespace core {

Rng::Rng(uint64_t seed, uint64_t stream) : m_increment((stream << 1u) | 1u) {
  nextU32();
  m_state += seed;
  nextU32();
}

uint32_t Rng::nextU32() {
  // PCG-XSH-RR 64/32 (O'Neill 2014).
  uint64_t old = m_state;
  m_state = old * 6364136223846793005ULL + m_increment;
  auto xorshifted = static_cast<uint32_t>(((old >> 18u) ^ old) >> 27u);
  auto rot = static_cast<uint32_t>(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
}

float Rng::uniform() {
  return static_cast<float>(nextU32() >> 8) * (1.0f / 16777216.0f);
}

float Rng::uniform(float lo, float hi) {
  return lo + (hi - lo) * uniform();
}

float Rng::normal() {
  if (m_hasSpare) {
    m_hasSpare = false;
    return static_cast<float>(m_spare);
  }
  // u1 in (0, 1] so log(u1) is finite.
  double u1 = (static_cast<double>(nextU32()) + 1.0) / 4294967296.0;
  double u2 = static_cast<double>(nextU32()) / 4294967296.0;
  double radius = std::sqrt(-2.0 * std::log(u1));
  double angle = 2.0 * std::numbers::pi * u2;
  m_spare = radius * std::sin(angle);
  m_hasSpare = true;
  return static_cast<float>(radius * std::cos(angle));
}

uint32_t Rng::below(uint32_t n) {
  uint32_t threshold = (0u - n) % n;
  for (;;) {
    uint32_t r = nextU32();
    if (r >= threshold) return r % n;
  }
}

}  // namespace core
