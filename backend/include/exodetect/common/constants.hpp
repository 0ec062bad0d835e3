#pragma once

// Physical and astronomical constants, the one definition every module uses. Solar and
// terrestrial values are the IAU 2015 Resolution B3 nominal conversion constants (Prsa et al.
// 2016, AJ 152, 41); the astronomical unit is IAU 2012 Resolution B2; G is CODATA 2018 (Tiesinga
// et al. 2021, RMP 93, 025010). The solar mass follows from the nominal solar mass parameter and
// G, the mean solar density from the mass and radius.

namespace exodetect {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDegreesPerRadian = 180.0 / kPi;

constexpr double kSecondsPerDay = 86400.0;
constexpr double kHoursPerDay = 24.0;

constexpr double kGravitationalConstantSi = 6.67430e-11;                      // m^3 kg^-1 s^-2
constexpr double kGravitationalConstantCgs = kGravitationalConstantSi * 1e3;  // cm^3 g^-1 s^-2

constexpr double kSolarMassParameterSi = 1.3271244e20;  // GM_sun, m^3 s^-2
constexpr double kSolarMassG = kSolarMassParameterSi / kGravitationalConstantSi * 1e3;
constexpr double kSolarRadiusM = 6.957e8;
constexpr double kSolarRadiusCm = kSolarRadiusM * 100.0;
constexpr double kSolarTeffK = 5772.0;
// 3 M / (4 pi R^3): 1.41 g/cm^3.
constexpr double kSolarDensityCgs =
    3.0 * kSolarMassG / (4.0 * kPi * kSolarRadiusCm * kSolarRadiusCm * kSolarRadiusCm);

constexpr double kEarthRadiusM = 6.3781e6;                                   // equatorial
constexpr double kEarthRadiiPerSolarRadius = kSolarRadiusM / kEarthRadiusM;  // 109.08

constexpr double kAstronomicalUnitM = 1.495978707e11;
constexpr double kSolarRadiiPerAu = kAstronomicalUnitM / kSolarRadiusM;  // 215.03

}  // namespace exodetect
