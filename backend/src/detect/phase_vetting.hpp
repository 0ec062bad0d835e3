#pragma once
// The orbit-locked variability test applied to a search's candidates (not a public header).

#include <cstdint>
#include <optional>
#include <vector>

#include "exodetect/detect/pipeline.hpp"

namespace exodetect::detect {

// Folds each candidate's flux outside its transits at its period (vetting/phase_variability.hpp):
// the light curve's flux before detrending, with the points `leave_out` marks (every masked
// transit, the flares) skipped. Sets the candidate's phase_* fields and flags it
// "phase_variability" when the variation is beyond a planet's own light, for a star of
// `density_cgs` (the known one; the least dense the search allows when unknown) and the
// light curve's Teff. Candidates flagged "sinusoidal" (a rotation signal) are left as they are.
void vet_phase_variability(const lightcurve::LightCurve& lc, const std::vector<uint8_t>& leave_out,
                           std::optional<double> density_cgs, std::vector<Candidate>& candidates);

}  // namespace exodetect::detect
