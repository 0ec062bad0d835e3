#pragma once

// The data and shipped model the ML tests share.

#include <memory>
#include <string>

#include "exodetect/common/file_io.hpp"
#include "exodetect/ml/model.hpp"

namespace exodetect::ml::test_data {

inline const std::string kData = EXODETECT_DATA_DIR;
inline const std::string kKoiPath = kData + "/catalogs/koi_cumulative_2025-10-04.csv.gz";
inline const std::string kToiPath = kData + "/catalogs/toi_2025-10-04.csv.gz";
inline const std::string kDefaultModel =
    std::string(EXODETECT_SOURCE_DIR) + "/ml/models/default.exomodel";
// The three-class model shipped beside the default one (the API lists every model in the folder).
inline const std::string kMulticlassModel =
    std::string(EXODETECT_SOURCE_DIR) + "/ml/models/multiclass.exomodel";

inline const std::string& koi_bytes() {
  static const std::string b = common::read_file_bytes(kKoiPath);
  return b;
}

inline std::shared_ptr<const Model> shipped() {
  // Never destroyed: an XGBoost 1.7 booster freed during static destruction touches the
  // library's thread-local state, already gone by then (abort at exit).
  static const auto* m = new std::shared_ptr<const Model>(Model::load(kDefaultModel));
  return *m;
}

}  // namespace exodetect::ml::test_data
