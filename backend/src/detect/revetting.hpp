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

// With a quadratic trend (`options.degree` 2), the secondary eclipse of `eph` measured again
// into `v` from the flux before detrending (vetting::local_box_depth over the trend's window),
// the points of `mask` and those the trend clipped left out: the quadratic takes out about twice
// the share of a long, shallow eclipse it is not told about that a location takes out
// (detect/detrend_choice transit_fraction_removed). `mask` must hold the candidate's own
// transits. Unchanged with a location trend, whose share the secondary test's thresholds were
// set with, or where no epoch has data on both sides of the eclipse.
void measure_secondary_locally(const lightcurve::LightCurve& lc,
                               const lightcurve::DetrendOptions& options,
                               const lightcurve::DetrendResult& trend,
                               const std::vector<uint8_t>& mask,
                               const vetting::TransitEphemeris& eph, vetting::TransitVetting& v);

// The secondary-eclipse and odd/even tests of every candidate again, with the transits of all
// the others masked: a candidate is vetted when it is found, before the later ones are known,
// so a later planet's transits falling in its secondary window (or in one parity of its
// transits) would read as an eclipsing binary's. `base_mask` holds the flares; `options` are the
// trend's (for measure_secondary_locally).
void vet_without_others(const lightcurve::LightCurve& lc, const lightcurve::DetrendResult& trend,
                        const lightcurve::DetrendOptions& options,
                        const std::vector<uint8_t>& base_mask, const std::vector<double>& rotation,
                        const vetting::VettingThresholds& thresholds,
                        std::vector<Candidate>& candidates, std::vector<Vetted>& vetted);

}  // namespace exodetect::detect
