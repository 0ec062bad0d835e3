#pragma once

#include <optional>

namespace exodetect::catalog {

// Effective temperatures the dwarf sequence below covers, K: M9V to B9V.
constexpr double kMainSequenceTeffMinK = 2380.0;
constexpr double kMainSequenceTeffMaxK = 10700.0;

// The mean mass of a main-sequence (dwarf) star of effective temperature teff_k, solar masses:
// Mamajek's dwarf sequence (Pecaut & Mamajek 2013, ApJS 208, 9, Table 5; the table's version of
// 2024.05.15), interpolated linearly in log Teff and log mass. nullopt outside the sequence's
// temperatures or for a value that is not a number. It is how the TESS Input Catalog (Stassun et
// al. 2019, AJ 158, 138) gives a dwarf a mass when nothing measures one.
std::optional<double> main_sequence_mass_sun(double teff_k);

}  // namespace exodetect::catalog
