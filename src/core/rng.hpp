// Seeded random numbers that are identical on every platform and compiler: our own PCG32 and a
// Box–Muller normal, never <random>'s distributions (their algorithms are implementation-defined).
#pragma once

#include <cstdint>

namespace core {

class Rng {
 public:
  explicit Rng(uint64_t seed, uint64_t stream = 0x853c49e6748fea9bULL);

  uint32_t nextU32();
  // Uniform in [0, 1), 24 bits of precision.
  float uniform();
  // Uniform in [lo, hi).
  float uniform(float lo, float hi);
  // Standard normal (Box–Muller, computed in double so the float result is portable).
  float normal();
  // Uniform integer in [0, n), n > 0, without modulo bias.
  uint32_t below(uint32_t n);

 private:
  uint64_t m_state = 0;
  uint64_t m_increment = 0;
  bool m_hasSpare = false;
  double m_spare = 0.0;
};

}  // namespace core
