// A dwarf's mass from its temperature: Mamajek's sequence (Pecaut & Mamajek 2013, ApJS 208, 9).

#include "exodetect/catalog/main_sequence.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace {

using exodetect::catalog::kMainSequenceTeffMaxK;
using exodetect::catalog::kMainSequenceTeffMinK;
using exodetect::catalog::main_sequence_mass_sun;

TEST(MainSequence, TheSequencesOwnTypes) {
  EXPECT_DOUBLE_EQ(*main_sequence_mass_sun(5770), 1.00);                    // G2V
  EXPECT_DOUBLE_EQ(*main_sequence_mass_sun(3210), 0.24);                    // M4V
  EXPECT_DOUBLE_EQ(*main_sequence_mass_sun(6550), 1.32);                    // F5V
  EXPECT_DOUBLE_EQ(*main_sequence_mass_sun(kMainSequenceTeffMinK), 0.079);  // M9V
  EXPECT_DOUBLE_EQ(*main_sequence_mass_sun(kMainSequenceTeffMaxK), 2.75);   // B9V
}

TEST(MainSequence, BetweenTypesAPowerLawThatRisesWithTemperature) {
  // Between F2V (6820 K, 1.43) and F1V (7020 K, 1.50), a power law in Teff through both.
  const double f = std::log(6900.0 / 6820.0) / std::log(7020.0 / 6820.0);
  EXPECT_NEAR(*main_sequence_mass_sun(6900), 1.43 * std::pow(1.50 / 1.43, f), 1e-12);
  double last = 0;
  for (double teff = kMainSequenceTeffMinK; teff <= kMainSequenceTeffMaxK; teff += 7.3) {
    const double m = *main_sequence_mass_sun(teff);
    EXPECT_GE(m, last) << teff;
    last = m;
  }
}

TEST(MainSequence, NoMassOutsideTheSequence) {
  EXPECT_FALSE(main_sequence_mass_sun(kMainSequenceTeffMinK - 1));  // brown dwarfs
  EXPECT_FALSE(main_sequence_mass_sun(kMainSequenceTeffMaxK + 1));  // hot B and O stars
  EXPECT_FALSE(main_sequence_mass_sun(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(main_sequence_mass_sun(-5000));
}

}  // namespace
