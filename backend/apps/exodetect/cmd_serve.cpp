// `exodetect serve`, `exodetect worker` and `exodetect healthcheck`.
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "exodetect/common/version.hpp"
#include "exodetect/server/api_server.hpp"
#include "exodetect/server/config.hpp"

namespace exodetect::cli {
namespace {

struct ServeArgs {
  std::string host = "0.0.0.0";
  int port = 8000;
  bool no_workers = false;
};

Registrar serve_command{
    {"serve", [](CLI::App& app) {
       auto args = std::make_shared<ServeArgs>();
       auto* sub = app.add_subcommand("serve",
                                      "serve the HTTP API (embedded store, or Redis when "
                                      "REDIS_URL/REDIS_HOST is set)");
       sub->add_option("--host", args->host, "address to listen on")->capture_default_str();
       sub->add_option("--port", args->port, "port to listen on")
           ->check(CLI::Range(0, 65535))
           ->capture_default_str();
       sub->add_flag("--no-workers", args->no_workers,
                     "with Redis: do not run jobs in this process (run `exodetect worker`s)");
       return std::function<int()>([args] {
         auto config = server::server_config_from_env();
         server::setup_logging(config.log_level, config.log_dir, "serve");
         config.host = args->host;
         config.port = args->port;
         if (args->no_workers && config.store.redis_url.empty()) {
           throw std::invalid_argument(
               "--no-workers needs Redis (REDIS_URL): the embedded queue is only served "
               "in-process");
         }
         std::shared_ptr<server::ApiServer> api;
         std::atomic<bool> stop_requested{false};
         // Signals are blocked before any thread starts, so only the handler thread receives them.
         server::install_shutdown_handler([&api, &stop_requested] {
           stop_requested = true;
           if (auto a = std::atomic_load(&api)) a->stop();
         });
         std::atomic_store(&api, std::make_shared<server::ApiServer>(config, !args->no_workers));
         const int port = api->bind();
         if (stop_requested) return 0;
         spdlog::info(R"("event":"listening","host":"{}","port":{},"version":"{}","store":"{}")",
                      config.host, port, kVersion,
                      config.store.redis_url.empty() ? "embedded" : "redis");
         api->serve();
         spdlog::info(R"("event":"stopped")");
         return 0;
       });
     }}};

Registrar worker_command{{"worker", [](CLI::App& app) {
                            auto name = std::make_shared<std::string>();
                            auto* sub = app.add_subcommand(
                                "worker", "run search/training jobs from the shared Redis queue");
                            sub->add_option("--name", *name, "worker name (default: host-pid)");
                            return std::function<int()>([name] {
                              auto config = server::server_config_from_env();
                              server::setup_logging(config.log_level, config.log_dir, "worker");
                              std::string worker_name = *name;
                              if (worker_name.empty()) {
                                char host[256] = {};
                                gethostname(host, sizeof host - 1);
                                worker_name = std::string(host) + "-" + std::to_string(::getpid());
                              }
                              return server::run_worker(config, worker_name);
                            });
                          }}};

// Consecutive checks that found no server answering, kept in a file between the container
// runtime's health-check runs.
class FailureCount {
 public:
  explicit FailureCount(std::string path) : path_(std::move(path)) {}
  int increment() const {
    int n = 0;
    std::ifstream(path_) >> n;
    std::ofstream(path_) << ++n;
    return n;
  }
  void reset() const {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }

 private:
  std::string path_;
};

// Only a container whose main process is exodetect itself is restarted: on a host, PID 1 is
// the init system.
bool main_process_is_exodetect() {
  std::string argv0;
  std::getline(std::ifstream("/proc/1/cmdline"), argv0, '\0');
  return std::filesystem::path(argv0).filename() == "exodetect";
}

struct HealthcheckArgs {
  std::string url = "http://127.0.0.1:8000/health";
  int timeout_s = 5;
  int restart_after = 0;
  std::string state_file =
      (std::filesystem::temp_directory_path() / "exodetect-healthcheck.failures").string();
};

Registrar healthcheck_command{
    {"healthcheck", [](CLI::App& app) {
       auto args = std::make_shared<HealthcheckArgs>();
       auto* sub =
           app.add_subcommand("healthcheck", "exit 0 when the API at --url reports status ok");
       sub->add_option("--url", args->url, "health URL")->capture_default_str();
       sub->add_option("--timeout", args->timeout_s, "seconds")
           ->check(CLI::Range(1, 300))
           ->capture_default_str();
       sub->add_option("--restart-after", args->restart_after,
                       "in a container whose main process is exodetect: stop it (SIGTERM, so the "
                       "restart policy starts it again) after this many consecutive checks that "
                       "found no server answering; 0: never. A degraded server (Redis down) "
                       "answers and is not restarted")
           ->check(CLI::Range(0, 1000))
           ->capture_default_str();
       sub->add_option("--state-file", args->state_file,
                       "where the count of consecutive failures is kept")
           ->capture_default_str();
       return std::function<int()>([args] {
         static const std::regex kUrl(R"(^(https?://[^/]+)(/.*)?$)");
         std::smatch m;
         if (!std::regex_match(args->url, m, kUrl)) {
           throw std::invalid_argument("--url must look like http://host:port/health");
         }
         httplib::Client client(m[1].str());
         client.set_connection_timeout(args->timeout_s, 0);
         client.set_read_timeout(args->timeout_s, 0);
         const std::string path = m[2].matched ? m[2].str() : "/health";
         auto res = client.Get(path.c_str());
         const FailureCount failures(args->state_file);
         if (!res || res->status >= 500) {
           const std::string why =
               res ? "HTTP " + std::to_string(res->status)
                   : "cannot reach " + args->url + " (" + httplib::to_string(res.error()) + ")";
           const int n = failures.increment();
           if (args->restart_after > 0 && n >= args->restart_after) {
             if (main_process_is_exodetect() && ::kill(1, SIGTERM) == 0) {
               failures.reset();
               print_error("unhealthy: " + why + " " + std::to_string(n) +
                           " times in a row; stopping the server so that it restarts");
               return 1;
             }
             print_error("unhealthy: " + why + " " + std::to_string(n) +
                         " times in a row (not restarted: the main process is not exodetect)");
             return 1;
           }
           print_error("unhealthy: " + why);
           return 1;
         }
         failures.reset();
         auto body = nlohmann::json::parse(res->body, nullptr, false);
         const std::string status =
             body.is_object() && body.contains("status") && body["status"].is_string()
                 ? body["status"].get<std::string>()
                 : "";
         if (res->status != 200 || status != "ok") {
           print_error("unhealthy: HTTP " + std::to_string(res->status) + " status '" + status +
                       "'");
           return 1;
         }
         std::cout << "ok\n";
         return 0;
       });
     }}};

}  // namespace
}  // namespace exodetect::cli
