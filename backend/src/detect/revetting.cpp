#include "revetting.hpp"

#include "exodetect/common/constants.hpp"
#include "exodetect/vetting/local_depth.hpp"
#include "search_points.hpp"

namespace exodetect::detect {

using common::kHoursPerDay;
using lightcurve::DetrendOptions;
using lightcurve::DetrendResult;
using lightcurve::kMinLightCurvePoints;
using lightcurve::LightCurve;
using vetting::TransitVetting;
using vetting::vet_transit;
using vetting::vetting_flags;
using vetting::VettingThresholds;

void measure_secondary_locally(const LightCurve& lc, const DetrendOptions& options,
                               const DetrendResult& trend, const std::vector<uint8_t>& mask,
                               const vetting::TransitEphemeris& eph, TransitVetting& v) {
  if (options.degree == 0 || !(options.window_days > eph.duration_days)) return;
  std::vector<double> time, flux;
  for (size_t i = 0; i < lc.size(); ++i) {
    if (mask[i] || trend.clipped[i] || !std::isfinite(lc.flux[i])) continue;
    time.push_back(lc.time[i]);
    flux.push_back(lc.flux[i]);
  }
  const vetting::LocalDepth d = vetting::local_box_depth(
      time, flux, {eph.period_days, eph.t0 + 0.5 * eph.period_days, eph.duration_days},
      options.window_days);
  if (d.epochs == 0) return;
  v.secondary_depth = d.depth;
  v.secondary_depth_err = d.depth_err;
  v.secondary_snr = d.depth_err > 0 ? d.depth / d.depth_err : 0.0;
}

void vet_without_others(const LightCurve& lc, const DetrendResult& trend,
                        const DetrendOptions& options, const std::vector<uint8_t>& base_mask,
                        const std::vector<double>& rotation, const VettingThresholds& thresholds,
                        std::vector<Candidate>& candidates, std::vector<Vetted>& vetted) {
  size_t planets = 0;
  for (const auto& v : vetted) planets += v.sinusoidal ? 0 : 1;
  if (planets < 2) return;
  for (size_t k = 0; k < candidates.size(); ++k) {
    if (vetted[k].sinusoidal) continue;
    std::vector<uint8_t> mask = base_mask;
    for (size_t j = 0; j < candidates.size(); ++j) {
      if (j == k || vetted[j].sinusoidal) continue;
      const auto& o = candidates[j];
      add_transits(mask, lc, {o.period, o.t0, o.duration_hours / kHoursPerDay}, kMaskWidthFactor);
    }
    Candidate& c = candidates[k];
    const Points p = usable_points(lc, trend, mask, rotation);
    if (p.time.size() < kMinLightCurvePoints) continue;
    const vetting::TransitEphemeris eph{c.period, c.t0, c.duration_hours / kHoursPerDay};
    TransitVetting w = vet_transit(p.time, p.flux, eph);
    add_transits(mask, lc, eph, kMaskWidthFactor);
    measure_secondary_locally(lc, options, trend, mask, eph, w);
    TransitVetting& v = vetted[k].vetting;
    v.secondary_depth = w.secondary_depth;
    v.secondary_depth_err = w.secondary_depth_err;
    v.secondary_snr = w.secondary_snr;
    v.odd_depth = w.odd_depth;
    v.odd_depth_err = w.odd_depth_err;
    v.even_depth = w.even_depth;
    v.even_depth_err = w.even_depth_err;
    v.odd_even_mismatch = w.odd_even_mismatch;
    c.secondary_depth_ppm = v.secondary_depth * 1e6;
    c.secondary_snr = v.secondary_snr;
    c.secondary_depth_err_ppm = v.secondary_depth_err * 1e6;
    c.odd_even_mismatch = v.odd_even_mismatch;
    c.flags = vetting_flags(v, c.sde, c.sine_box_loglike_diff, vetted[k].alias, thresholds);
  }
}

}  // namespace exodetect::detect
