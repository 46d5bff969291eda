#include <doctest/doctest.h>

#include <cmath>

#include "core/checked.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"

TEST_CASE("Rng is deterministic per seed and differs across seeds") {
  core::Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    uint32_t va = a.nextU32();
    CHECK(va == b.nextU32());
    (void)c.nextU32();
  }
  CHECK(core::Rng(1).nextU32() != core::Rng(2).nextU32());
}

TEST_CASE("Rng matches the published PCG32 reference stream") {
  // pcg32_srandom(42, 54) from pcg-c-basic's demo prints 0xa15c02b7 0x7b47f409 0xba1d3330.
  core::Rng rng(42, 54);
  CHECK(rng.nextU32() == 0xa15c02b7u);
  CHECK(rng.nextU32() == 0x7b47f409u);
  CHECK(rng.nextU32() == 0xba1d3330u);
}

TEST_CASE("uniform and normal have the right range and moments") {
  core::Rng rng(7);
  double sum = 0, sumSq = 0;
  constexpr int n = 200000;
  for (int i = 0; i < n; ++i) {
    float u = rng.uniform();
    REQUIRE(u >= 0.0f);
    REQUIRE(u < 1.0f);
    float z = rng.normal();
    REQUIRE(std::isfinite(z));
    sum += z;
    sumSq += double(z) * z;
  }
  double mean = sum / n;
  double var = sumSq / n - mean * mean;
  CHECK(std::abs(mean) < 0.01);
  CHECK(std::abs(var - 1.0) < 0.02);
}

TEST_CASE("below stays in range") {
  core::Rng rng(3);
  for (int i = 0; i < 1000; ++i)
    CHECK(rng.below(7) < 7u);
}

TEST_CASE("checked arithmetic detects overflow") {
  CHECK(core::checkedMul(1ull << 32, 1ull << 31).value() == (1ull << 63));
  CHECK_FALSE(core::checkedMul(1ull << 32, 1ull << 32).has_value());
  CHECK_FALSE(core::checkedAdd(~0ull, 1).has_value());
  const uint64_t dims[] = {1ull << 40, 1ull << 30};
  CHECK_FALSE(core::checkedProduct(dims).has_value());
}

TEST_CASE("humanBytes") {
  CHECK(core::humanBytes(512) == "512 B");
  CHECK(core::humanBytes(3.0 * 1024 * 1024 * 1024) == "3.0 GiB");
}
