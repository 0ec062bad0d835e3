#pragma once

// Physical and astronomical constants, the one definition every module uses. Solar and
// terrestrial values are the IAU 2015 Resolution B3 nominal conversion constants (Prsa et al.
// 2016, AJ 152, 41); the astronomical unit is IAU 2012 Resolution B2. G has the four digits the
// period grid and the duration prior have always used (CODATA 2018: 6.67430e-11, 5e-5 higher):
// the BLS search's results on real light curves move with the grid's exact trial periods. The
// solar mass follows from the nominal solar mass parameter and G.

namespace exodetect::common {

constexpr double kPi = 3.14159265358979323846;

constexpr double kSecondsPerDay = 86400.0;
constexpr double kHoursPerDay = 24.0;

constexpr double kGravitationalConstantSi = 6.674e-11;  // m^3 kg^-1 s^-2
constexpr double kGravitationalConstantCgs = 6.674e-8;  // cm^3 g^-1 s^-2, the same

constexpr double kSolarMassParameterSi = 1.3271244e20;  // GM_sun, m^3 s^-2
constexpr double kSolarMassG = kSolarMassParameterSi / kGravitationalConstantSi * 1e3;
constexpr double kSolarRadiusM = 6.957e8;
constexpr double kSolarRadiusCm = kSolarRadiusM * 100.0;
constexpr double kSolarTeffK = 5772.0;
// The mean solar density rounded as the search's period grid and duration prior use it (3 M /
// (4 pi R^3) is 1.4098 g/cm^3).
constexpr double kSolarDensityCgs = 1.41;

constexpr double kEarthRadiusM = 6.3781e6;                                   // equatorial
constexpr double kEarthRadiiPerSolarRadius = kSolarRadiusM / kEarthRadiusM;  // 109.08

constexpr double kAstronomicalUnitM = 1.495978707e11;
constexpr double kSolarRadiiPerAu = kAstronomicalUnitM / kSolarRadiusM;  // 215.03

}  // namespace exodetect::common
