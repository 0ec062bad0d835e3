#include "exodetect/common/hashing.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace exodetect::common {
namespace {

// FIPS 180-2 test vectors. sha256_hex reuses one context per thread, so each is hashed twice and
// from several threads at once: a context left dirty by the previous hash would show.
TEST(Sha256Hex, MatchesTheStandardVectorsRepeatedlyAndAcrossThreads) {
  const std::vector<std::pair<std::string, std::string>> vectors = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {std::string(1000000, 'a'),
       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"}};
  auto check_all = [&] {
    for (int round = 0; round < 2; ++round) {
      for (const auto& [input, expected] : vectors) EXPECT_EQ(sha256_hex(input), expected);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back(check_all);
  check_all();
  for (auto& t : threads) t.join();
}

}  // namespace
}  // namespace exodetect::common
