#pragma once

// Private to the store module: a small thread-safe hiredis connection pool.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <hiredis/hiredis.h>

namespace exodetect::store::detail {

struct ReplyDeleter {
  void operator()(redisReply* r) const {
    if (r) freeReplyObject(r);
  }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

struct RedisEndpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string user;  // Redis 6 ACL user; empty: the default user
  std::string password;
  int db = 0;
};

// Parses redis://[[user]:password@]host[:port][/db] (user and password percent-decoded).
// Throws std::invalid_argument for other schemes (rediss:// needs TLS, which hiredis 0.14 lacks).
RedisEndpoint parse_redis_url(const std::string& url);

// Redis answered a command with an error reply; the connection itself is fine.
class RedisReplyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A Lua script run by EVALSHA, falling back to EVAL when the server does not know it yet (for
// example after a Redis restart).
struct LuaScript {
  explicit LuaScript(std::string source);
  std::string source;
  std::string sha1;  // lowercase hex
};

// Pool of synchronous connections. Every call takes a connection for its duration (so blocking
// commands on one thread do not stall others), reconnects lazily, and fails fast: a broken or
// timed-out connection is dropped, and after a failed connect no new attempt is made for
// kReconnectBackoff, so an outage costs callers at most one short connect timeout.
class RedisClient {
 public:
  static constexpr std::chrono::milliseconds kConnectTimeout{500};
  static constexpr std::chrono::milliseconds kCommandTimeout{2000};
  static constexpr std::chrono::milliseconds kReconnectBackoff{200};
  static constexpr size_t kPieceBytes = 1u << 20;

  explicit RedisClient(RedisEndpoint endpoint);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // Runs one command (binary-safe arguments). Throws std::runtime_error when Redis is
  // unreachable, RedisReplyError when it answers with an error. `timeout` bounds the wait for
  // the reply (blocking commands pass their block time plus a margin).
  Reply command(const std::vector<std::string>& args,
                std::chrono::milliseconds timeout = kCommandTimeout);
  // Sends the commands in one round trip; error replies are returned, not thrown.
  std::vector<Reply> pipeline(const std::vector<std::vector<std::string>>& commands);
  // SET `key` to `bytes` with a TTL, sent in pieces of kPieceBytes (SET, then APPEND), so that
  // neither hiredis's formatted command nor its output buffer ever holds a copy of a large value.
  void set_in_pieces(const std::string& key, std::string_view bytes, const std::string& ttl_s);
  Reply eval(const LuaScript& script, const std::vector<std::string>& keys,
             const std::vector<std::string>& args);
  bool ping();

 private:
  redisContext* acquire();
  void release(redisContext* context, bool broken);
  redisContext* connect();

  RedisEndpoint endpoint_;
  std::mutex mutex_;
  std::vector<redisContext*> idle_;
  std::chrono::steady_clock::time_point next_connect_{};
};

// Reply accessors; they throw std::runtime_error when the reply has another type.
std::string reply_string(const redisReply* reply);
long long reply_integer(const redisReply* reply);
bool reply_is_nil(const redisReply* reply);
// The field/value pairs of an HGETALL reply (empty for anything else).
std::map<std::string, std::string> hash_fields(const redisReply* reply);

}  // namespace exodetect::store::detail
