#include "redis_client.hpp"

#include <sys/time.h>

#include <cctype>
#include <csignal>

#include <openssl/evp.h>

namespace exodetect::store::detail {
namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

// hiredis' argv form of a command: binary-safe, the strings must outlive it.
struct Argv {
  explicit Argv(const std::vector<std::string>& args) {
    for (const auto& a : args) {
      ptrs.push_back(a.data());
      lens.push_back(a.size());
    }
  }
  int argc() const { return static_cast<int>(ptrs.size()); }
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
};

redisReply* send(redisContext* c, const std::vector<std::string>& args) {
  Argv argv(args);
  return static_cast<redisReply*>(
      redisCommandArgv(c, argv.argc(), argv.ptrs.data(), argv.lens.data()));
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

int parse_port(const std::string& text, const std::string& url) {
  if (text.empty() || text.size() > 5 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    throw std::invalid_argument("invalid port in Redis URL: " + url);
  }
  const int port = std::stoi(text);
  if (port < 1 || port > 65535) throw std::invalid_argument("invalid port in Redis URL: " + url);
  return port;
}

}  // namespace

RedisEndpoint parse_redis_url(const std::string& url) {
  const std::string scheme = "redis://";
  if (url.compare(0, scheme.size(), scheme) != 0) {
    throw std::invalid_argument("Redis URL must start with redis:// (TLS is not supported): " +
                                url);
  }
  RedisEndpoint ep;
  std::string rest = url.substr(scheme.size());
  if (const auto q = rest.find('?'); q != std::string::npos) rest.resize(q);
  if (const auto slash = rest.find('/'); slash != std::string::npos) {
    const std::string db = rest.substr(slash + 1);
    rest.resize(slash);
    if (!db.empty()) {
      if (db.size() > 4 || db.find_first_not_of("0123456789") != std::string::npos) {
        throw std::invalid_argument("invalid database number in Redis URL: " + url);
      }
      ep.db = std::stoi(db);
    }
  }
  if (const auto at = rest.rfind('@'); at != std::string::npos) {
    const std::string userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (const auto colon = userinfo.find(':'); colon != std::string::npos) {
      ep.user = percent_decode(userinfo.substr(0, colon));
      ep.password = percent_decode(userinfo.substr(colon + 1));
    } else {
      ep.password = percent_decode(userinfo);  // redis://secret@host, as older clients read it
    }
  }
  std::string port;
  if (!rest.empty() && rest[0] == '[') {  // [ipv6]:port
    const auto close = rest.find(']');
    if (close == std::string::npos) throw std::invalid_argument("invalid Redis URL: " + url);
    ep.host = rest.substr(1, close - 1);
    if (close + 1 < rest.size()) {
      if (rest[close + 1] != ':') throw std::invalid_argument("invalid Redis URL: " + url);
      port = rest.substr(close + 2);
    }
  } else if (const auto colon = rest.rfind(':'); colon != std::string::npos) {
    ep.host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  } else {
    ep.host = rest;
  }
  if (ep.host.empty()) throw std::invalid_argument("Redis URL has no host: " + url);
  if (!port.empty()) ep.port = parse_port(port, url);
  return ep;
}

LuaScript::LuaScript(std::string src) : source(std::move(src)) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(source.data(), source.size(), digest, &length, EVP_sha1(), nullptr);
  static const char* kHex = "0123456789abcdef";
  for (unsigned int i = 0; i < length; ++i) {
    sha1.push_back(kHex[digest[i] >> 4]);
    sha1.push_back(kHex[digest[i] & 15]);
  }
}

RedisClient::RedisClient(RedisEndpoint endpoint) : endpoint_(std::move(endpoint)) {
  // hiredis writes with write(2): a connection Redis dropped would raise SIGPIPE and kill the
  // process instead of failing the call. Only the default action is replaced.
  struct sigaction current {};
  if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
    signal(SIGPIPE, SIG_IGN);
  }
}

RedisClient::~RedisClient() {
  for (redisContext* c : idle_) redisFree(c);
}

redisContext* RedisClient::connect() {
  const std::string where = endpoint_.host + ":" + std::to_string(endpoint_.port);
  redisContext* c =
      redisConnectWithTimeout(endpoint_.host.c_str(), endpoint_.port, to_timeval(kConnectTimeout));
  auto fail = [&](const std::string& why) {
    if (c) redisFree(c);
    std::lock_guard lock(mutex_);
    next_connect_ = std::chrono::steady_clock::now() + kReconnectBackoff;
    return std::runtime_error("Redis unreachable at " + where + ": " + why);
  };
  if (!c) throw fail("out of memory");
  if (c->err) throw fail(c->errstr);
  redisSetTimeout(c, to_timeval(kCommandTimeout));
  redisEnableKeepAlive(c);
  auto handshake = [&](const std::vector<std::string>& args) {
    Reply r(send(c, args));
    if (!r) throw fail(c->errstr);
    if (r->type == REDIS_REPLY_ERROR) throw fail(std::string(r->str, r->len));
  };
  if (!endpoint_.password.empty()) {
    if (endpoint_.user.empty()) {
      handshake({"AUTH", endpoint_.password});
    } else {
      handshake({"AUTH", endpoint_.user, endpoint_.password});
    }
  }
  if (endpoint_.db != 0) handshake({"SELECT", std::to_string(endpoint_.db)});
  return c;
}

redisContext* RedisClient::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      redisContext* c = idle_.back();
      idle_.pop_back();
      return c;
    }
    if (std::chrono::steady_clock::now() < next_connect_) {
      throw std::runtime_error("Redis unreachable at " + endpoint_.host + ":" +
                               std::to_string(endpoint_.port) + " (retrying shortly)");
    }
  }
  return connect();  // outside the lock: a slow connect must not stall the other threads
}

void RedisClient::release(redisContext* c, bool broken) {
  constexpr size_t kMaxIdle = 16;
  if (!broken) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdle) {
      idle_.push_back(c);
      return;
    }
  }
  redisFree(c);
}

Reply RedisClient::command(const std::vector<std::string>& args,
                           std::chrono::milliseconds timeout) {
  redisContext* c = acquire();
  if (timeout != kCommandTimeout) redisSetTimeout(c, to_timeval(timeout));
  Reply r(send(c, args));
  if (!r) {
    const std::string why = c->errstr;
    release(c, true);
    throw std::runtime_error("Redis command " + args.at(0) + " failed: " + why);
  }
  if (timeout != kCommandTimeout) redisSetTimeout(c, to_timeval(kCommandTimeout));
  release(c, false);
  if (r->type == REDIS_REPLY_ERROR) throw RedisReplyError(std::string(r->str, r->len));
  return r;
}

std::vector<Reply> RedisClient::pipeline(const std::vector<std::vector<std::string>>& commands) {
  redisContext* c = acquire();
  for (const auto& args : commands) {
    Argv argv(args);
    redisAppendCommandArgv(c, argv.argc(), argv.ptrs.data(), argv.lens.data());
  }
  std::vector<Reply> replies;
  for (size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(c, &raw) != REDIS_OK || !raw) {
      const std::string why = c->errstr;
      release(c, true);
      throw std::runtime_error("Redis pipeline failed: " + why);
    }
    replies.emplace_back(static_cast<redisReply*>(raw));
  }
  release(c, false);
  return replies;
}

void RedisClient::set_in_pieces(const std::string& key, std::string_view bytes,
                                const std::string& ttl_s) {
  redisContext* c = acquire();
  size_t done = 0;
  do {
    const std::string_view piece = bytes.substr(done, kPieceBytes);
    const bool first = done == 0;
    const std::vector<std::string_view> args =
        first ? std::vector<std::string_view>{"SET", key, piece, "EX", ttl_s}
              : std::vector<std::string_view>{"APPEND", key, piece};
    std::vector<const char*> ptrs;
    std::vector<size_t> lens;
    for (std::string_view a : args) {
      ptrs.push_back(a.data());
      lens.push_back(a.size());
    }
    Reply r(
        static_cast<redisReply*>(redisCommandArgv(c, int(ptrs.size()), ptrs.data(), lens.data())));
    if (!r) {
      const std::string why = c->errstr;
      release(c, true);
      throw std::runtime_error("Redis " + std::string(args[0]) + " failed: " + why);
    }
    if (r->type == REDIS_REPLY_ERROR) {
      release(c, false);
      throw RedisReplyError(std::string(r->str, r->len));
    }
    done += piece.size();
  } while (done < bytes.size());
  release(c, false);
}

Reply RedisClient::eval(const LuaScript& script, const std::vector<std::string>& keys,
                        const std::vector<std::string>& args) {
  std::vector<std::string> cmd = {"EVALSHA", script.sha1, std::to_string(keys.size())};
  cmd.insert(cmd.end(), keys.begin(), keys.end());
  cmd.insert(cmd.end(), args.begin(), args.end());
  try {
    return command(cmd);
  } catch (const RedisReplyError& e) {
    if (std::string(e.what()).rfind("NOSCRIPT", 0) != 0) throw;
  }
  cmd[0] = "EVAL";
  cmd[1] = script.source;
  return command(cmd);
}

bool RedisClient::ping() {
  try {
    Reply r = command({"PING"}, std::chrono::milliseconds(500));
    return r->type == REDIS_REPLY_STATUS;
  } catch (const std::runtime_error&) {
    return false;
  }
}

std::string reply_string(const redisReply* r) {
  if (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS) {
    return std::string(r->str, r->len);
  }
  if (r->type == REDIS_REPLY_INTEGER) return std::to_string(r->integer);
  throw std::runtime_error("unexpected Redis reply type " + std::to_string(r->type));
}

long long reply_integer(const redisReply* r) {
  if (r->type == REDIS_REPLY_INTEGER) return r->integer;
  if (r->type == REDIS_REPLY_STRING) return std::stoll(std::string(r->str, r->len));
  throw std::runtime_error("unexpected Redis reply type " + std::to_string(r->type));
}

bool reply_is_nil(const redisReply* r) { return r->type == REDIS_REPLY_NIL; }

std::map<std::string, std::string> hash_fields(const redisReply* r) {
  std::map<std::string, std::string> out;
  if (r->type != REDIS_REPLY_ARRAY) return out;
  for (size_t i = 0; i + 1 < r->elements; i += 2) {
    out[reply_string(r->element[i])] = reply_string(r->element[i + 1]);
  }
  return out;
}

}  // namespace exodetect::store::detail
