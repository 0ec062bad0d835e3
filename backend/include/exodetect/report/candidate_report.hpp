#pragma once
// A one-page report on one candidate of a finished search, in the manner of the Kepler Data
// Validation one-page summary: what was searched and the star, the detrended light curve with
// the candidate's transits marked, the periodogram, the folded transit with the fitted model and
// its residuals, the odd, even and secondary-eclipse folds, the search's and the fit's numbers
// with their uncertainties, the vetting flags and the model's verdict with its main reasons.

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace exodetect::report {

enum class ReportFormat { kPdf, kPng };

// Points of plot data (detect::plot_data_json's max_points) a page is drawn from: more would not
// show at its size.
inline constexpr size_t kPlotPoints = 2000;

// "pdf" or "png"; std::invalid_argument otherwise.
ReportFormat report_format_from_string(const std::string& name);
const char* content_type(ReportFormat format);
const char* file_extension(ReportFormat format);

// The page (A4 landscape; the PNG at 150 dpi) for candidate `index` (0-based) of a search:
// `result` is the search's JSON as the API returns it (detect::report_to_json with the model's
// scores and, when the search fitted, each candidate's `fit`), `plot_data` its plot data
// (detect::plot_data_json). Throws std::out_of_range when the search has no such candidate and
// std::invalid_argument when the documents are not a search's.
std::string candidate_report(const nlohmann::json& result, const nlohmann::json& plot_data,
                             size_t index, ReportFormat format);

}  // namespace exodetect::report
