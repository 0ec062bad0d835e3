#include "exodetect/ml/predictions_csv.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "exodetect/common/csv.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/ml/model.hpp"

namespace exodetect::ml {
namespace {

TEST(PredictionsCsv, OneLinePerInputRowInOrderWithErrorsInTheirPlace) {
  const nlohmann::json result = {{"predictions",
                                  {{{"row", 2},
                                    {"id", "K00752.01"},
                                    {"planet_probability", 0.75},
                                    {"label", "planet"},
                                    {"scored_with", "exo-abc"},
                                    {"explanation",
                                     {{{"feature", "depth_ppm"}, {"contribution", 1.5}},
                                      {{"feature", "snr"}, {"contribution", -0.25}}}}},
                                   {{"row", 0},
                                    {"id", "=cmd, \"x\""},
                                    {"planet_probability", 0.125},
                                    {"label", "false positive"},
                                    {"scored_with", "exo-abc"}}}},
                                 {"errors", {{{"row", 1}, {"message", "no orbital period"}}}}};
  EXPECT_EQ(predictions_csv(result),
            "row,id,planet_probability,label,scored_with,top_features,error\n"
            "0,\"'=cmd, \"\"x\"\"\",0.125,false positive,exo-abc,,\n"
            "1,,,,,,no orbital period\n"
            "2,K00752.01,0.75,planet,exo-abc,depth_ppm:1.5;snr:-0.25,\n");
}

TEST(PredictionsCsv, KeepsTheInputsIdAndDispositionColumnsOnEveryRow) {
  const nlohmann::json result = {{"predictions",
                                  {{{"row", 0},
                                    {"id", "K00001.01"},
                                    {"planet_probability", 0.5},
                                    {"label", "planet"},
                                    {"scored_with", "m"}}}},
                                 {"errors", {{{"row", 1}, {"message", "no orbital period"}}}}};
  KeptColumns kept;
  kept.names = {"kepoi_name", "koi_disposition"};
  kept.values = {{"K00001.01", "CONFIRMED"}, {"K00002.01", "FALSE POSITIVE"}};
  EXPECT_EQ(predictions_csv(result, kept),
            "row,kepoi_name,koi_disposition,id,planet_probability,label,scored_with,top_features,"
            "error\n"
            "0,K00001.01,CONFIRMED,K00001.01,0.5,planet,m,,\n"
            "1,K00002.01,FALSE POSITIVE,,,,,,no orbital period\n");
}

// The real KOI export's first rows through the shipped model: each line's kept kepoi_name is
// the id the model scored on that line (the kept cells and the predictions stay aligned).
TEST(PredictionsCsv, RealKoiExportKeepsItsColumnsAlignedWithThePredictions) {
  const std::string full = common::maybe_gunzip(common::read_file_bytes(
      std::string(EXODETECT_DATA_DIR) + "/catalogs/koi_cumulative_2025-10-04.csv.gz"));
  // The comment lines, the header and 40 data rows.
  std::istringstream in(full);
  std::string bytes, line;
  int data_rows = 0;
  bool header_seen = false;
  while (std::getline(in, line) && data_rows < 40) {
    bytes += line + "\n";
    if (line.empty() || line[0] == '#') continue;
    if (header_seen) ++data_rows;
    header_seen = true;
  }
  const KeptColumns kept = kept_input_columns(bytes);
  EXPECT_EQ(kept.names, (std::vector<std::string>{"kepid", "kepoi_name", "kepler_name",
                                                  "koi_disposition", "koi_pdisposition"}));
  ASSERT_EQ(kept.values.size(), 40u);
  const auto model = Model::load(std::string(EXODETECT_SOURCE_DIR) + "/ml/models/default.exomodel");
  const std::string csv = predictions_csv(model->predict_rows(rows_from_csv_bytes(bytes), 3), kept);
  const common::CsvTable table = common::parse_csv(csv);
  ASSERT_EQ(table.rows.size(), 40u);
  const auto name = common::find_column(table.header, "kepoi_name");
  const auto id = common::find_column(table.header, "id");
  const auto disposition = common::find_column(table.header, "koi_disposition");
  ASSERT_TRUE(name && id && disposition);
  for (size_t r = 0; r < table.rows.size(); ++r) {
    EXPECT_EQ(table.rows[r][*name], table.rows[r][*id]) << "row " << r;
    EXPECT_EQ(table.rows[r][*disposition], kept.values[r][3]) << "row " << r;
  }
}

}  // namespace
}  // namespace exodetect::ml
