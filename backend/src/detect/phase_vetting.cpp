#include "phase_vetting.hpp"

#include "exodetect/search/bls.hpp"
#include "exodetect/vetting/phase_variability.hpp"

namespace exodetect::detect {

namespace {

// Without a known Teff the limit takes an A star's (hotter hosts of transiting planets are
// rare, and a hotter star makes a planet's thermal light larger against its own).
constexpr double kUnknownHostTeffK = 10000.0;

}  // namespace

void vet_phase_variability(const lightcurve::LightCurve& lc, const std::vector<uint8_t>& leave_out,
                           std::optional<double> density_cgs, std::vector<Candidate>& candidates) {
  const double min_density =
      density_cgs ? *density_cgs / search::kKnownDensitySpread : search::kDensityPriorMinCgs;
  const double teff = lc.stellar.teff_k.value_or(kUnknownHostTeffK);
  for (Candidate& c : candidates) {
    if (c.has_flag("sinusoidal")) continue;
    const vetting::PhaseVariability v =
        vetting::phase_variability(lc.time, lc.flux, leave_out, c.period, c.t0);
    if (!v.tested) continue;
    const double limit =
        vetting::planet_phase_amplitude_limit(c.depth_ppm * 1e-6, c.period, min_density, teff);
    c.phase_amplitude_ppm = v.amplitude * 1e6;
    c.phase_amplitude_err_ppm = v.bin_error * 1e6;
    c.phase_amplitude_limit_ppm = limit * 1e6;
    c.phase_variability_sigma = v.sigma;
    if (vetting::varies_with_orbit(v, limit)) c.flags.push_back("phase_variability");
  }
}

}  // namespace exodetect::detect
