#include "search_options.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "exodetect/common/csv.hpp"

namespace exodetect::cli {

namespace fs = std::filesystem;

DetectOptions SearchCliOptions::detect_options() const {
  DetectOptions d = detect;
  if (!durations.empty()) {
    d.durations_hours.clear();
    size_t start = 0;
    while (start <= durations.size()) {
      size_t comma = durations.find(',', start);
      if (comma == std::string::npos) comma = durations.size();
      std::string cell = durations.substr(start, comma - start);
      auto value = parse_number(cell);
      if (!value || !(*value > 0) || !std::isfinite(*value)) {
        throw std::invalid_argument("--durations: '" + cell +
                                    "' is not a positive number of hours (expected e.g. 1,2,4)");
      }
      d.durations_hours.push_back(*value);
      start = comma + 1;
    }
    std::sort(d.durations_hours.begin(), d.durations_hours.end());
  }
  if (!(d.period_min_days > 0)) throw std::invalid_argument("--period-min must be positive");
  if (d.sde_min < 0) throw std::invalid_argument("--sde-min must be positive (0: default)");
  if (d.snr_min < 0) throw std::invalid_argument("--snr-min must be positive (0: automatic)");
  if (d.period_max_days < 0) throw std::invalid_argument("--period-max must be positive");
  if (d.period_max_days > 0 && d.period_max_days <= d.period_min_days) {
    throw std::invalid_argument("--period-max must exceed --period-min");
  }
  if (d.max_planets < 1) throw std::invalid_argument("--max-planets must be at least 1");
  if (d.threads < 0) throw std::invalid_argument("--threads must be 0 (all cores) or more");
  return d;
}

ReadOptions SearchCliOptions::read_options() const {
  ReadOptions r;
  r.flux = flux == "sap" ? FluxKind::kSap : FluxKind::kPdcsap;
  r.time_column = time_column;
  r.flux_column = flux_column;
  r.flux_err_column = flux_err_column;
  return r;
}

void add_search_options(CLI::App& sub, SearchCliOptions& o) {
  sub.add_option("--max-planets", o.detect.max_planets, "Most planets to search for")
      ->capture_default_str();
  sub.add_option("--period-min", o.detect.period_min_days, "Shortest trial period (days)")
      ->capture_default_str();
  sub.add_option("--period-max", o.detect.period_max_days,
                 "Longest trial period (days; default half the time span, at most 100)");
  sub.add_option("--durations", o.durations,
                 "Trial transit durations in hours, comma separated (default 1,2,3,4,6,8)");
  sub.add_option("--sde-min", o.detect.sde_min,
                 "Stop the iterative search at a peak below this SDE (default 6)");
  sub.add_option("--snr-min", o.detect.snr_min,
                 "Stop the iterative search at a peak below this transit SNR (default: automatic, "
                 "from the number of trial periods, for about 1% false alarms on white noise)");
  sub.add_option("--flux", o.flux, "FITS flux column: pdcsap or sap")
      ->check(CLI::IsMember({"pdcsap", "sap"}))
      ->capture_default_str();
  sub.add_option("--time-column", o.time_column, "CSV time column (name or 0-based index)");
  sub.add_option("--flux-column", o.flux_column, "CSV flux column (name or 0-based index)");
  sub.add_option("--flux-err-column", o.flux_err_column,
                 "CSV flux error column (name or 0-based index)");
  sub.add_option("--threads", o.detect.threads, "Threads for the search (0: all cores)")
      ->capture_default_str();
  sub.add_flag("--score", o.score, "Score each candidate with the trained model");
  sub.add_option("--model", o.model_path,
                 "Model bundle for --score (default $MODEL_PATH or ml/models/default.exomodel)");
}

void add_star_options(CLI::App& sub, SearchCliOptions& o) {
  sub.add_option("--teff", o.star.teff_k,
                 "Stellar effective temperature (K); overrides the header");
  sub.add_option("--logg", o.star.logg_cgs, "Stellar surface gravity (log10 cgs)");
  sub.add_option("--radius", o.star.radius_sun, "Stellar radius (solar radii)");
  sub.add_option("--mass", o.star.mass_sun, "Stellar mass (solar masses)");
  sub.add_option("--magnitude", o.star.magnitude, "Kepler or TESS magnitude of the star");
  sub.add_option("--target", o.star.target,
                 "Star to look up in the shipped catalogues for values not given: 'TIC 25155310', "
                 "'KIC 10666592', 'EPIC 206154641', 'K2-18' (default: the file's own id)");
  sub.add_option("--catalogs", o.catalog_dir,
                 "Folder of the catalogue exports (default $EXODETECT_CATALOG_DIR or "
                 "data/catalogs)");
}

std::string find_catalog_dir(const std::string& explicit_dir) {
  if (!explicit_dir.empty()) return explicit_dir;
  if (const char* env = std::getenv("EXODETECT_CATALOG_DIR"); env && *env) return env;
  std::error_code ec;
  std::vector<fs::path> tried = {fs::current_path(ec) / "data" / "catalogs"};
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) tried.push_back(exe.parent_path().parent_path() / "data" / "catalogs");
  for (const auto& dir : tried) {
    if (fs::is_directory(dir, ec)) return dir.string();
  }
  return "";
}

void resolve_light_curve_star(LightCurve& lc, const SearchCliOptions& options) {
  catalog::check_user_star(options.star, "--");
  catalog::resolve_star(lc.stellar, lc.target, options.star, find_catalog_dir(options.catalog_dir));
}

LightCurve read_light_curves(const std::vector<std::string>& paths, const ReadOptions& options) {
  if (paths.empty()) throw std::invalid_argument("no light-curve file given");
  std::vector<LightCurve> parts;
  for (const auto& p : paths) parts.push_back(read_light_curve(p, options));
  if (parts.size() == 1) return std::move(parts.front());
  return stitch(std::move(parts));
}

namespace {

// A file, or the default.exomodel (else the first *.exomodel by name) inside a folder.
std::optional<fs::path> model_in(const fs::path& p) {
  std::error_code ec;
  if (fs::is_regular_file(p, ec)) return p;
  if (!fs::is_directory(p, ec)) return std::nullopt;
  if (fs::is_regular_file(p / "default.exomodel", ec)) return p / "default.exomodel";
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(p, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".exomodel") {
      found.push_back(entry.path());
    }
  }
  if (found.empty()) return std::nullopt;
  return *std::min_element(found.begin(), found.end());
}

}  // namespace

std::shared_ptr<const ml::Model> load_scoring_model(const std::string& explicit_path) {
  if (!explicit_path.empty()) {
    auto p = model_in(explicit_path);
    if (!p) throw std::invalid_argument("--model: no model file at '" + explicit_path + "'");
    return ml::Model::load(p->string());
  }
  std::vector<fs::path> tried;
  if (const char* env = std::getenv("MODEL_PATH"); env && *env) {
    auto p = model_in(env);
    if (!p) {
      throw std::invalid_argument(std::string("MODEL_PATH='") + env +
                                  "' is neither a model file nor a folder with *.exomodel files");
    }
    return ml::Model::load(p->string());
  }
  tried.push_back(fs::current_path() / "ml" / "models");
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) tried.push_back(exe.parent_path().parent_path() / "ml" / "models");
  for (const auto& dir : tried) {
    if (auto p = model_in(dir)) return ml::Model::load(p->string());
  }
  std::string where;
  for (const auto& dir : tried) where += (where.empty() ? "" : ", ") + dir.string();
  throw std::invalid_argument("--score: no model found (looked in " + where +
                              "); train one with `make model` or pass --model PATH");
}

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

}  // namespace exodetect::cli
