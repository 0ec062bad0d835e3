#include "exodetect/ml/predictions_csv.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace exodetect::ml
