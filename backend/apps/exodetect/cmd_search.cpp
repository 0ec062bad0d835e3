// `exodetect search FILE...`: detect transiting planets in one star's light curve(s).

#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "command.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/fit/fit_json.hpp"
#include "exodetect/ml/scoring.hpp"
#include "exodetect/report/candidate_report.hpp"
#include "search_options.hpp"

namespace exodetect::cli {

using common::write_file_atomic;
using detect::detect_planets;
using detect::DetectionReport;
using detect::DetectOptions;
using detect::DetectProgressFn;
using detect::report_to_json;
using detect::SearchParameters;
using lightcurve::LightCurve;

namespace {

std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void print_table(const nlohmann::json& doc, std::ostream& out) {
  const auto& in = doc["input"];
  out << "file:     " << in["file"].get<std::string>() << "\n"
      << "target:   " << in["target"].get<std::string>() << " (" << in["mission"].get<std::string>()
      << ", " << in["time_system"].get<std::string>() << ")\n"
      << "points:   " << in["n_used"] << " used of " << in["n_points"] << ", span "
      << fixed(in["span_days"].is_number() ? in["span_days"].get<double>() : NAN, 2) << " days\n\n";
  const auto& cands = doc["candidates"];
  char line[512];
  if (cands.empty()) out << "No periodic transit signal above the thresholds.\n";
  if (!cands.empty()) {
    std::snprintf(line, sizeof line, "%-3s %12s %14s %8s %10s %8s %7s %8s %9s  %s\n", "#",
                  "period_d", "t0", "dur_h", "depth_ppm", "snr", "sde", "transits", "prob",
                  "flags");
    out << line;
    int i = 1;
    for (const auto& c : cands) {
      auto get = [&](const char* key) {
        return c.contains(key) && c[key].is_number() ? c[key].get<double>() : NAN;
      };
      std::string flags;
      for (const auto& f : c["flags"]) flags += (flags.empty() ? "" : ",") + f.get<std::string>();
      std::string transits = std::to_string(c["transits_with_data"].get<int>()) + "/" +
                             std::to_string(c["transit_count"].get<int>());
      std::snprintf(line, sizeof line, "%-3d %12s %14s %8s %10s %8s %7s %8s %9s  %s\n", i++,
                    fixed(get("period"), 6).c_str(), fixed(get("t0"), 5).c_str(),
                    fixed(get("duration_hours"), 2).c_str(), fixed(get("depth_ppm"), 0).c_str(),
                    fixed(get("snr"), 1).c_str(), fixed(get("sde"), 1).c_str(), transits.c_str(),
                    fixed(get("planet_probability"), 3).c_str(),
                    flags.empty() ? "-" : flags.c_str());
      out << line;
    }
  }
  // Why a verdict is lower than the model's reading of the transit, in words.
  std::string notes;
  int n = 1;
  for (const auto& c : cands) {
    const auto failed = c.value("vetting_failed", nlohmann::json::array());
    if (!failed.empty()) {
      std::string tests;
      for (const auto& f : failed) tests += (tests.empty() ? "" : ", ") + f.get<std::string>();
      notes += "  " + std::to_string(n) + ": failed a vetting test marking a non-planet (" + tests +
               "): capped at " + fixed(ml::kVettingProbabilityCap, 1) + "\n";
    } else if (c.contains("noise_weighting")) {
      const auto& w = c["noise_weighting"];
      notes +=
          "  " + std::to_string(n) + ": SNR " + fixed(w.value("snr_against_red_noise", NAN), 1) +
          " against the star's own variability at this duration; noise alone reaches that in " +
          fixed(100 * w.value("false_alarm_probability", NAN), 1) + "% of such searches\n";
    }
    ++n;
  }
  if (!notes.empty()) out << "\nVerdicts:\n" << notes;
  const auto single = doc.value("single_events", nlohmann::json::array());
  if (single.empty()) return;
  out << "\nSingle transits (no second transit in the data; the period is at least "
         "period_min_d):\n";
  std::snprintf(line, sizeof line, "%-3s %14s %8s %10s %8s %13s\n", "#", "t0", "dur_h", "depth_ppm",
                "snr", "period_min_d");
  out << line;
  int k = 1;
  for (const auto& e : single) {
    std::snprintf(
        line, sizeof line, "%-3d %14s %8s %10s %8s %13s\n", k++,
        fixed(e.value("t0", NAN), 5).c_str(), fixed(e.value("duration_hours", NAN), 2).c_str(),
        fixed(e.value("depth_ppm", NAN), 0).c_str(), fixed(e.value("snr", NAN), 1).c_str(),
        fixed(e.value("period_min_days", NAN), 2).c_str());
    out << line;
  }
}

// A one-line bar on stderr, redrawn in place.
void draw_progress(double fraction, const std::string& stage) {
  constexpr int kWidth = 30;
  int filled = static_cast<int>(fraction * kWidth + 0.5);
  std::string bar(filled, '#');
  bar.resize(kWidth, ' ');
  std::fprintf(stderr, "\r[%s] %3d%% %-32s", bar.c_str(), static_cast<int>(fraction * 100 + 0.5),
               stage.c_str());
  std::fflush(stderr);
}

struct SearchCommand {
  std::vector<std::string> files;
  SearchCliOptions options;
  std::string format = "json";
  bool fit_samples = false;
  std::string fit_samples_out;  // CSV of every candidate's posterior samples
  std::string report_prefix;    // one-page reports written to PREFIX-candidate-N.pdf|png
  std::string report_format = "pdf";

  int run() const {
    const SearchParameters params = options.parameters();
    const DetectOptions& detect = params.detect;
    std::shared_ptr<const ml::Model> model;
    if (options.score) model = load_scoring_model(options.model_path);
    LightCurve lc = read_light_curves(files, params.read);
    resolve_light_curve_star(lc, params.star, options);
    const bool show = stderr_is_terminal();
    DetectProgressFn progress;
    if (show) progress = draw_progress;
    DetectionReport report = detect_planets(lc, detect, progress);
    if (show) std::fprintf(stderr, "\r%*s\r", 70, "");
    nlohmann::json doc = report_to_json(report);
    if (model) ml::score_candidates(*model, report, doc);
    const bool samples = fit_samples || !fit_samples_out.empty();
    if (params.fit || samples) {
      fit::add_candidate_fits(report, doc, fit::fit_options(params, detect.threads), samples);
      if (!fit_samples_out.empty()) {
        std::string csv;
        for (size_t k = 0; k < doc["candidates"].size(); ++k) {
          const auto& fit = doc["candidates"][k]["fit"];
          if (fit.contains("samples")) csv += fit::samples_csv(fit["samples"], k, csv.empty());
        }
        write_file_atomic(fit_samples_out, csv);
        if (!fit_samples) fit::take_fit_samples(doc);  // the JSON keeps them only when asked
      }
    }
    if (!report_prefix.empty()) {
      const auto kind = report::report_format_from_string(report_format);
      const nlohmann::json plot = detect::plot_data_json(report, report::kPlotPoints);
      for (size_t k = 0; k < doc["candidates"].size(); ++k) {
        write_file_atomic(
            report_prefix + "-candidate-" + std::to_string(k) + "." + report::file_extension(kind),
            report::candidate_report(doc, plot, k, kind));
      }
    }
    if (format == "table") {
      print_table(doc, std::cout);
    } else {
      std::cout << doc.dump(2) << "\n";
    }
    return 0;
  }
};

const Registrar kRegistrar{
    Command{"search", [](CLI::App& app) {
              auto cmd = std::make_shared<SearchCommand>();
              CLI::App* sub = app.add_subcommand(
                  "search", "Search light curves of one star (stitched) for transiting planets");
              sub->add_option("files", cmd->files, "Light-curve files: FITS or CSV, optionally .gz")
                  ->required();
              add_search_options(*sub, cmd->options);
              add_star_options(*sub, cmd->options);
              sub->add_option("--format", cmd->format, "Output: json or table")
                  ->check(CLI::IsMember({"json", "table"}))
                  ->capture_default_str();
              sub->add_flag("--fit-samples", cmd->fit_samples,
                            "The fit (--fit) with its thinned posterior samples");
              sub->add_option("--fit-samples-out", cmd->fit_samples_out,
                              "The fit (--fit), and every converged candidate's thinned posterior "
                              "samples written to this CSV file (a candidate column from 0, "
                              "then the parameters with their units)");
              sub->add_option("--report", cmd->report_prefix,
                              "Write each candidate's one-page report (light curve, periodogram, "
                              "folded transit with the fit, odd/even/secondary folds, the numbers "
                              "and the verdict) to PREFIX-candidate-N.pdf, N from 0")
                  ->option_text("PREFIX");
              sub->add_option("--report-format", cmd->report_format, "The reports' format")
                  ->check(CLI::IsMember({"pdf", "png"}))
                  ->capture_default_str();
              return std::function<int()>([cmd] { return cmd->run(); });
            }}};

}  // namespace
}  // namespace exodetect::cli
