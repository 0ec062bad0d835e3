// The per-user search index and annotations, and JobQueue::remove, on both backends: the
// embedded one (SQLite and files in a temporary data dir) and a real redis-server.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "exodetect/store/backends.hpp"
#include "store/redis_fixture.hpp"

namespace exodetect::store {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Runs one job to completion through the queue and returns its id.
std::string finished_job(JobQueue& jobs) {
  const std::string id = jobs.submit("search", {{"target", "TIC 1"}}, {"blob-bytes"});
  auto claimed = jobs.claim("w", {"search"}, 2s);
  EXPECT_TRUE(claimed);
  if (claimed) jobs.complete(claimed->id, {{"report", {{"candidates", {1, 2}}}}});
  return id;
}

// The behaviour both backends share; `reopen` gives a second connection to the same store.
void check_index_and_removal(Backends b, const std::function<Backends()>& reopen) {
  SearchIndex& index = *b.searches;
  index.add("Alice@Example.org", "a1", 1000);
  index.add("alice@example.org", "a2", 3000);
  index.add("alice@example.org", "a3", 2000);
  index.add("bob@example.org", "b1", 1500);

  EXPECT_EQ(index.count("alice@example.org"), 3u);
  EXPECT_EQ(index.list("alice@example.org", 0, 10), (std::vector<std::string>{"a2", "a3", "a1"}));
  EXPECT_EQ(index.list("alice@example.org", 1, 1), (std::vector<std::string>{"a3"}));
  EXPECT_TRUE(index.list("alice@example.org", 3, 10).empty());
  EXPECT_EQ(index.list("bob@example.org", 0, 10), (std::vector<std::string>{"b1"}));
  EXPECT_TRUE(index.list("carol@example.org", 0, 10).empty());
  EXPECT_EQ(index.owner("a1"), "alice@example.org");
  EXPECT_EQ(index.owner("b1"), "bob@example.org");
  EXPECT_FALSE(index.owner("unknown"));

  index.annotate("a1", 0, {"planet", "deep, \"flat\" bottom\nline two", 10});
  index.annotate("a1", 2, {"unsure", "", 11});
  index.annotate("a1", 0, {"false_positive", "odd/even", 12});  // replaces
  auto notes = reopen().searches->annotations("a1");            // another process sees them
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0].verdict, "false_positive");
  EXPECT_EQ(notes[0].note, "odd/even");
  EXPECT_EQ(notes[0].updated_ms, 12);
  EXPECT_EQ(notes[2].verdict, "unsure");
  EXPECT_TRUE(index.annotations("a2").empty());

  index.remove("a1");
  EXPECT_FALSE(index.owner("a1"));
  EXPECT_TRUE(index.annotations("a1").empty());
  EXPECT_EQ(index.list("alice@example.org", 0, 10), (std::vector<std::string>{"a2", "a3"}));
  EXPECT_EQ(index.count("alice@example.org"), 2u);
  index.remove("never-added");  // ignored

  // Only a finished job is removed, and then it is gone with its inputs and result.
  JobQueue& jobs = *b.jobs;
  const std::string done = finished_job(jobs);
  const std::string queued = jobs.submit("search", {}, {"x"});
  EXPECT_FALSE(jobs.remove(queued));
  EXPECT_TRUE(jobs.get(queued));
  ASSERT_EQ(jobs.get(done)->status, JobStatus::kDone);
  EXPECT_TRUE(jobs.remove(done));
  EXPECT_FALSE(jobs.get(done));
  EXPECT_FALSE(reopen().jobs->get(done));
  EXPECT_THROW(jobs.blobs(done), std::invalid_argument);
  for (const auto& j : jobs.list("search", 100)) EXPECT_NE(j.id, done);
  EXPECT_FALSE(jobs.remove(done));
  EXPECT_FALSE(jobs.remove("not-an-id"));
}

TEST(SearchIndex, EmbeddedKeepsOwnersAnnotationsAndRemovesJobs) {
  const fs::path dir =
      fs::temp_directory_path() / ("exodetect-index-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  StoreConfig c;
  c.data_dir = dir.string();
  {
    Backends b = make_backends(c, 60, 3);
    check_index_and_removal(b, [&] { return make_backends(c, 60, 3); });
    EXPECT_TRUE(fs::exists(dir / "searches.db"));
  }
  // The index survives a restart.
  EXPECT_EQ(make_backends(c, 60, 3).searches->owner("a2"), "alice@example.org");
  fs::remove_all(dir);
}

TEST(SearchIndex, RedisKeepsOwnersAnnotationsAndRemovesJobs) {
  using test_support::RedisServer;
  if (!RedisServer::available()) GTEST_SKIP() << RedisServer::kBinary << " is not installed";
  RedisServer server;
  StoreConfig c;
  c.redis_url = server.url();
  c.data_dir = "/nonexistent/never-used-with-redis";
  check_index_and_removal(make_backends(c, 60, 3), [&] { return make_backends(c, 60, 3); });
  // Unreachable Redis: the index throws std::runtime_error (the API's 503), never hangs.
  Backends b = make_backends(c, 60, 3);
  server.stop();
  EXPECT_THROW(b.searches->list("alice@example.org", 0, 10), std::runtime_error);
}

}  // namespace
}  // namespace exodetect::store
