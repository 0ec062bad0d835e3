#include "exodetect/catalog/main_sequence.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace exodetect::catalog {

namespace {

struct DwarfNode {
  double teff_k;
  double mass_sun;
};

// Mamajek's "A Modern Mean Dwarf Stellar Color and Effective Temperature Sequence", columns Teff
// and Msun, M9V to B9V, ascending in Teff.
constexpr DwarfNode kDwarfSequence[] = {
    {2380, 0.079}, {2420, 0.080}, {2570, 0.086}, {2630, 0.088}, {2680, 0.090}, {2740, 0.096},
    {2810, 0.105}, {2930, 0.122}, {3060, 0.155}, {3110, 0.18},  {3210, 0.24},  {3270, 0.29},
    {3430, 0.36},  {3470, 0.42},  {3560, 0.45},  {3620, 0.485}, {3660, 0.51},  {3770, 0.56},
    {3850, 0.585}, {3930, 0.60},  {3990, 0.61},  {4090, 0.64},  {4300, 0.67},  {4440, 0.70},
    {4600, 0.72},  {4870, 0.76},  {5100, 0.82},  {5170, 0.85},  {5290, 0.86},  {5380, 0.89},
    {5480, 0.93},  {5550, 0.945}, {5600, 0.965}, {5660, 0.98},  {5680, 0.985}, {5720, 0.99},
    {5770, 1.00},  {5860, 1.04},  {5930, 1.07},  {5990, 1.09},  {6050, 1.12},  {6180, 1.16},
    {6280, 1.21},  {6350, 1.25},  {6550, 1.32},  {6670, 1.38},  {6750, 1.41},  {6820, 1.43},
    {7020, 1.50},  {7220, 1.60},  {7400, 1.63},  {7590, 1.67},  {7760, 1.76},  {7910, 1.83},
    {8100, 1.86},  {8250, 1.88},  {8600, 1.92},  {8840, 2.06},  {9300, 2.17},  {9700, 2.33},
    {10400, 2.68}, {10700, 2.75}};

static_assert(kDwarfSequence[0].teff_k == kMainSequenceTeffMinK);
static_assert(kDwarfSequence[std::size(kDwarfSequence) - 1].teff_k == kMainSequenceTeffMaxK);

}  // namespace

std::optional<double> main_sequence_mass_sun(double teff_k) {
  if (!(teff_k >= kMainSequenceTeffMinK && teff_k <= kMainSequenceTeffMaxK)) return std::nullopt;
  const auto* end = std::end(kDwarfSequence);
  const auto* hi = std::lower_bound(std::begin(kDwarfSequence), end, teff_k,
                                    [](const DwarfNode& n, double t) { return n.teff_k < t; });
  if (hi->teff_k == teff_k) return hi->mass_sun;
  const auto* lo = hi - 1;
  const double f = std::log(teff_k / lo->teff_k) / std::log(hi->teff_k / lo->teff_k);
  return lo->mass_sun * std::pow(hi->mass_sun / lo->mass_sun, f);
}

}  // namespace exodetect::catalog
