#pragma once
// The candidates' vetting repeated once the iterative search has found them all (not a public
// header: shared by src/detect).

#include <cstdint>
#include <vector>

#include "exodetect/detect/pipeline.hpp"
#include "exodetect/lightcurve/detrend.hpp"
#include "exodetect/vetting/vetting.hpp"

namespace exodetect::detect {

// What each candidate was vetted with, kept to vet it again once every candidate is known.
struct Vetted {
  vetting::TransitVetting vetting;
  bool alias = false;
  bool sinusoidal = false;
};

// The secondary-eclipse and odd/even tests of every candidate again, with the transits of all
// the others masked: a candidate is vetted when it is found, before the later ones are known,
// so a later planet's transits falling in its secondary window (or in one parity of its
// transits) would read as an eclipsing binary's. `base_mask` holds the flares.
void vet_without_others(const lightcurve::LightCurve& lc, const lightcurve::DetrendResult& trend,
                        const std::vector<uint8_t>& base_mask, const std::vector<double>& rotation,
                        const vetting::VettingThresholds& thresholds,
                        std::vector<Candidate>& candidates, std::vector<Vetted>& vetted);

}  // namespace exodetect::detect
