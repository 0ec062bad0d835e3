// `exodetect train | evaluate | predict`: the ML vetting model from the command line.

#include <cmath>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "command.hpp"
#include "exodetect/catalog/catalog.hpp"
#include "exodetect/common/csv.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/ml/evaluation.hpp"
#include "exodetect/ml/features.hpp"
#include "exodetect/ml/model.hpp"
#include "exodetect/ml/predictions_csv.hpp"
#include "exodetect/ml/scoring.hpp"
#include "exodetect/ml/train_parameters.hpp"
#include "parameter_options.hpp"

namespace exodetect::cli {

using common::maybe_gunzip;
using common::read_file_bytes;

namespace {

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Registrar train_command(
    {"train", [](CLI::App& app) {
       auto* sub =
           app.add_subcommand("train", "train the planet / false-positive model with grouped CV");
       struct Args {
         std::vector<std::string> data;
         std::string out = "ml/models/default.exomodel";
         std::string features, folds_out;
         bool no_candidate_model = false;
         bool quiet = false;
         ParameterTexts given;  // the training parameters as typed, by name
       };
       auto args = std::make_shared<Args>();
       sub->add_option("--data", args->data,
                       "catalogue export(s): KOI, TOI or K2 (.csv or .csv.gz); "
                       "repeat to train on several missions together")
           ->required();
       add_parameter_options(*sub, cli_specs(ml::train_parameters()), args->given);
       sub->add_option("--features", args->features,
                       "comma-separated feature subset (canonical or catalogue names)");
       sub->add_option("--folds-out", args->folds_out,
                       "write the CV fold of every row to this CSV");
       sub->add_option("--out", args->out, "model file to write");
       sub->add_flag("--no-candidate-model", args->no_candidate_model,
                     "skip the embedded model that scores search candidates (trained on the "
                     "features a light-curve search measures)");
       sub->add_flag("--quiet", args->quiet, "no progress on stderr");
       return std::function<int()>([args]() {
         ml::TrainOptions o;
         apply_cli_texts(ml::train_parameters(), args->given, o);
         o.candidate_model = !args->no_candidate_model;
         o.features = split_commas(args->features);
         o.folds_out = args->folds_out;
         std::string first = read_file_bytes(args->data.at(0));
         for (size_t i = 1; i < args->data.size(); ++i) {
           o.extra_catalog_bytes.push_back(read_file_bytes(args->data[i]));
         }
         bool quiet = args->quiet;
         nlohmann::json card =
             ml::train_model(first, o, args->out, [quiet](double f, const std::string& s) {
               if (!quiet) std::cerr << "[" << static_cast<int>(f * 100) << "%] " << s << "\n";
             });
         const auto& m = card["metrics"];
         nlohmann::json summary = {{"id", card["id"]},
                                   {"out", args->out},
                                   {"task", card["task"]},
                                   {"n_train", card["n_train"]},
                                   {"trees", card["hyperparameters"]["trees"]},
                                   {"cv",
                                    {{"roc_auc", m["roc_auc"]},
                                     {"pr_auc", m["pr_auc"]},
                                     {"accuracy", m["accuracy"]},
                                     {"f1", m["f1"]},
                                     {"confusion_matrix", m["confusion_matrix"]},
                                     {"seconds", m["cv"]["seconds"]}}}};
         if (m.contains("per_catalog")) {
           for (const auto& [mission, pm] : m["per_catalog"].items()) {
             summary["cv"]["per_catalog"][mission] = {
                 {"roc_auc", pm["roc_auc"]}, {"accuracy", pm["accuracy"]}, {"n", pm["n"]}};
           }
         }
         nlohmann::json top = nlohmann::json::array();
         for (size_t i = 0; i < m["feature_importance"].size() && i < 10; ++i) {
           top.push_back(m["feature_importance"][i]);
         }
         summary["top_features"] = top;
         if (card.contains("candidate_model")) summary["candidate_model"] = card["candidate_model"];
         std::cout << summary.dump(2) << "\n";
         return 0;
       });
     }});

Registrar evaluate_command(
    {"evaluate", [](CLI::App& app) {
       auto* sub =
           app.add_subcommand("evaluate", "score the labelled rows of a catalogue with a model");
       auto model_path = std::make_shared<std::string>();
       auto data_path = std::make_shared<std::string>();
       sub->add_option("--model", *model_path, "model file (.exomodel)")->required();
       sub->add_option("--data", *data_path, "KOI, TOI or K2 export (.csv or .csv.gz)")->required();
       return std::function<int()>([model_path, data_path]() {
         auto model = ml::Model::load(*model_path);
         catalog::Catalog cat = catalog::load_catalog(*data_path);
         std::string task = model->card()["task"];
         ml::Dataset data = ml::make_dataset(cat, task);
         if (data.rows() == 0) throw std::invalid_argument("no labelled rows in " + *data_path);
         std::vector<ml::FeatureVector> rows(data.rows());
         size_t width = data.feature_names.size();
         for (size_t i = 0; i < data.rows(); ++i) {
           rows[i].assign(data.x.begin() + i * width, data.x.begin() + (i + 1) * width);
         }
         std::vector<double> prob = ml::class_probabilities(*model, rows);
         size_t k = task == "multiclass" ? 3 : 1;
         std::vector<std::string> labels = model->card()["labels"];
         nlohmann::json m = ml::classification_metrics(data.y, prob, k, labels);
         nlohmann::json out = {{"model", model->id()},
                               {"data", *data_path},
                               {"catalog", catalog::to_string(cat.kind())},
                               {"n", m["n"]},
                               {"roc_auc", m["roc_auc"]},
                               {"pr_auc", m["pr_auc"]},
                               {"accuracy", m["accuracy"]},
                               {"f1", m["f1"]},
                               {"confusion_matrix", m["confusion_matrix"]}};
         std::cout << out.dump(2) << "\n";
         return 0;
       });
     }});

Registrar predict_command(
    {"predict", [](CLI::App& app) {
       auto* sub =
           app.add_subcommand("predict", "score rows (CSV or JSON) and explain each verdict");
       struct Args {
         std::string model, data, format = "json";
         size_t top = ml::kDefaultTopFeatures;
       };
       auto args = std::make_shared<Args>();
       sub->add_option("--model", args->model, "model file (.exomodel)")->required();
       sub->add_option("--data", args->data,
                       "rows: CSV (KOI/TOI/K2 export or canonical columns) or a JSON array")
           ->required();
       sub->add_option("--format", args->format, "json | csv")
           ->check(CLI::IsMember({"json", "csv"}));
       sub->add_option("--top", args->top, "features in each explanation");
       return std::function<int()>([args]() {
         auto model = ml::Model::load(args->model);
         std::string bytes = maybe_gunzip(read_file_bytes(args->data));
         size_t first = bytes.find_first_not_of(" \t\r\n");
         nlohmann::json rows;
         const bool rows_are_json =
             first != std::string::npos && (bytes[first] == '[' || bytes[first] == '{');
         if (rows_are_json) {
           rows = nlohmann::json::parse(bytes, nullptr, false);
           if (rows.is_discarded()) throw std::invalid_argument(args->data + ": invalid JSON");
           if (rows.is_object() && rows.contains("rows")) rows = rows["rows"];
         } else {
           rows = ml::rows_from_csv_bytes(bytes);
         }
         nlohmann::json result = model->predict_rows(rows, args->top);
         for (const auto& e : result["errors"]) {
           std::cerr << "exodetect: row " << e["row"] << ": " << e["message"].get<std::string>()
                     << "\n";
         }
         if (!result["ignored_columns"].empty()) {
           std::cerr << "exodetect: ignored columns: " << result["ignored_columns"].dump() << "\n";
         }
         if (args->format == "json") {
           std::cout << result.dump(2) << "\n";
         } else {
           // JSON input has no columns of its own to keep.
           std::cout << ml::predictions_csv(
               result, rows_are_json ? ml::KeptColumns{} : ml::kept_input_columns(bytes));
         }
         return result["predictions"].empty() && !result["errors"].empty() ? 2 : 0;
       });
     }});

}  // namespace
}  // namespace exodetect::cli
