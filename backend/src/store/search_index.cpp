// The per-user index of searches and their annotations: SQLite (embedded) or Redis.
//
// Redis keys (under "exodetect:"):
//   owner:<email>:searches      sorted set of job ids by creation time (ms)
//   search:<id>:owner           string: the owner's email
//   search:<id>:annotations     hash: candidate index -> {"verdict","note","updated_ms"}

#include <sqlite3.h>

#include <mutex>

#include <nlohmann/json.hpp>

#include "internal.hpp"
#include "redis_client.hpp"

namespace exodetect::store::detail {
namespace {

class SqliteSearchIndex : public SearchIndex {
 public:
  explicit SqliteSearchIndex(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error("cannot open search database " + path + ": " + why);
    }
    sqlite3_busy_timeout(db_, 5000);
    for (const char* sql :
         {"PRAGMA journal_mode=WAL",
          "CREATE TABLE IF NOT EXISTS searches (job_id TEXT PRIMARY KEY, owner TEXT NOT NULL, "
          "created_ms INTEGER NOT NULL)",
          "CREATE INDEX IF NOT EXISTS searches_by_owner ON searches (owner, created_ms)",
          "CREATE TABLE IF NOT EXISTS annotations (job_id TEXT NOT NULL, candidate INTEGER NOT "
          "NULL, verdict TEXT NOT NULL, note TEXT NOT NULL, updated_ms INTEGER NOT NULL, "
          "PRIMARY KEY (job_id, candidate))"}) {
      char* err = nullptr;
      if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string why = err ? err : "unknown error";
        sqlite3_free(err);
        throw std::runtime_error("search database setup failed: " + why);
      }
    }
  }
  ~SqliteSearchIndex() override { sqlite3_close(db_); }

  void add(const std::string& owner, const std::string& job_id, int64_t created_ms) override {
    run("INSERT OR REPLACE INTO searches (job_id, owner, created_ms) VALUES (?, ?, ?)",
        {job_id, lowercase(owner)}, {created_ms});
  }

  std::optional<std::string> owner(const std::string& job_id) override {
    auto rows = run("SELECT owner FROM searches WHERE job_id = ?", {job_id});
    if (rows.empty()) return std::nullopt;
    return rows[0][0];
  }

  std::vector<std::string> list(const std::string& owner, size_t offset, size_t limit) override {
    std::vector<std::string> out;
    for (auto& row : run("SELECT job_id FROM searches WHERE owner = ? ORDER BY created_ms DESC, "
                         "job_id LIMIT ? OFFSET ?",
                         {lowercase(owner)}, {int64_t(limit), int64_t(offset)})) {
      out.push_back(std::move(row[0]));
    }
    return out;
  }

  size_t count(const std::string& owner) override {
    return std::stoull(
        run("SELECT COUNT(*) FROM searches WHERE owner = ?", {lowercase(owner)})[0][0]);
  }

  void remove(const std::string& job_id) override {
    run("DELETE FROM searches WHERE job_id = ?", {job_id});
    run("DELETE FROM annotations WHERE job_id = ?", {job_id});
  }

  void annotate(const std::string& job_id, size_t candidate, const Annotation& a) override {
    run("INSERT OR REPLACE INTO annotations (job_id, verdict, note, candidate, updated_ms) VALUES "
        "(?, ?, ?, ?, ?)",
        {job_id, a.verdict, a.note}, {int64_t(candidate), a.updated_ms});
  }

  std::map<size_t, Annotation> annotations(const std::string& job_id) override {
    std::map<size_t, Annotation> out;
    for (auto& row : run("SELECT candidate, verdict, note, updated_ms FROM annotations WHERE "
                         "job_id = ?",
                         {job_id})) {
      out[std::stoull(row[0])] = Annotation{row[1], row[2], std::stoll(row[3])};
    }
    return out;
  }

 private:
  // Runs one statement: the text parameters bind first, then the integers; every column of the
  // rows it yields comes back as text.
  std::vector<std::vector<std::string>> run(const char* sql, const std::vector<std::string>& texts,
                                            const std::vector<int64_t>& ints = {}) {
    std::lock_guard lock(mutex_);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("SQL error: ") + sqlite3_errmsg(db_));
    }
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(st, sqlite3_finalize);
    int i = 1;
    for (const auto& t : texts)
      sqlite3_bind_text(st, i++, t.c_str(), int(t.size()), SQLITE_TRANSIENT);
    for (int64_t v : ints) sqlite3_bind_int64(st, i++, v);
    std::vector<std::vector<std::string>> rows;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const auto* text = sqlite3_column_text(st, c);
        row.emplace_back(text ? reinterpret_cast<const char*>(text) : "",
                         size_t(sqlite3_column_bytes(st, c)));
      }
      rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) {
      throw std::runtime_error(std::string("search database error: ") + sqlite3_errmsg(db_));
    }
    return rows;
  }

  std::mutex mutex_;
  sqlite3* db_ = nullptr;
};

const std::string kPrefix = "exodetect:";
std::string owner_key(const std::string& owner) {
  return kPrefix + "owner:" + lowercase(owner) + ":searches";
}
std::string search_owner_key(const std::string& id) { return kPrefix + "search:" + id + ":owner"; }
std::string annotations_key(const std::string& id) {
  return kPrefix + "search:" + id + ":annotations";
}

class RedisSearchIndex : public SearchIndex {
 public:
  RedisSearchIndex(std::shared_ptr<RedisClient> redis, const StoreConfig& config)
      : redis_(std::move(redis)), ttl_s_(std::to_string(config.result_ttl.count())) {}

  void add(const std::string& owner, const std::string& job_id, int64_t created_ms) override {
    // The owner entry expires with the job (result_ttl); the listing prunes ids whose job is gone.
    check_replies(
        redis_->pipeline({{"SET", search_owner_key(job_id), lowercase(owner), "EX", ttl_s_},
                          {"ZADD", owner_key(owner), std::to_string(created_ms), job_id}}));
  }

  std::optional<std::string> owner(const std::string& job_id) override {
    Reply r = redis_->command({"GET", search_owner_key(job_id)});
    if (reply_is_nil(r.get())) return std::nullopt;
    return reply_string(r.get());
  }

  std::vector<std::string> list(const std::string& owner, size_t offset, size_t limit) override {
    if (limit == 0) return {};
    Reply ids = redis_->command({"ZREVRANGE", owner_key(owner), std::to_string(offset),
                                 std::to_string(offset + limit - 1)});
    std::vector<std::string> out;
    for (size_t i = 0; i < ids->elements; ++i) out.push_back(reply_string(ids->element[i]));
    return out;
  }

  size_t count(const std::string& owner) override {
    return size_t(reply_integer(redis_->command({"ZCARD", owner_key(owner)}).get()));
  }

  void remove(const std::string& job_id) override {
    if (auto who = owner(job_id)) {
      check_replies(redis_->pipeline({{"ZREM", owner_key(*who), job_id}}));
    }
    check_replies(
        redis_->pipeline({{"DEL", search_owner_key(job_id)}, {"DEL", annotations_key(job_id)}}));
  }

  void annotate(const std::string& job_id, size_t candidate, const Annotation& a) override {
    const nlohmann::json value = {
        {"verdict", a.verdict}, {"note", a.note}, {"updated_ms", a.updated_ms}};
    check_replies(redis_->pipeline(
        {{"HSET", annotations_key(job_id), std::to_string(candidate), value.dump()},
         {"EXPIRE", annotations_key(job_id), ttl_s_}}));
  }

  std::map<size_t, Annotation> annotations(const std::string& job_id) override {
    Reply r = redis_->command({"HGETALL", annotations_key(job_id)});
    std::map<size_t, Annotation> out;
    for (size_t i = 0; i + 1 < r->elements; i += 2) {
      const auto value = nlohmann::json::parse(reply_string(r->element[i + 1]));
      out[std::stoull(reply_string(r->element[i]))] =
          Annotation{value.at("verdict").get<std::string>(), value.at("note").get<std::string>(),
                     value.at("updated_ms").get<int64_t>()};
    }
    return out;
  }

 private:
  static void check_replies(const std::vector<Reply>& replies) {
    for (const auto& r : replies) {
      if (r && r->type == REDIS_REPLY_ERROR) throw RedisReplyError(r->str);
    }
  }
  std::shared_ptr<RedisClient> redis_;
  const std::string ttl_s_;
};

}  // namespace

std::shared_ptr<SearchIndex> make_sqlite_search_index(const std::string& path) {
  return std::make_shared<SqliteSearchIndex>(path);
}

std::shared_ptr<SearchIndex> make_redis_search_index(std::shared_ptr<RedisClient> redis,
                                                     const StoreConfig& config) {
  return std::make_shared<RedisSearchIndex>(std::move(redis), config);
}

}  // namespace exodetect::store::detail
