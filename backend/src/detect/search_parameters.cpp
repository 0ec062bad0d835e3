#include "exodetect/detect/search_parameters.hpp"

#include <algorithm>

namespace exodetect {

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
          "trial transit durations; none given: the default grid")
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
      choice<P>(
          "flux", [](auto& o) -> auto& { return o.read.flux; },
          std::vector<std::pair<std::string, FluxKind>>{{"pdcsap", FluxKind::kPdcsap},
                                                        {"sap", FluxKind::kSap}},
          "FITS flux column"),
      parameter<P>(
          "time_column", [](auto& o) -> auto& { return o.read.time_column; },
          "CSV time column (name or 0-based index)")
          .max_length(64),
      parameter<P>(
          "flux_column", [](auto& o) -> auto& { return o.read.flux_column; },
          "CSV flux column (name or 0-based index)")
          .max_length(64),
      parameter<P>(
          "flux_err_column", [](auto& o) -> auto& { return o.read.flux_err_column; },
          "CSV flux error column (name or 0-based index)")
          .max_length(64),
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
  if (!d.durations_hours.empty() &&
      *std::max_element(d.durations_hours.begin(), d.durations_hours.end()) >=
          24 * d.period_min_days) {
    throw std::invalid_argument(label("durations") + " must be shorter than " +
                                label("period_min"));
  }
}

SearchParameters search_parameters_from_json(const nlohmann::json& values) {
  SearchParameters params;
  apply_checked(search_parameters(), values, params);
  return params;
}

}  // namespace exodetect
