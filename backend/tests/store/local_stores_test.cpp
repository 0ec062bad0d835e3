// The embedded default's local stores: the response cache, the SQLite users, password hashes and
// the in-process rate limiter.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <string>
#include <thread>

#include <sqlite3.h>

#include "exodetect/store/backends.hpp"
#include "exodetect/store/passwords.hpp"
#include "store_fixture.hpp"

namespace exodetect::store {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test_data::embedded_config;
using test_data::TempDir;

TEST(MemoryCache, EvictsLeastRecentlyUsedByCount) {
  TempDir dir;
  StoreConfig config = embedded_config(dir);
  config.cache_max_entries = 2;
  auto cache = make_backends(config, 60, 10).cache;
  cache->put("a", "1");
  cache->put("b", "2");
  EXPECT_EQ(cache->get("a"), "1");  // a is now the most recent
  cache->put("c", "3");
  EXPECT_FALSE(cache->get("b"));
  EXPECT_EQ(cache->get("a"), "1");
  EXPECT_EQ(cache->get("c"), "3");
  cache->put("a", "updated");
  EXPECT_EQ(cache->get("a"), "updated");
  EXPECT_EQ(cache->hits(), 4u);
  EXPECT_EQ(cache->misses(), 1u);
}

TEST(MemoryCache, EvictsByBytesAndDropsOversizedValues) {
  TempDir dir;
  StoreConfig config = embedded_config(dir);
  config.cache_max_bytes = 100;
  auto cache = make_backends(config, 60, 10).cache;
  cache->put("x", std::string(60, 'x'));
  cache->put("y", std::string(60, 'y'));
  EXPECT_FALSE(cache->get("x"));
  EXPECT_TRUE(cache->get("y"));
  cache->put("huge", std::string(200, 'h'));
  EXPECT_FALSE(cache->get("huge"));
  EXPECT_TRUE(cache->get("y"));  // not evicted for a value that could never fit
}

TEST(MemoryCache, ExpiresEntriesAfterTheTtl) {
  TempDir dir;
  StoreConfig config = embedded_config(dir);
  config.cache_ttl = std::chrono::seconds(1);
  auto cache = make_backends(config, 60, 10).cache;
  cache->put("k", "v");
  EXPECT_EQ(cache->get("k"), "v");
  std::this_thread::sleep_for(1100ms);
  EXPECT_FALSE(cache->get("k"));
}

TEST(SqliteUsers, CreatesFindsAndRejectsDuplicatesDurably) {
  TempDir dir;
  {
    auto users = make_backends(embedded_config(dir), 60, 10).users;
    EXPECT_EQ(users->count(), 0u);
    users->create({"Admin@Example.org", "hash-1", Role::kAdmin, 1000});
    users->create({"user@example.org", "hash-2", Role::kUser, 2000});
    EXPECT_THROW(users->create({"ADMIN@example.org", "hash-3", Role::kUser, 3000}),
                 std::invalid_argument);
    EXPECT_EQ(users->count(), 2u);
  }
  EXPECT_TRUE(fs::exists(dir.path() / "users.db"));
  auto users = make_backends(embedded_config(dir), 60, 10).users;
  auto admin = users->find("admin@EXAMPLE.org");
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->email, "admin@example.org");
  EXPECT_EQ(admin->password_hash, "hash-1");
  EXPECT_EQ(admin->role, Role::kAdmin);
  EXPECT_EQ(admin->created_ms, 1000);
  EXPECT_EQ(users->find("user@example.org")->role, Role::kUser);
  EXPECT_FALSE(users->find("nobody@example.org"));
  EXPECT_FALSE(users->find("' OR 1=1 --"));
  EXPECT_EQ(users->count(), 2u);
}

// A users.db from before token versions gains the column; its accounts start at version 0 and
// revoking bumps only the one account.
TEST(SqliteUsers, RevokingTokensBumpsTheVersionAlsoInAnOldDatabase) {
  TempDir dir;
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir.path() / "users.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TABLE users (email TEXT PRIMARY KEY, password_hash TEXT NOT "
                           "NULL, role TEXT NOT NULL, created_ms INTEGER NOT NULL);"
                           "INSERT INTO users VALUES ('old@example.org', 'h', 'user', 5)",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  auto users = make_backends(embedded_config(dir), 60, 10).users;
  users->create({"new@example.org", "h2", Role::kUser, 6});
  EXPECT_EQ(users->find("old@example.org")->token_version, 0);
  users->revoke_tokens("OLD@example.org");
  users->revoke_tokens("old@example.org");
  users->revoke_tokens("nobody@example.org");
  EXPECT_EQ(users->find("old@example.org")->token_version, 2);
  EXPECT_EQ(users->find("new@example.org")->token_version, 0);
  EXPECT_FALSE(users->find("nobody@example.org"));
  EXPECT_EQ(
      make_backends(embedded_config(dir), 60, 10).users->find("old@example.org")->token_version, 2);
}

TEST(Passwords, Argon2idHashesVerifyOnlyTheRightPassword) {
  const std::string hash = hash_password("correct horse");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(hash.find("correct horse"), std::string::npos);
  EXPECT_TRUE(verify_password("correct horse", hash));
  EXPECT_FALSE(verify_password("correct horsE", hash));
  EXPECT_FALSE(verify_password("", hash));
  EXPECT_NE(hash_password("correct horse"), hash);  // salted
  EXPECT_FALSE(verify_password("correct horse", ""));
  EXPECT_FALSE(verify_password("correct horse", "$argon2id$garbage"));
  EXPECT_FALSE(verify_password("correct horse", std::string(500, 'x')));
}

TEST(LocalRateLimiter, AllowsABurstThenAsksToWait) {
  TempDir dir;
  auto limiter = make_backends(embedded_config(dir), 60, 3).rate_limiter;  // 1 token per second
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter->acquire("1.2.3.4"), 0);
  EXPECT_EQ(limiter->acquire("1.2.3.4"), 1);
  EXPECT_EQ(limiter->acquire("5.6.7.8"), 0);  // buckets are per key
  std::this_thread::sleep_for(1050ms);
  EXPECT_EQ(limiter->acquire("1.2.3.4"), 0);  // refilled
  EXPECT_GE(limiter->acquire("1.2.3.4"), 1);
}

TEST(LocalRateLimiter, RefundsGiveATokenBackUpToTheBurst) {
  TempDir dir;
  auto limiter = make_backends(embedded_config(dir), 60, 10, {0.01, 2}).account_limiter;
  limiter->refund("a");  // a full bucket stays full
  EXPECT_EQ(limiter->acquire("a"), 0);
  EXPECT_EQ(limiter->acquire("a"), 0);
  EXPECT_GT(limiter->acquire("a"), 60);  // empty: 0.01 per minute
  limiter->refund("a");
  EXPECT_EQ(limiter->acquire("a"), 0);
  limiter->refund("a");
  limiter->refund("a");
  limiter->refund("a");
  EXPECT_EQ(limiter->acquire("a"), 0);
  EXPECT_EQ(limiter->acquire("a"), 0);
  EXPECT_GT(limiter->acquire("a"), 0) << "refunds past the burst";
}

// Sets or clears environment variables for one test and restores them after.

}  // namespace
}  // namespace exodetect::store
