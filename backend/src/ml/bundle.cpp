#include "bundle.hpp"

#include <cstdio>
#include <stdexcept>

namespace exodetect::ml {
namespace {

constexpr std::string_view kMagic = "EXOMODEL";

void put_u64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t get_u64(std::string_view bytes, size_t pos) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[pos + i])) << (8 * i);
  return v;
}

}  // namespace

uint64_t fnv1a64(std::string_view bytes, uint64_t hash) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string hex64(uint64_t value) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(value));
  return buf;
}

std::string encode_bundle(const Bundle& bundle) {
  std::string card = bundle.card.dump();
  std::string out(kMagic);
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((kBundleFormat >> (8 * i)) & 0xff));
  put_u64(out, card.size());
  out += card;
  put_u64(out, bundle.booster.size());
  out += bundle.booster;
  put_u64(out, bundle.candidate.size());
  out += bundle.candidate;
  put_u64(out, bundle.eclipse_free.size());
  out += bundle.eclipse_free;
  put_u64(out, fnv1a64(out));
  return out;
}

Bundle decode_bundle(std::string_view bytes) {
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic) {
    throw std::invalid_argument("not an exodetect model file (wrong magic bytes)");
  }
  size_t pos = kMagic.size();
  auto need = [&](size_t n, const char* what) {
    if (bytes.size() - pos < n) {
      throw std::invalid_argument(std::string("model file is truncated (in the ") + what + ")");
    }
  };
  need(4, "header");
  uint32_t format = 0;
  for (int i = 0; i < 4; ++i)
    format |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[pos + i])) << (8 * i);
  pos += 4;
  if (format < 1 || format > kBundleFormat) {
    throw std::invalid_argument("model file format " + std::to_string(format) +
                                " is not supported (this exodetect reads formats 1 to " +
                                std::to_string(kBundleFormat) + ")");
  }
  // A length-prefixed section: its length is checked against what is left before it is taken.
  auto section = [&](const std::string& what) {
    need(8, (what + " header").c_str());
    uint64_t len = get_u64(bytes, pos);
    pos += 8;
    need(len, what.c_str());
    std::string_view out = bytes.substr(pos, len);
    pos += len;
    return out;
  };
  std::string_view card_text = section("model card");
  std::string_view booster = section("booster");
  std::string_view candidate = format >= 2 ? section("candidate model") : std::string_view();
  std::string_view eclipse_free = format >= 3 ? section("eclipse-free model") : std::string_view();
  need(8, "checksum");
  if (get_u64(bytes, pos) != fnv1a64(bytes.substr(0, pos))) {
    throw std::invalid_argument("model file is corrupt (checksum mismatch)");
  }
  if (bytes.size() != pos + 8) throw std::invalid_argument("model file has trailing bytes");
  Bundle bundle;
  bundle.card = nlohmann::json::parse(card_text, nullptr, false);
  if (bundle.card.is_discarded() || !bundle.card.is_object()) {
    throw std::invalid_argument("model file is corrupt (model card is not a JSON object)");
  }
  bundle.booster = std::string(booster);
  bundle.candidate = std::string(candidate);
  bundle.eclipse_free = std::string(eclipse_free);
  return bundle;
}

}  // namespace exodetect::ml
