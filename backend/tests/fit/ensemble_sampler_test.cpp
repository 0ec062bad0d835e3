#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "exodetect/fit/ensemble_sampler.hpp"

namespace exodetect::fit {
namespace {

// A correlated Gaussian in 9 dimensions: variances 10^(i/2), neighbours correlated 0.5.
double log_gauss(const double* x) {
  double s = 0;
  for (int i = 0; i < 9; ++i) {
    const double sd = std::pow(10.0, 0.25 * i);
    const double y = x[i] / sd - (i > 0 ? 0.5 * x[i - 1] / std::pow(10.0, 0.25 * (i - 1)) : 0.0);
    s += y * y;
  }
  return -0.5 * s;
}

std::vector<std::vector<double>> ball(int walkers) {
  std::vector<std::vector<double>> init;
  for (int w = 0; w < walkers; ++w) {
    std::vector<double> x(9);
    for (int i = 0; i < 9; ++i) x[i] = 1e-3 * std::sin(1.7 * w + 3.1 * i);
    init.push_back(x);
  }
  return init;
}

TEST(EnsembleSampler, SamplesAGaussianAndIsDeterministicAcrossThreads) {
  EnsembleSampler one(log_gauss, 9, 7, 1), two(log_gauss, 9, 7, 2);
  one.start(ball(40));
  two.start(ball(40));
  one.run(4000);
  two.run(4000);
  const auto& c = one.chain();
  ASSERT_EQ(c.steps(), 4000u);
  EXPECT_EQ(c.positions, two.chain().positions);  // same seed, any thread count
  // Marginal of x0 is N(0, 1): mean and variance over the second half.
  double sum = 0, sum2 = 0, n = 0;
  for (size_t s = 2000; s < 4000; ++s) {
    for (int w = 0; w < 40; ++w) {
      sum += c.at(s, w, 0);
      sum2 += c.at(s, w, 0) * c.at(s, w, 0);
      n += 1;
    }
  }
  EXPECT_NEAR(sum / n, 0.0, 0.1);
  EXPECT_NEAR(sum2 / n, 1.0 + 0.0, 0.15);
  auto tau = integrated_autocorr_time(c, 2000, 4000);
  auto rhat = split_rhat(c, 2000, 4000);
  for (int i = 0; i < 9; ++i) {
    std::printf("tau %.1f rhat %.3f\n", tau[i], rhat[i]);
    EXPECT_GT(tau[i], 1.0);
    EXPECT_LT(tau[i], 150.0);
    EXPECT_LT(rhat[i], 1.05);
  }
  const double acc = static_cast<double>(c.accepted) / c.proposed;
  EXPECT_GT(acc, 0.2);
  EXPECT_LT(acc, 0.7);
}

TEST(EnsembleSampler, DiagnosticsFlagStuckWalkers) {
  // Walkers that start in two far-apart modes and never meet: split R-hat is large.
  auto bimodal = [](const double* x) {
    double a = 0, b = 0;
    for (int i = 0; i < 9; ++i) {
      a += (x[i] - 20) * (x[i] - 20);
      b += (x[i] + 20) * (x[i] + 20);
    }
    return std::log(std::exp(-0.5 * a) + std::exp(-0.5 * b) + 1e-300);
  };
  EnsembleSampler s(bimodal, 9, 3, 1);
  auto init = ball(40);
  for (int w = 0; w < 40; ++w) {
    for (auto& v : init[w]) v += (w < 20 ? 20 : -20);  // one group per mode
  }
  s.start(init);
  s.run(1000);
  auto rhat = split_rhat(s.chain(), 500, 1000);
  EXPECT_GT(rhat[0], 1.5);
}

}  // namespace
}  // namespace exodetect::fit
