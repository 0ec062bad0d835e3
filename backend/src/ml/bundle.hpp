#pragma once

// The .exomodel container, private to the ml module:
//   "EXOMODEL" | u32 format version | u64 card length | card JSON | u64 booster length |
//   booster (XGBoost UBJSON) | [format >= 2: u64 candidate length | candidate model] |
//   [format 3: u64 eclipse-free length | eclipse-free candidate model] |
//   u64 FNV-1a of every byte before it
// little-endian. Lengths are checked against the file size before anything is allocated.

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace exodetect::ml {

constexpr uint32_t kBundleFormat = 3;

struct Bundle {
  nlohmann::json card;
  std::string booster;
  // The complete file of the model that scores search candidates, or empty (see
  // candidate_feature_names()).
  std::string candidate;
  // The complete file of the candidate model trained without the false positives the catalogue
  // flags as stellar eclipses (TrainOptions::without_stellar_eclipses), or empty.
  std::string eclipse_free;
};

std::string encode_bundle(const Bundle& bundle);
// Throws std::invalid_argument naming what is wrong (magic, version, truncation, checksum, card).
Bundle decode_bundle(std::string_view bytes);

uint64_t fnv1a64(std::string_view bytes, uint64_t hash = 1469598103934665603ULL);
std::string hex64(uint64_t value);

}  // namespace exodetect::ml
