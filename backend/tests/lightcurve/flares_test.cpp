#include "exodetect/lightcurve/flares.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

namespace exodetect::lightcurve {
namespace {

// Two minutes of white noise (1e-3) with a flare (fast rise, 10-minute exponential decay as
// Davenport 2014's template), a slow 1% modulation and a 5000-ppm transit whose egress is a
// fast rise back to the level.
TEST(Flares, FlareAndItsDecayFlaggedButNotRotationOrEgress) {
  std::mt19937 rng(5);
  std::normal_distribution<double> gauss(0.0, 1e-3);
  std::vector<double> t, f;
  for (int i = 0; i < 3000; ++i) {
    const double time = i * 2.0 / 1440;
    double flux = 1 + 0.01 * std::sin(2 * M_PI * time / 0.73) + gauss(rng);
    if (time >= 2.0) flux += 0.02 * std::exp(-(time - 2.0) / (10.0 / 1440));
    if (std::fabs(time - 3.0) < 0.5 / 24) flux -= 5e-3;
    t.push_back(time);
    f.push_back(flux);
  }
  const std::vector<uint8_t> mask = flare_mask(t, f);
  const size_t peak = 1440;  // t = 2.0 d
  EXPECT_TRUE(mask[peak]);
  EXPECT_TRUE(mask[peak - 1]);    // the rise
  EXPECT_TRUE(mask[peak + 10]);   // 20 minutes into the decay (2% * e^-2 = 27 sigma)
  EXPECT_FALSE(mask[peak + 60]);  // two hours later
  size_t flagged = 0;
  for (size_t i = 0; i < mask.size(); ++i) {
    if (std::fabs(t[i] - 2.0) > 0.1) flagged += mask[i];
  }
  EXPECT_LE(flagged, 2u);  // neither the modulation, nor the transit's egress, nor noise
  EXPECT_THROW(flare_mask({1, 2}, {1}), std::invalid_argument);
  EXPECT_EQ(flare_mask({}, {}).size(), 0u);
}

}  // namespace
}  // namespace exodetect::lightcurve
