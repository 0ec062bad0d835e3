// `exodetect survey DIR_OR_LIST...`: search many stars' light curves in parallel, one result line
// per star, resumable, a bad file reported and skipped; locally, or with --redis spread over
// `exodetect worker` processes through the API's job queue.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <list>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "command.hpp"
#include "exodetect/common/csv.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/common/thread_pool.hpp"
#include "exodetect/fit/fit_json.hpp"
#include "exodetect/store/backends.hpp"
#include "search_options.hpp"

namespace exodetect::cli {

using common::csv_cell;
using common::CsvTable;
using common::parallel_for;
using common::parse_csv;
using common::read_file_bytes;
using common::resolve_threads;
using detect::detect_planets;
using detect::DetectionReport;
using detect::DetectOptions;
using detect::report_to_json;
using detect::search_parameters;
using detect::SearchParameters;
using lightcurve::LightCurve;
using lightcurve::read_light_curve;
using lightcurve::ReadOptions;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

// The first entry of a list: its first line that is neither blank nor a '#' comment.
std::string first_entry(const std::string& text) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    line = trim(line);
    if (!line.empty() && line[0] != '#') return line;
  }
  return "";
}

// A source file that is itself a light curve (a FITS file, or a table whose first entry names
// no file and that reads as one with the survey's read options) is one star; any other file is
// a list of paths. `text` is the file's content, already read.
bool is_one_star(const std::string& source, const std::string& text, const fs::path& base,
                 const ReadOptions& read) {
  if (text.find('\0') == std::string::npos) {
    const fs::path entry(first_entry(text));
    std::error_code ec;
    if (entry.empty() || fs::exists(entry.is_relative() ? base / entry : entry, ec)) return false;
  }
  try {
    lightcurve::read_light_curve_bytes(text, source, read);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// Light-curve files of a folder (not hidden, sorted), a light-curve file itself, or the paths
// listed one per line in a text file ('#' comments; relative paths are relative to the list's
// folder).
std::vector<std::string> collect_inputs(const std::vector<std::string>& sources,
                                        const ReadOptions& read) {
  std::vector<std::string> files;
  for (const auto& source : sources) {
    std::error_code ec;
    if (fs::is_directory(source, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::directory_iterator(source, ec)) {
        std::string name = entry.path().filename().string();
        // With the error code: a symlink loop (ELOOP) is skipped as any other non-file entry.
        if (entry.is_regular_file(ec) && !name.empty() && name[0] != '.') {
          found.push_back(entry.path().string());
        }
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(source, ec)) {
      std::string text = read_file_bytes(source);
      fs::path base = fs::path(source).parent_path();
      if (is_one_star(source, text, base, read)) {
        files.push_back(source);
        continue;
      }
      if (text.find('\0') != std::string::npos) {
        throw std::invalid_argument("'" + source +
                                    "' is not a folder or a text list of light-curve paths");
      }
      std::istringstream lines(text);
      std::string line;
      while (std::getline(lines, line)) {
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        fs::path p(line);
        files.push_back((p.is_relative() ? base / p : p).lexically_normal().string());
      }
    } else {
      throw std::invalid_argument("'" + source + "': no such folder or list file");
    }
  }
  if (files.empty()) throw std::invalid_argument("no light-curve files to survey");
  return files;
}

const std::vector<std::string> kCsvCandidateColumns = {"period",
                                                       "period_err",
                                                       "t0",
                                                       "t0_bjd",
                                                       "duration_hours",
                                                       "depth_ppm",
                                                       "depth_err_ppm",
                                                       "snr",
                                                       "sde",
                                                       "transit_count",
                                                       "transits_with_data",
                                                       "odd_even_mismatch",
                                                       "secondary_depth_ppm",
                                                       "secondary_snr",
                                                       "sine_box_loglike_diff",
                                                       "rp_rs",
                                                       "planet_radius_earth",
                                                       "planet_probability"};

// The star searched with (values, then "key=source" pairs) and the model that scored it.
const std::vector<std::string> kCsvStarColumns = {"teff_k", "logg_cgs", "radius_sun", "mass_sun",
                                                  "magnitude"};

std::string csv_header() {
  std::string h = "file,status,error,target,mission,n_used,span_days,candidate";
  for (const auto& c : kCsvCandidateColumns) h += "," + c;
  h += ",flags";
  for (const auto& c : kCsvStarColumns) h += ",star_" + c;
  return h + ",star_sources,scored_with,single_event_t0";
}

std::string csv_star(const json& doc) {
  const json star = doc["input"].value("stellar", json::object());
  const json by_value = star.value("sources", json::object());
  std::string out, sources;
  for (const auto& c : kCsvStarColumns) out += "," + (star.contains(c) ? csv_value(star[c]) : "");
  for (const auto& [key, s] : by_value.items()) {
    sources += (sources.empty() ? "" : ";") + key + "=" + s.value("source", "");
  }
  const json scorer = doc.contains("model") ? doc["model"]["scored_with"]["id"] : json();
  return out + "," + csv_cell(sources) + "," + csv_value(scorer);
}

// The star's single transits (input time system, days), the same on each of its rows.
std::string csv_single_events(const json& doc) {
  std::string t0s;
  for (const auto& e : doc.value("single_events", json::array())) {
    t0s += (t0s.empty() ? "" : ";") + csv_value(e["t0"]);
  }
  return "," + csv_cell(t0s);
}

// One CSV row per candidate (one row with empty candidate columns when there is none).
std::string csv_rows(const std::string& file, const json& doc, const std::string& error) {
  std::string prefix = csv_cell(file) + (error.empty() ? ",ok," : ",error," + csv_cell(error));
  if (!error.empty()) {
    return prefix + ",,,,," +
           std::string(kCsvCandidateColumns.size() + 1 + kCsvStarColumns.size() + 3, ',') + "\n";
  }
  const auto& in = doc["input"];
  prefix += "," + csv_value(in["target"]) + "," + csv_value(in["mission"]) + "," +
            csv_value(in["n_used"]) + "," + csv_value(in["span_days"]);
  std::string out;
  const auto& cands = doc["candidates"];
  const std::string star = csv_star(doc) + csv_single_events(doc);  // the same on every row
  if (cands.empty()) {
    return prefix + "," + std::string(kCsvCandidateColumns.size() + 1, ',') + star + "\n";
  }
  for (size_t i = 0; i < cands.size(); ++i) {
    std::string row = prefix + "," + std::to_string(i + 1);
    for (const auto& col : kCsvCandidateColumns) {
      row += "," + (cands[i].contains(col) ? csv_value(cands[i][col]) : std::string());
    }
    std::string flags;
    for (const auto& f : cands[i]["flags"])
      flags += (flags.empty() ? "" : ";") + f.get<std::string>();
    out += row + "," + csv_cell(flags) + star + "\n";
  }
  return out;
}

// Files already in an earlier output (any status), so an interrupted survey resumes. A last
// line cut off by the interruption is removed, but only from an output of this format: any
// other file (a light curve, notes, a .gz, the other format) is refused and left as it is, since
// a swapped argument must not truncate a user's data.
std::set<std::string> finished_files(const std::string& out_path, bool csv) {
  std::set<std::string> done;
  std::error_code ec;
  if (!fs::is_regular_file(out_path, ec)) return done;
  std::string text;
  common::read_file_into(out_path, text);  // as it is on disk: a gzip is not an output
  if (text.empty()) return done;
  const auto not_an_output = [&] {
    return std::invalid_argument("'" + out_path + "' is not a survey output in " +
                                 (csv ? "CSV" : "JSON lines") +
                                 " (--format): it is left as it is; choose another --out");
  };
  size_t complete = text.rfind('\n');
  complete = complete == std::string::npos ? 0 : complete + 1;
  const std::string_view torn = std::string_view(text).substr(complete);
  // Every survey CSV starts with this header (perhaps torn); one with other columns is not
  // appended to either.
  const std::string header = csv_header() + "\n";
  const size_t n = std::min(text.size(), header.size());
  if (csv && text.compare(0, n, header, 0, n) != 0) throw not_an_output();
  if (!csv && !torn.empty() && torn.front() != '{') throw not_an_output();
  if (text.find('\0') != std::string::npos) throw not_an_output();
  std::istringstream lines(text.substr(0, complete));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    if (csv) {
      CsvTable row = parse_csv(line, {false});
      if (!row.rows.empty() && !row.rows[0].empty() && row.rows[0][0] != "file") {
        done.insert(row.rows[0][0]);
      }
    } else {
      json j = json::parse(line, nullptr, false);
      if (!j.is_object() || !j.contains("file") || !j["file"].is_string()) throw not_an_output();
      done.insert(j["file"].get<std::string>());
    }
  }
  if (complete < text.size()) fs::resize_file(out_path, complete);
  return done;
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  int s = static_cast<int>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  return buf;
}

// Stars in flight on the Redis queue when --jobs is 0: enough to keep many workers busy while
// staying under the queue's default bound (EXODETECT_MAX_QUEUE, 64).
constexpr size_t kDefaultRedisWindow = 32;

// The most stars searched (or in flight on the queue) at once: --threads's bound.
constexpr int kMaxJobs = 1024;

using WriteResult =
    std::function<void(const std::string& path, const json& doc, const std::string& error)>;

// The path of a star relative to the shared folder, as workers name it (--shared-dir), or an
// error when the star is not inside it.
std::string shared_relative(const std::string& path, const std::string& shared_dir) {
  const fs::path root = fs::absolute(shared_dir).lexically_normal();
  const fs::path rel = fs::absolute(path).lexically_normal().lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") {
    throw std::invalid_argument("'" + path + "' is not inside --shared-dir '" + shared_dir + "'");
  }
  return rel.generic_string();
}

// --redis: each star becomes a "survey" job on the API's Redis Streams queue, searched by any
// number of `exodetect worker` processes; results are written as they finish. With a shared
// folder the job names the star's path in it instead of carrying the file.
void survey_on_queue(const std::string& redis_url, const std::string& shared_dir,
                     const std::vector<std::string>& todo, const json& params, size_t window,
                     const WriteResult& write_result) {
  store::StoreConfig config = store::store_config_from_env();
  config.redis_url = redis_url;
  // The rate limiter is not used by a survey client; the values only have to be valid.
  std::shared_ptr<store::JobQueue> queue = store::make_backends(config, 60, 1).jobs;
  struct InFlight {
    std::string id, path;
  };
  std::list<InFlight> in_flight;
  size_t next = 0;
  while (next < todo.size() || !in_flight.empty()) {
    while (next < todo.size() && in_flight.size() < window) {
      const std::string& path = todo[next];
      try {
        json p = params;
        p["filenames"] = {path};
        std::vector<std::string> blobs;
        if (shared_dir.empty()) {
          blobs.push_back(read_file_bytes(path));
        } else {
          p["shared_path"] = shared_relative(path, shared_dir);
        }
        in_flight.push_back({queue->submit("survey", p, blobs), path});
      } catch (const store::QueueFull&) {
        break;  // the queue is full (other clients too): wait for room
      } catch (const std::invalid_argument& e) {
        write_result(path, json(), e.what());
      }
      ++next;
    }
    bool finished_any = false;
    for (auto it = in_flight.begin(); it != in_flight.end();) {
      std::optional<store::Job> job = queue->get(it->id);
      // Workers claim jobs in submission order, so past a job still queued the rest are queued
      // too (a redelivered one only comes later): the scan stops there, which keeps the
      // client's polls to the running jobs however many are in flight.
      if (job && job->status == store::JobStatus::kQueued) break;
      if (job && job->status == store::JobStatus::kRunning) {
        ++it;
        continue;
      }
      if (!job) {
        write_result(it->path, json(), "the survey job expired from the queue");
      } else if (job->status == store::JobStatus::kDone) {
        write_result(it->path, job->result, "");
      } else {
        write_result(it->path, json(), job->error_message);
      }
      it = in_flight.erase(it);
      finished_any = true;
    }
    if (!finished_any) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

struct SurveyCommand {
  std::vector<std::string> sources;
  SearchCliOptions options;
  int jobs = 0;
  std::string out_path;
  std::string format = "jsonl";
  std::string redis_url;
  std::string shared_dir;

  // The search settings a worker needs to run one star exactly as a local survey would.
  json job_params(const SearchParameters& params) const {
    json p = parameters_json(search_parameters(), params);
    p["score"] = options.score;
    return p;
  }

  int run() const {
    const bool csv = format == "csv";
    const SearchParameters params = options.parameters();
    DetectOptions detect = params.detect;
    const ReadOptions& read = params.read;
    // Bounded as --threads is: each job is a thread with its own read buffers.
    if (jobs < 0 || jobs > kMaxJobs) {
      throw std::invalid_argument("--jobs must be in [0, " + std::to_string(kMaxJobs) +
                                  "] (0: all cores), got " + std::to_string(jobs));
    }
    const bool on_queue = !redis_url.empty();
    if (on_queue && params.fit) throw std::invalid_argument("--fit does not apply with --redis");
    if (on_queue && !options.model_path.empty()) {
      throw std::invalid_argument(
          "--model does not apply with --redis: workers score with their own MODEL_PATH");
    }
    if (!shared_dir.empty() && !on_queue) {
      throw std::invalid_argument("--shared-dir applies only with --redis");
    }
    std::error_code ec;
    if (!shared_dir.empty() && !fs::is_directory(shared_dir, ec)) {
      throw std::invalid_argument("--shared-dir '" + shared_dir + "' is not a folder");
    }
    const unsigned workers = resolve_threads(jobs);
    if (workers > 1) detect.threads = 1;  // parallel over stars, not inside one search
    std::shared_ptr<const ml::Model> model;
    if (options.score && !on_queue) model = load_scoring_model(options.model_path);

    std::vector<std::string> all = collect_inputs(sources, read);
    std::set<std::string> done;
    if (!out_path.empty()) done = finished_files(out_path, csv);
    // A star listed twice (a list and its folder, a repeated line) is searched and written once:
    // one star, one result line, as resuming counts them.
    std::vector<std::string> todo;
    std::set<std::string> listed;
    size_t repeated = 0;
    for (const auto& f : all) {
      if (!listed.insert(f).second) {
        ++repeated;
      } else if (!done.count(f)) {
        todo.push_back(f);
      }
    }

    std::ofstream file_out;
    std::ostream* out = &std::cout;
    if (!out_path.empty()) {
      std::error_code ec;
      bool fresh = !fs::exists(out_path, ec) || fs::file_size(out_path, ec) == 0;
      file_out.open(out_path, std::ios::app);
      if (!file_out) throw std::invalid_argument("cannot write '" + out_path + "'");
      out = &file_out;
      if (csv && fresh) *out << csv_header() << "\n";
    } else if (csv) {
      *out << csv_header() << "\n";
    }

    const bool tty = stderr_is_terminal();
    const auto start = Clock::now();
    auto last_report = start;
    std::mutex mutex;
    size_t finished = 0, errors = 0;
    auto report_progress = [&](bool final_line) {
      double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
      double rate = elapsed > 0 ? finished / elapsed : 0.0;
      double eta = rate > 0 ? (todo.size() - finished) / rate : NAN;
      std::fprintf(stderr, "%ssurvey: %zu/%zu stars, %zu errors, %.2f stars/s, ETA %s%s",
                   tty ? "\r" : "", finished, todo.size(), errors, rate,
                   format_duration(eta).c_str(), tty && !final_line ? "" : "\n");
      std::fflush(stderr);
    };
    if (repeated > 0) {
      std::fprintf(stderr, "survey: %zu files listed more than once, each searched once\n",
                   repeated);
    }
    if (!done.empty()) {
      std::fprintf(stderr, "survey: %zu of %zu stars already in '%s', skipped\n",
                   listed.size() - todo.size(), listed.size(), out_path.c_str());
    }

    WriteResult write_result = [&](const std::string& path, const json& doc,
                                   const std::string& error) {
      std::string line;
      if (csv) {
        line = csv_rows(path, doc, error);
      } else {
        json row = {{"file", path}, {"status", error.empty() ? "ok" : "error"}};
        if (error.empty()) {
          for (auto it = doc.begin(); it != doc.end(); ++it) row[it.key()] = it.value();
        } else {
          row["error"] = error;
        }
        line = row.dump() + "\n";
      }
      std::lock_guard<std::mutex> lock(mutex);
      *out << line << std::flush;
      ++finished;
      if (!error.empty()) ++errors;
      auto now = Clock::now();
      double since = std::chrono::duration<double>(now - last_report).count();
      if (tty ? since > 0.2 : since > 5.0) {
        report_progress(false);
        last_report = now;
      }
    };
    if (on_queue) {
      survey_on_queue(redis_url, shared_dir, todo, job_params(params),
                      jobs > 0 ? static_cast<size_t>(jobs) : kDefaultRedisWindow, write_result);
    } else {
      parallel_for(todo.size(), 1, workers, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
          const std::string& path = todo[i];
          json doc;
          std::string error;
          // Each thread's file and inflate buffers serve all its stars (about 3 MB a TESS file).
          thread_local lightcurve::ReadBuffers buffers;
          try {
            LightCurve lc = read_light_curve(path, read, buffers);
            resolve_light_curve_star(lc, params.star, options);
            DetectionReport report = detect_planets(lc, detect);
            doc = report_to_json(report);
            // The stages after the search, timed beside detect's own (wall ms, as those are).
            auto ms_since = [](Clock::time_point t) {
              return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
            };
            if (model) {
              const auto t = Clock::now();
              ml::score_candidates(*model, report, doc);
              doc["timing_ms"]["scoring"] = ms_since(t);
            }
            if (params.fit) {
              const auto t = Clock::now();
              // One thread per fit: stars already run in parallel.
              fit::add_candidate_fits(report, doc, fit::fit_options(params, 1), false);
              doc["timing_ms"]["fit"] = ms_since(t);
            }
          } catch (const std::exception& e) {
            error = e.what();
          }
          write_result(path, doc, error);
        }
      });
    }
    report_progress(true);
    if (!*out) throw std::runtime_error("writing the survey output failed");
    return 0;
  }
};

const Registrar kRegistrar{Command{
    "survey", [](CLI::App& app) {
      auto cmd = std::make_shared<SurveyCommand>();
      CLI::App* sub = app.add_subcommand(
          "survey", "Search many stars' light curves in parallel, one result line per star");
      sub->add_option("sources", cmd->sources,
                      "Folders of light curves, light-curve files, or text files listing one "
                      "path per line")
          ->required();
      sub->add_option("--jobs", cmd->jobs,
                      "Stars searched at once (0: all cores; with --redis: stars in flight on "
                      "the queue, 0: 32); in [0, 1024]")
          ->capture_default_str();
      sub->add_option("--redis", cmd->redis_url,
                      "Spread the stars over `exodetect worker` processes through this Redis "
                      "(redis://[:password@]host:port[/db], the API's job queue)");
      sub->add_option("--shared-dir", cmd->shared_dir,
                      "With --redis: the stars are in this folder, which every worker also "
                      "mounts (as its EXODETECT_SURVEY_DIR); jobs name each star's path in it "
                      "instead of uploading the file");
      sub->add_option("--out", cmd->out_path,
                      "Output file, appended to; stars already in it are skipped (default stdout)");
      sub->add_option("--format", cmd->format, "Output: jsonl or csv")
          ->check(CLI::IsMember({"jsonl", "csv"}))
          ->capture_default_str();
      add_search_options(*sub, cmd->options);
      return std::function<int()>([cmd] { return cmd->run(); });
    }}};

}  // namespace
}  // namespace exodetect::cli
