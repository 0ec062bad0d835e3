#include "exodetect/detect/search_parameters.hpp"

#include <algorithm>
#include <string>

#include "exodetect/search/bls.hpp"

namespace exodetect::detect {

using common::apply_checked;
using common::choice;
using common::find_parameter;
using common::parameter;
using common::ParameterTable;
using common::Surface;
using lightcurve::FluxKind;
using lightcurve::FluxUnit;
using search::kMaxTrialDurations;

const ParameterTable<SearchParameters>& search_parameters() {
  using P = SearchParameters;
  static const ParameterTable<P> table = {
      parameter<P>(
          "period_min", [](auto& o) -> auto& { return o.detect.period_min_days; },
          "shortest trial period")
          .unit("days")
          .in(0.01, 1e4),
      parameter<P>(
          "period_max", [](auto& o) -> auto& { return o.detect.period_max_days; },
          "longest trial period; 0: half the time span, at most 100 days")
          .unit("days")
          .in(0, 1e5),
      parameter<P>(
          "max_planets", [](auto& o) -> auto& { return o.detect.max_planets; },
          "most planets to search for")
          .in(1, 20),
      parameter<P>(
          "durations", [](auto& o) -> auto& { return o.detect.durations_hours; },
          "trial transit durations, each tried at every period; none given: the durations a "
          "transit can last at each period for the star")
          .unit("hours")
          .above(0, 72),
      parameter<P>(
          "sde_min", [](auto& o) -> auto& { return o.detect.sde_min; },
          "stop the iterative search at a peak below this SDE; 0: the default, 6")
          .in(0, 1000),
      parameter<P>(
          "snr_min", [](auto& o) -> auto& { return o.detect.snr_min; },
          "stop the iterative search at a peak below this transit SNR; 0: automatic, "
          "from the number of trial periods, for about 1% false alarms on white noise")
          .in(0, 1000),
      parameter<P>(
          "detrend_window", [](auto& o) -> auto& { return o.detect.detrend_window_days; },
          "width of the biweight detrending window, longer than the longest trial duration; 0: "
          "three times the longest trial duration")
          .unit("days")
          .in(0, 30),
      choice<P>(
          "flux", [](auto& o) -> auto& { return o.read.flux; },
          std::vector<std::pair<std::string, FluxKind>>{{"pdcsap", FluxKind::kPdcsap},
                                                        {"sap", FluxKind::kSap}},
          "FITS flux column"),
      parameter<P>(
          "time_column", [](auto& o) -> auto& { return o.read.time_column; },
          "time column, CSV or FITS (name or 0-based index)")
          .max_length(64),
      parameter<P>(
          "flux_column", [](auto& o) -> auto& { return o.read.flux_column; },
          "flux column, CSV or FITS (name or 0-based index; e.g. KSPSAP_FLUX, PCA1, FCOR)")
          .max_length(64),
      parameter<P>(
          "flux_err_column", [](auto& o) -> auto& { return o.read.flux_err_column; },
          "flux error column, CSV or FITS (name or 0-based index)")
          .max_length(64)
          .cli("--flux-err-column,--error-column"),
      choice<P>(
          "flux_unit", [](auto& o) -> auto& { return o.read.flux_unit; },
          std::vector<std::pair<std::string, FluxUnit>>{{"auto", FluxUnit::kAuto},
                                                        {"flux", FluxUnit::kFlux},
                                                        {"mag", FluxUnit::kMagnitude},
                                                        {"relative", FluxUnit::kRelative},
                                                        {"ppt", FluxUnit::kPpt},
                                                        {"ppm", FluxUnit::kPpm}},
          "what the flux column holds: auto (magnitudes when its name or unit says mag, ppm or "
          "ppt when it says so), flux, mag (converted with flux = 10^(-0.4 mag)), or the change "
          "from the star's level centred on zero as relative (a fraction), ppt or ppm (flux = 1 "
          "+ value)"),
      parameter<P>(
          "fit", [](auto& o) -> auto& { return o.fit; },
          "fit a limb-darkened transit to each candidate (posterior intervals, convergence and "
          "vetting in its `fit`)"),
      parameter<P>(
          "fit_max_steps", [](auto& o) -> auto& { return o.fit_max_steps; },
          "most ensemble-sampler steps per walker in each fit (at least 1000 are run); 0: the "
          "default. A fit whose chains did not converge may converge with more steps; each step "
          "costs about as much as 36 evaluations of the transit model")
          .in(0, 100000),
      // The star of a single search: overrides its header and the catalogues (resolve_star).
      parameter<P>(
          "teff", [](auto& o) -> auto& { return o.star.teff_k; },
          "the star's effective temperature; overrides the header")
          .unit("K")
          .in(1000, 100000)
          .star(),
      parameter<P>(
          "logg", [](auto& o) -> auto& { return o.star.logg_cgs; }, "the star's surface gravity")
          .unit("log10 cm/s^2")
          .in(-1, 9.5)
          .star(),
      parameter<P>(
          "radius", [](auto& o) -> auto& { return o.star.radius_sun; }, "the star's radius")
          .unit("solar radii")
          .above(0, 2000)
          .star(),
      parameter<P>(
          "mass", [](auto& o) -> auto& { return o.star.mass_sun; }, "the star's mass")
          .unit("solar masses")
          .above(0, 300)
          .star(),
      parameter<P>(
          "magnitude", [](auto& o) -> auto& { return o.star.magnitude; },
          "the star's Kepler or TESS magnitude")
          .in(-30, 40)
          .star(),
      parameter<P>(
          "target", [](auto& o) -> auto& { return o.star.target; },
          "a star to look up in the shipped catalogues for the values not given: 'TIC 25155310', "
          "'KIC 10666592', 'EPIC 206154641', 'K2-18', 'TOI-114' (default: the file's own id)")
          .max_length(64)
          .star(),
      // Execution, not the result: the command line's alone.
      parameter<P>(
          "threads", [](auto& o) -> auto& { return o.detect.threads; },
          "threads for the search; 0: all cores")
          .in(0, 1024)
          .cli_only(),
  };
  return table;
}

void check_search_parameters(const SearchParameters& params, Surface surface) {
  const auto& table = search_parameters();
  auto label = [&](const std::string& name) {
    return find_parameter(table, name, surface)->spec.label(surface);
  };
  const DetectOptions& d = params.detect;
  if (d.period_max_days > 0 && d.period_max_days <= d.period_min_days) {
    throw std::invalid_argument(label("period_max") + " must be greater than " +
                                label("period_min"));
  }
  if (d.durations_hours.size() > kMaxTrialDurations) {
    throw std::invalid_argument("at most " + std::to_string(kMaxTrialDurations) + " " +
                                label("durations") + " can be searched");
  }
  if (!d.durations_hours.empty() &&
      *std::max_element(d.durations_hours.begin(), d.durations_hours.end()) >=
          24 * d.period_min_days) {
    throw std::invalid_argument(label("durations") + " must be shorter than " +
                                label("period_min"));
  }
  // A step limit without a fit would be ignored: the user meant to fit and forgot to say so.
  if (params.fit_max_steps > 0 && !params.fit) {
    throw std::invalid_argument(label("fit_max_steps") + " applies only with " + label("fit"));
  }
  catalog::check_user_star(params.star, surface == Surface::kCli ? "--" : "");
}

SearchParameters search_parameters_from_json(const nlohmann::json& values) {
  SearchParameters params;
  apply_checked(search_parameters(), values, params);
  return params;
}

}  // namespace exodetect::detect
