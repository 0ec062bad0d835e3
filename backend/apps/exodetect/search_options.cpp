#include "search_options.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "exodetect/catalog/catalog_files.hpp"
#include "exodetect/common/csv.hpp"
#include "exodetect/common/env.hpp"

namespace exodetect::cli {

using common::env_text;
using common::Surface;
using detect::check_search_parameters;
using detect::search_parameters;
using detect::SearchParameters;
using lightcurve::LightCurve;
using lightcurve::read_light_curve;
using lightcurve::ReadOptions;
using lightcurve::stitch;

namespace fs = std::filesystem;

SearchParameters SearchCliOptions::parameters() const {
  SearchParameters params;
  apply_cli_texts(search_parameters(), given, params);
  check_search_parameters(params, Surface::kCli);
  return params;
}

void add_search_options(CLI::App& sub, SearchCliOptions& o) {
  add_parameter_options(sub, cli_specs(search_parameters(), false), o.given);
  sub.add_flag("--score", o.score, "Score each candidate with the trained model");
  sub.add_option("--model", o.model_path,
                 "Model bundle for --score (default $MODEL_PATH or ml/models/default.exomodel)");
}

void add_star_options(CLI::App& sub, SearchCliOptions& o) {
  add_parameter_options(sub, cli_specs(search_parameters(), true), o.given);
  sub.add_option("--catalogs", o.catalog_dir,
                 "Folder of the catalogue exports (default $EXODETECT_CATALOG_DIR or "
                 "data/catalogs)");
}

std::string find_catalog_dir(const std::string& explicit_dir) {
  if (!explicit_dir.empty()) return explicit_dir;
  return env_text("EXODETECT_CATALOG_DIR").value_or(catalog::default_catalog_dir());
}

void resolve_light_curve_star(LightCurve& lc, const catalog::UserStar& star,
                              const SearchCliOptions& options) {
  catalog::resolve_star(lc.stellar, lc.target, star, find_catalog_dir(options.catalog_dir));
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
  if (const auto env = env_text(ml::kModelPathVariable)) {
    auto p = model_in(*env);
    if (!p) {
      throw std::invalid_argument(std::string(ml::kModelPathVariable) + "='" + *env +
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
