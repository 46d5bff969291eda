// Colormap tables (generated from matplotlib), normalisation and colour-bar ticks.
#include <doctest/doctest.h>

#include <cmath>

#include "scene/colormap.hpp"

using namespace scene;

namespace {

// round(255 · c) of matplotlib's float colour, the rule tools/make_colormaps.py uses.
uint8_t byteOf(double c) {
  return static_cast<uint8_t>(std::lround(255.0 * c));
}

void checkEntry(Colormap map, int index, double r, double g, double b) {
  const auto& e = colormapTable(map)[static_cast<size_t>(index)];
  INFO(colormapName(map), " entry ", index);
  CHECK(e[0] == byteOf(r));
  CHECK(e[1] == byteOf(g));
  CHECK(e[2] == byteOf(b));
}

}  // namespace

TEST_CASE("colormap: endpoints match matplotlib") {
  // matplotlib 3.6 cmap(0.0) and cmap(1.0).
  checkEntry(Colormap::Viridis, 0, 0.267004, 0.004874, 0.329415);
  checkEntry(Colormap::Viridis, 255, 0.993248, 0.906157, 0.143936);
  checkEntry(Colormap::Magma, 0, 0.001462, 0.000466, 0.013866);
  checkEntry(Colormap::Magma, 255, 0.987053, 0.991438, 0.749504);
  checkEntry(Colormap::Inferno, 255, 0.988362, 0.998364, 0.644924);
  checkEntry(Colormap::Plasma, 0, 0.050383, 0.029803, 0.527975);
  checkEntry(Colormap::Plasma, 255, 0.940015, 0.975158, 0.131326);
  checkEntry(Colormap::Cividis, 0, 0.0, 0.135112, 0.304751);
  checkEntry(Colormap::Cividis, 255, 0.995737, 0.909344, 0.217772);
  checkEntry(Colormap::Diverging, 0, 0.0196078, 0.1882353, 0.3803922);  // RdBu_r: dark blue
  checkEntry(Colormap::Diverging, 255, 0.4039216, 0.0, 0.1215686);      // dark red
}

TEST_CASE("colormap: diverging map is light in the middle with blue below and red above") {
  const auto mid = colormapTable(Colormap::Diverging)[128];
  CHECK(mid[0] > 230);
  CHECK(mid[1] > 230);
  CHECK(mid[2] > 230);
  const Rgba8 neg = mapValue(Colormap::Diverging, -1.0f, {-2.0f, 2.0f}, RangeScale::Linear);
  const Rgba8 pos = mapValue(Colormap::Diverging, 1.0f, {-2.0f, 2.0f}, RangeScale::Linear);
  CHECK(channel(neg, 2) > channel(neg, 0));
  CHECK(channel(pos, 0) > channel(pos, 2));
  CHECK(isDiverging(Colormap::Diverging));
  CHECK_FALSE(isDiverging(Colormap::Viridis));
}

TEST_CASE("colormap: packing puts red in the low byte") {
  const Rgba8 c = packRgba(1, 2, 3, 4);
  CHECK(c == 0x04030201u);
  CHECK(channel(c, 0) == 1);
  CHECK(channel(c, 3) == 4);
}

TEST_CASE("colormap: linear normalisation") {
  const ValueRange r{-1.0f, 3.0f};
  CHECK(normalize(-1.0f, r, RangeScale::Linear) == 0.0f);
  CHECK(normalize(3.0f, r, RangeScale::Linear) == 1.0f);
  CHECK(normalize(1.0f, r, RangeScale::Linear) == doctest::Approx(0.5f));
  CHECK(normalize(-5.0f, r, RangeScale::Linear) == 0.0f);  // clamped
  CHECK(normalize(9.0f, r, RangeScale::Linear) == 1.0f);
  CHECK(std::isnan(normalize(NAN, r, RangeScale::Linear)));
  CHECK(std::isnan(normalize(INFINITY, r, RangeScale::Linear)));
}

TEST_CASE("colormap: log normalisation") {
  const ValueRange r{0.001f, 1.0f};
  CHECK(normalize(0.001f, r, RangeScale::Log) == doctest::Approx(0.0f));
  CHECK(normalize(0.01f, r, RangeScale::Log) == doctest::Approx(1.0f / 3.0f));
  CHECK(normalize(0.1f, r, RangeScale::Log) == doctest::Approx(2.0f / 3.0f));
  CHECK(normalize(1.0f, r, RangeScale::Log) == doctest::Approx(1.0f));
  CHECK(normalize(0.0f, r, RangeScale::Log) == 0.0f);  // log of 0: the lowest colour
  CHECK(normalize(-1.0f, r, RangeScale::Log) == 0.0f);
  // A non-positive minimum becomes max/1000.
  const ValueRange s = sanitizeRange({0.0f, 2.0f}, RangeScale::Log);
  CHECK(s.min == doctest::Approx(0.002f));
  CHECK(s.max == 2.0f);
}

TEST_CASE("colormap: sampling picks the nearest entry and NaN is grey") {
  const auto& t = colormapTable(Colormap::Viridis);
  const Rgba8 lo = sampleColormap(Colormap::Viridis, 0.0f);
  const Rgba8 hi = sampleColormap(Colormap::Viridis, 1.0f);
  CHECK(lo == packRgba(t[0][0], t[0][1], t[0][2]));
  CHECK(hi == packRgba(t[255][0], t[255][1], t[255][2]));
  CHECK(sampleColormap(Colormap::Viridis, 2.0f) == hi);
  CHECK(sampleColormap(Colormap::Viridis, NAN) == kNanColor);
  CHECK(mapValue(Colormap::Magma, NAN, {0.0f, 1.0f}, RangeScale::Linear) == kNanColor);
  const Rgba8 mid = mapValue(Colormap::Viridis, 0.5f, {0.0f, 1.0f}, RangeScale::Linear);
  CHECK(mid == packRgba(t[128][0], t[128][1], t[128][2]));  // 127.5 rounds to 128
}

TEST_CASE("colormap: degenerate ranges are widened") {
  const ValueRange a = sanitizeRange({2.0f, 2.0f}, RangeScale::Linear);
  CHECK(a.min < 2.0f);
  CHECK(a.max > 2.0f);
  CHECK(normalize(2.0f, a, RangeScale::Linear) == doctest::Approx(0.5f));
  const ValueRange b = sanitizeRange({3.0f, 1.0f}, RangeScale::Linear);
  CHECK(b.min == 1.0f);
  CHECK(b.max == 3.0f);
}

TEST_CASE("colormap: linear ticks are round numbers inside the range") {
  const auto ticks = colorbarTicks({0.0f, 1.0f}, RangeScale::Linear, 6);
  REQUIRE(ticks.size() == 6);
  CHECK(ticks[0].value == 0.0f);
  CHECK(ticks[0].label == "0.0");
  CHECK(ticks[1].value == doctest::Approx(0.2f));
  CHECK(ticks[1].label == "0.2");
  CHECK(ticks[5].value == doctest::Approx(1.0f));
  CHECK(ticks[5].position == doctest::Approx(1.0f));

  const auto signed_ticks = colorbarTicks({-3.7f, 3.7f}, RangeScale::Linear, 6);
  REQUIRE(signed_ticks.size() == 3);  // step 1.48 rounds up to 2: -2, 0, 2
  CHECK(signed_ticks[0].label == "-2");
  CHECK(signed_ticks[1].label == "0");
  CHECK(signed_ticks[1].position == doctest::Approx(0.5f));
  CHECK(signed_ticks[2].label == "2");
  for (const auto& t : colorbarTicks({0.013f, 0.871f}, RangeScale::Linear, 5)) {
    CHECK(t.value >= 0.013f);
    CHECK(t.value <= 0.871f);
  }
}

TEST_CASE("colormap: log ticks are decades") {
  const auto ticks = colorbarTicks({1e-4f, 1.0f}, RangeScale::Log, 6);
  REQUIRE(ticks.size() == 5);
  CHECK(ticks[0].value == doctest::Approx(1e-4f));
  CHECK(ticks[0].label == "1e-04");
  CHECK(ticks[4].value == doctest::Approx(1.0f));
  CHECK(ticks[4].label == "1");
  CHECK(ticks[2].position == doctest::Approx(0.5f));
  // Less than a decade: 1-2-5 steps fill in.
  const auto narrow = colorbarTicks({0.15f, 0.9f}, RangeScale::Log, 6);
  REQUIRE(narrow.size() == 2);
  CHECK(narrow[0].value == doctest::Approx(0.2f));
  CHECK(narrow[1].value == doctest::Approx(0.5f));
}
