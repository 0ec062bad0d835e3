// The embedded user store: accounts in a SQLite file under the data folder.

#include <sqlite3.h>

#include <mutex>
#include <stdexcept>

#include "internal.hpp"

namespace exodetect::store::detail {
namespace {

class SqliteUserStore : public UserStore {
 public:
  explicit SqliteUserStore(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error("cannot open user database " + path + ": " + why);
    }
    sqlite3_busy_timeout(db_, 5000);
    exec("PRAGMA journal_mode=WAL");
    exec(
        "CREATE TABLE IF NOT EXISTS users (email TEXT PRIMARY KEY, password_hash TEXT NOT NULL, "
        "role TEXT NOT NULL, created_ms INTEGER NOT NULL, "
        "token_version INTEGER NOT NULL DEFAULT 0)");
    add_token_version_column();
  }
  ~SqliteUserStore() override { sqlite3_close(db_); }

  void create(const User& user) override {
    std::lock_guard lock(mutex_);
    Statement st(db_,
                 "INSERT INTO users (email, password_hash, role, created_ms) VALUES (?, ?, ?, ?)");
    const std::string email = lowercase(user.email);
    const std::string role = role_name(user.role);
    sqlite3_bind_text(st.get(), 1, email.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st.get(), 2, user.password_hash.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st.get(), 3, role.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st.get(), 4, user.created_ms);
    const int rc = sqlite3_step(st.get());
    if (rc == SQLITE_CONSTRAINT) throw std::invalid_argument("email already registered");
    if (rc != SQLITE_DONE)
      throw std::runtime_error(std::string("user insert failed: ") + sqlite3_errmsg(db_));
  }

  std::optional<User> find(const std::string& email) override {
    std::lock_guard lock(mutex_);
    Statement st(db_,
                 "SELECT email, password_hash, role, created_ms, token_version FROM users "
                 "WHERE email = ?");
    const std::string key = lowercase(email);
    sqlite3_bind_text(st.get(), 1, key.c_str(), -1, SQLITE_TRANSIENT);
    const int rc = sqlite3_step(st.get());
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW)
      throw std::runtime_error(std::string("user lookup failed: ") + sqlite3_errmsg(db_));
    User u;
    u.email = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 0));
    u.password_hash = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 1));
    u.role = role_from_name(reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 2)));
    u.created_ms = sqlite3_column_int64(st.get(), 3);
    u.token_version = sqlite3_column_int64(st.get(), 4);
    return u;
  }

  void revoke_tokens(const std::string& email) override {
    std::lock_guard lock(mutex_);
    Statement st(db_, "UPDATE users SET token_version = token_version + 1 WHERE email = ?");
    const std::string key = lowercase(email);
    sqlite3_bind_text(st.get(), 1, key.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st.get()) != SQLITE_DONE) {
      throw std::runtime_error(std::string("token revocation failed: ") + sqlite3_errmsg(db_));
    }
  }

  size_t count() override {
    std::lock_guard lock(mutex_);
    Statement st(db_, "SELECT COUNT(*) FROM users");
    if (sqlite3_step(st.get()) != SQLITE_ROW) {
      throw std::runtime_error(std::string("user count failed: ") + sqlite3_errmsg(db_));
    }
    return static_cast<size_t>(sqlite3_column_int64(st.get(), 0));
  }

 private:
  class Statement {
   public:
    Statement(sqlite3* db, const char* sql) {
      if (sqlite3_prepare_v2(db, sql, -1, &st_, nullptr) != SQLITE_OK) {
        throw std::runtime_error(std::string("SQL error: ") + sqlite3_errmsg(db));
      }
    }
    ~Statement() { sqlite3_finalize(st_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    sqlite3_stmt* get() { return st_; }

   private:
    sqlite3_stmt* st_ = nullptr;
  };

  // A users.db written before token versions existed lacks the column; its accounts start at 0.
  void add_token_version_column() {
    Statement st(db_, "SELECT 1 FROM pragma_table_info('users') WHERE name = 'token_version'");
    if (sqlite3_step(st.get()) == SQLITE_ROW) return;
    exec("ALTER TABLE users ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0");
  }

  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      const std::string why = err ? err : "unknown error";
      sqlite3_free(err);
      throw std::runtime_error("user database setup failed: " + why);
    }
  }

  std::mutex mutex_;
  sqlite3* db_ = nullptr;
};

}  // namespace

std::shared_ptr<UserStore> make_sqlite_user_store(const std::string& path) {
  return std::make_shared<SqliteUserStore>(path);
}

}  // namespace exodetect::store::detail
