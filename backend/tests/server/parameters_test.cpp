// The parameter tables (detect/search_parameters, ml/train_parameters): each parameter's
// bounds, default and messages, and the API's validation, OpenAPI schema and job parameters
// that are derived from them.

#include <gtest/gtest.h>

#include <string>

#include "exodetect/detect/search_parameters.hpp"
#include "exodetect/ml/train_parameters.hpp"
#include "exodetect/server/jobs.hpp"

namespace exodetect::server {

using common::apply_texts;
using common::find_parameter;
using common::ParameterSpec;
using common::ParameterTable;
using common::ParameterType;
using common::Surface;
using detect::check_search_parameters;
using detect::DetectOptions;
using detect::search_parameters;
using detect::search_parameters_from_json;
using detect::SearchParameters;
using lightcurve::FluxKind;
using lightcurve::ReadOptions;

namespace {

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

// The message without the parameter's name, which each surface spells its own way.
std::string rule_of(const std::string& message, const std::string& label) {
  EXPECT_EQ(message.rfind(label + " ", 0), 0u) << message;
  return message.substr(label.size());
}

template <class Options>
void expect_bounds_hold(const ParameterTable<Options>& table) {
  for (const auto& p : table) {
    const ParameterSpec& s = p.spec;
    for (Surface surface : {Surface::kApi, Surface::kCli}) {
      if (s.type == ParameterType::kNumber || s.type == ParameterType::kInteger) {
        ASSERT_TRUE(s.min && s.max) << s.name << ": every number is bounded";
        // The bounds are in range (a closed bound), and just beyond them is refused.
        if (!s.min_exclusive) {
          EXPECT_EQ(s.parse_text(std::to_string(*s.min), surface).get<double>(), *s.min);
        }
        EXPECT_EQ(s.parse_text(std::to_string(*s.max), surface).get<double>(), *s.max);
        const double step = s.type == ParameterType::kInteger ? 1 : 1e-3 * (*s.max - *s.min);
        EXPECT_THROW(s.parse_text(std::to_string(*s.max + step), surface), std::invalid_argument)
            << s.name;
        EXPECT_THROW(s.check_json(*s.min - step, surface), std::invalid_argument) << s.name;
        EXPECT_THROW(s.parse_text("nan", surface), std::invalid_argument) << s.name;
        EXPECT_THROW(s.check_json("1", surface), std::invalid_argument) << s.name;
        if (s.type == ParameterType::kInteger) {
          EXPECT_THROW(s.parse_text(std::to_string(*s.min + 0.5), surface), std::invalid_argument)
              << s.name;
        }
      }
      if (s.type == ParameterType::kString && !s.choices.empty()) {
        for (const auto& c : s.choices) EXPECT_EQ(s.parse_text(c, surface), c);
        EXPECT_THROW(s.parse_text("../../etc", surface), std::invalid_argument) << s.name;
      }
    }
    // The default is in range and documented in the schema.
    if (!s.default_value.is_null()) {
      EXPECT_EQ(s.check_json(s.default_value, Surface::kApi), s.default_value) << s.name;
      EXPECT_EQ(s.schema(false)["default"], s.default_value) << s.name;
    }
  }
}

TEST(Parameters, SearchDefaultsAreTheEngines) {
  const DetectOptions detect;
  const ReadOptions read;
  const auto& t = search_parameters();
  auto spec = [&](const char* name) { return find_parameter(t, name, Surface::kApi)->spec; };
  EXPECT_EQ(spec("period_min").default_value, detect.period_min_days);
  EXPECT_EQ(spec("period_max").default_value, detect.period_max_days);
  EXPECT_EQ(spec("max_planets").default_value, detect.max_planets);
  EXPECT_EQ(spec("sde_min").default_value, detect.sde_min);
  EXPECT_EQ(spec("snr_min").default_value, detect.snr_min);
  EXPECT_EQ(spec("flux").default_value, read.flux == FluxKind::kSap ? "sap" : "pdcsap");
  EXPECT_TRUE(spec("durations").default_value.is_null());  // the engine's grid
  EXPECT_TRUE(spec("time_column").default_value.is_null());
  EXPECT_EQ(find_parameter(t, "threads", Surface::kApi), nullptr);  // the command line's alone
  expect_bounds_hold(t);
}

TEST(Parameters, TrainingDefaultsAreTrainOptions) {
  // A training request that leaves a setting out trains as `exodetect train` would.
  const ml::TrainOptions cli;
  const auto params = server::train_params_from_json(nlohmann::json::object());
  EXPECT_EQ(params["catalog"], "koi");  // the API names a server export; `auto` needs a file
  EXPECT_EQ(params["task"], cli.task);
  EXPECT_EQ(params["folds"], cli.folds);
  EXPECT_EQ(params["seed"], cli.seed);
  EXPECT_EQ(params["n_trees"], cli.n_trees);
  EXPECT_EQ(params["max_depth"], cli.max_depth);
  EXPECT_EQ(params["learning_rate"], cli.learning_rate);
  EXPECT_EQ(params["subsample"], cli.subsample);
  EXPECT_EQ(params["colsample"], cli.colsample);
  EXPECT_EQ(params["min_child_weight"], cli.min_child_weight);
  EXPECT_EQ(params["bags"], cli.bags);
  EXPECT_EQ(params["balance_classes"], cli.balance_classes);
  EXPECT_FALSE(params.contains("threads"));
  EXPECT_FALSE(params.contains("early_stopping_rounds"));
  expect_bounds_hold(ml::train_parameters());
}

TEST(Parameters, OutOfRangeIsOneMessageForTheApiAndTheCommandLine) {
  const auto& spec = find_parameter(search_parameters(), "period_min", Surface::kApi)->spec;
  const std::string api = message_of([&] { spec.parse_text("20000", Surface::kApi); });
  const std::string cli = message_of([&] { spec.parse_text("20000", Surface::kCli); });
  EXPECT_EQ(api, "period_min must be in [0.01, 10000] days, got '20000'");
  EXPECT_EQ(rule_of(api, "period_min"), rule_of(cli, "--period-min"));
  // The form fields go through the same check.
  EXPECT_EQ(message_of([] { server::search_params_from_fields({{"period_min", "20000"}}); }), api);
  EXPECT_EQ(message_of([] {
              server::train_params_from_json({{"n_trees", 5001}});
            }),
            "n_trees must be in [1, 5000], got '5001'");
  // The command line spells n_trees as --trees.
  EXPECT_EQ(message_of([] {
              ml::TrainOptions o;
              apply_texts(ml::train_parameters(), {{"n_trees", "5001"}}, Surface::kCli, "", o);
            }),
            "--trees must be in [1, 5000], got '5001'");
}

TEST(Parameters, FormFieldsBecomeTheGivenJobParameters) {
  const auto p = server::search_params_from_fields(
      {{"period_min", "1"}, {"max_planets", "3"}, {"durations", "4, 1.5,2"}, {"flux", "sap"}});
  EXPECT_EQ(p, nlohmann::json({{"period_min", 1.0},
                               {"max_planets", 3},
                               {"durations", {1.5, 2.0, 4.0}},
                               {"flux", "sap"}}));
  EXPECT_TRUE(p["max_planets"].is_number_integer());
  const SearchParameters read = search_parameters_from_json(p);
  EXPECT_EQ(read.detect.period_min_days, 1.0);
  EXPECT_EQ(read.detect.max_planets, 3);
  EXPECT_EQ(read.detect.durations_hours, (std::vector<double>{1.5, 2, 4}));
  EXPECT_EQ(read.read.flux, FluxKind::kSap);
  EXPECT_EQ(read.detect.sde_min, DetectOptions().sde_min);
  // What a survey sends its workers reads back as it was.
  const SearchParameters back =
      search_parameters_from_json(parameters_json(search_parameters(), read));
  EXPECT_EQ(parameters_json(search_parameters(), back), parameters_json(search_parameters(), read));
}

TEST(Parameters, TheStarIsSearchParameters) {
  const auto p = server::search_params_from_fields(
      {{"teff", " 5400 "}, {"radius", "1.18"}, {"logg", ""}, {"target", "TIC 371188886"}});
  EXPECT_FALSE(p.contains("logg"));  // an empty form field is not given
  const SearchParameters params = search_parameters_from_json(p);
  EXPECT_EQ(*params.star.teff_k, 5400);
  EXPECT_FALSE(params.star.logg_cgs);
  EXPECT_EQ(*params.star.radius_sun, 1.18);
  EXPECT_EQ(params.star.target, "TIC 371188886");
  EXPECT_EQ(message_of([] {
              server::search_params_from_fields({{"radius", "-1"}});
            }).rfind("radius must be in (0, 2000] solar radii", 0),
            0u);
  EXPECT_EQ(message_of([] {
              server::search_params_from_fields({{"teff", "hot"}});
            }).rfind("teff must be a number", 0),
            0u);
  // The star's own checks (catalog::check_user_star) stay behind the table's ranges.
  EXPECT_EQ(message_of([] {
              server::search_params_from_fields({{"target", "TIC ?"}});
            }).rfind("target: ", 0),
            0u);
  SearchParameters cli;
  cli.star.target = "TIC ?";
  EXPECT_EQ(message_of([&] { check_search_parameters(cli, Surface::kCli); }).rfind("--target: ", 0),
            0u);
}

TEST(Parameters, RulesBetweenParameters) {
  EXPECT_EQ(message_of([] {
              server::search_params_from_fields({{"period_min", "5"}, {"period_max", "2"}});
            }),
            "period_max must be greater than period_min");
  EXPECT_EQ(message_of([] {
              server::search_params_from_fields({{"durations", "12"}});
            }),
            "durations must be shorter than period_min");  // the default 0.5 days
  SearchParameters p;
  p.detect.period_min_days = 5;
  p.detect.period_max_days = 2;
  EXPECT_EQ(message_of([&] { check_search_parameters(p, Surface::kCli); }),
            "--period-max must be greater than --period-min");
  p.detect.period_max_days = 0;  // half the span
  EXPECT_NO_THROW(check_search_parameters(p, Surface::kCli));
  // A step limit without a fit would be ignored.
  EXPECT_EQ(message_of([] {
              server::search_params_from_fields({{"fit_max_steps", "20000"}});
            }),
            "fit_max_steps applies only with fit");
  EXPECT_NO_THROW(server::search_params_from_fields({{"fit", "true"}, {"fit_max_steps", "20000"}}));
  p.fit_max_steps = 20000;
  EXPECT_EQ(message_of([&] { check_search_parameters(p, Surface::kCli); }),
            "--fit-max-steps applies only with --fit");
}

TEST(Parameters, UnknownAndMalformedAreRefused) {
  EXPECT_EQ(message_of([] {
              server::search_params_from_fields({{"periodmin", "1"}});
            }),
            "unknown search parameter 'periodmin'");
  EXPECT_EQ(message_of([] {
              server::search_params_from_fields({{"threads", "4"}});
            }),
            "unknown search parameter 'threads'");
  EXPECT_EQ(message_of([] {
              server::train_params_from_json({{"early_stopping_rounds", 3}});
            }),
            "unknown training parameter 'early_stopping_rounds'");
  EXPECT_EQ(message_of([] {
              server::train_params_from_json({{"catalog", "auto"}});
            }),
            "catalog must be one of koi, toi, k2, got 'auto'");
  EXPECT_EQ(message_of([] {
              server::train_params_from_json({{"balance_classes", 1}});
            }),
            "balance_classes must be a boolean");
  EXPECT_EQ(message_of([] {
              server::search_params_from_fields({{"durations", "1,,2"}});
            }),
            "durations must be comma-separated numbers in (0, 72] hours, got ''");
  EXPECT_EQ(message_of([] {
              server::search_params_from_fields({{"max_planets", "2.5"}});
            }),
            "max_planets must be a whole number, got '2.5'");
  EXPECT_NE(message_of([] {
              server::search_params_from_fields({{"time_column", std::string(65, 'x')}});
            }),
            "");
}

}  // namespace
}  // namespace exodetect::server
