// Batch scoring speed: the whole KOI table through the default model, rows per second.
//   ml_score_bench [MODEL] [CATALOG] [--dump FILE]   (defaults: run from the repo root)
// --dump writes the model's feature matrix (float32, row-major, NaN = missing) preceded by
// "rows cols\n", so backend/bench/ml_score_reference.py can time python3-xgboost on the very same
// model and rows.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "exodetect/catalog/catalog.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/ml/features.hpp"
#include "exodetect/ml/model.hpp"
#include "exodetect/ml/scoring.hpp"

using exodetect::common::read_file_bytes;

int main(int argc, char** argv) {
  using namespace exodetect;
  std::string model_path = "ml/models/default.exomodel";
  std::string data_path = "data/catalogs/koi_cumulative_2025-10-04.csv.gz";
  std::string dump;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--dump" && i + 1 < argc) {
      dump = argv[++i];
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() > 0) model_path = positional[0];
  if (positional.size() > 1) data_path = positional[1];
  try {
    auto model = ml::Model::load(model_path);
    catalog::Catalog cat = catalog::load_catalog(data_path);
    ml::Dataset data = ml::make_dataset(cat, "binary", /*keep_unlabelled=*/true);
    size_t width = data.feature_names.size();
    std::vector<ml::FeatureVector> rows(data.rows());
    for (size_t i = 0; i < rows.size(); ++i) {
      rows[i].assign(data.x.begin() + i * width, data.x.begin() + (i + 1) * width);
    }
    std::vector<double> prob;
    std::vector<double> seconds;
    for (int rep = 0; rep < 20; ++rep) {
      auto t0 = std::chrono::steady_clock::now();
      prob = ml::score_feature_rows(*model, rows);
      seconds.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(seconds.begin(), seconds.end());
    double best = seconds.front(), med = seconds[seconds.size() / 2];
    std::printf("exodetect C++ scoring: %zu rows, median %.2f ms, best %.2f ms, %.0f rows/s\n",
                rows.size(), med * 1e3, best * 1e3, rows.size() / med);
    double checksum = 0;
    for (double p : prob) checksum += p;
    std::printf("sum of planet probabilities: %.6f\n", checksum);
    // The API's shape of work: one row per request with an explanation, written as the API's
    // JSON text, from several threads at once on the one shared model.
    nlohmann::json api_rows = ml::rows_from_csv_bytes(read_file_bytes(data_path));
    for (int threads : {1, 2}) {
      constexpr size_t kPerThread = 2000;
      auto t0 = std::chrono::steady_clock::now();
      std::vector<std::thread> pool;
      for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
          for (size_t i = 0; i < kPerThread; ++i) {
            nlohmann::json one =
                nlohmann::json::array({api_rows[(t * kPerThread + i) % api_rows.size()]});
            model->predict_rows_text(one, 6);
          }
        });
      }
      for (auto& th : pool) th.join();
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf("single-row predict_rows_text with explanation, %d thread(s): %.0f rows/s\n",
                  threads, threads * kPerThread / s);
    }
    if (!dump.empty()) {
      // The model's own columns, in its order.
      std::vector<size_t> cols;
      const auto& all = ml::all_feature_names();
      for (const auto& f : model->card()["features"]) {
        cols.push_back(std::find(all.begin(), all.end(), f.get<std::string>()) - all.begin());
      }
      std::ofstream out(dump, std::ios::binary);
      out << rows.size() << " " << cols.size() << "\n";
      for (const auto& r : rows) {
        for (size_t c : cols) {
          float v = static_cast<float>(r[c]);
          out.write(reinterpret_cast<const char*>(&v), sizeof v);
        }
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ml_score_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
