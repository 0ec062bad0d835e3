#pragma once
// Options and helpers shared by `exodetect search` and `exodetect survey`.

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "exodetect/catalog/star.hpp"
#include "exodetect/detect/pipeline.hpp"
#include "exodetect/detect/search_parameters.hpp"
#include "exodetect/lightcurve/light_curve.hpp"
#include "exodetect/ml/model.hpp"
#include "parameter_options.hpp"

namespace exodetect::cli {

struct SearchCliOptions {
  ParameterTexts given;  // the search parameters as typed, by name
  bool score = false;
  std::string model_path;
  std::string catalog_dir;  // --catalogs; empty: find_catalog_dir()

  // The search parameters (detect/search_parameters.hpp) given, checked as the API checks them,
  // over the defaults. Throws std::invalid_argument with a message for the user.
  detect::SearchParameters parameters() const;
};

// Adds an option per search parameter but the star's (--period-min, --durations, --flux, ...;
// see search_parameters()), --score and --model to a subcommand.
void add_search_options(CLI::App& sub, SearchCliOptions& options);

// Adds the star's parameters (--teff, --logg, --radius, --mass, --magnitude, --target) and
// --catalogs: the star of a single search.
void add_star_options(CLI::App& sub, SearchCliOptions& options);

// The shipped catalogues: `explicit_dir`, else $EXODETECT_CATALOG_DIR, else data/catalogs under
// the working directory or next to the binary (../data/catalogs); "" when none exists.
std::string find_catalog_dir(const std::string& explicit_dir);

// Fills the light curve's star from the user's values, its header and the catalogues
// (catalog::resolve_star). Throws std::invalid_argument for impossible values or an unknown
// target.
void resolve_light_curve_star(lightcurve::LightCurve& lc, const catalog::UserStar& star,
                              const SearchCliOptions& options);

// Reads each file and stitches them into one light curve (one file: returned as read).
lightcurve::LightCurve read_light_curves(const std::vector<std::string>& paths,
                                         const lightcurve::ReadOptions& options);

// The model for --score: `explicit_path`, else $MODEL_PATH (a file, or a folder holding
// *.exomodel files), else ml/models/default.exomodel under the working directory or next to
// the binary (../ml/models). Throws std::invalid_argument listing where it looked.
std::shared_ptr<const ml::Model> load_scoring_model(const std::string& explicit_path);

// True when stderr is a terminal (progress bars go there only then).
bool stderr_is_terminal();

}  // namespace exodetect::cli
