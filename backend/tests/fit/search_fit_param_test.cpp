// The API's search form takes `fit` (the job then fits every candidate).
#include <gtest/gtest.h>

#include <stdexcept>

#include "exodetect/server/jobs.hpp"

namespace exodetect::server {
namespace {

TEST(SearchFitParameter, BooleanOrRefused) {
  EXPECT_TRUE(search_params_from_fields({{"fit", "true"}})["fit"].get<bool>());
  EXPECT_TRUE(search_params_from_fields({{"fit", "1"}})["fit"].get<bool>());
  EXPECT_FALSE(search_params_from_fields({{"fit", "false"}})["fit"].get<bool>());
  EXPECT_FALSE(search_params_from_fields({}).contains("fit"));
  EXPECT_THROW(search_params_from_fields({{"fit", "yes please"}}), std::invalid_argument);
}

}  // namespace
}  // namespace exodetect::server
