#include <filesystem>
#include <thread>

#include "exodetect/catalog/star.hpp"
#include "exodetect/common/hashing.hpp"
#include "exodetect/detect/search_parameters.hpp"
#include "exodetect/lightcurve/light_curve.hpp"
#include "exodetect/server/jobs.hpp"
#include "handlers.hpp"

namespace exodetect::server::handlers {

using common::sha256_hex;
using detect::search_parameters_from_json;
using detect::SearchParameters;
using detect::validate_search;
using lightcurve::LightCurve;

namespace {

std::string sanitize_filename(const std::string& name, size_t index) {
  std::string base = std::filesystem::path(name).filename().string();
  std::string out;
  for (char c : base) {
    if (std::isalnum(uint8_t(c)) || c == '.' || c == '-' || c == '_') out += c;
  }
  if (out.empty() || out == "." || out == "..") out = "upload-" + std::to_string(index + 1);
  return out.substr(0, 200);
}

// The 202 answer pointing at the job.
Response accepted(const std::string& id, const std::string& status, bool cached) {
  Response res = Response::json({{"id", id},
                                 {"status", status},
                                 {"status_url", "/api/v1/searches/" + id},
                                 {"cached", cached}},
                                202);
  res.headers.emplace_back("Location", "/api/v1/searches/" + id);
  res.headers.emplace_back("X-Cache", cached ? "hit" : "miss");
  return res;
}

}  // namespace

Response create_search(Service& s, Request& req) {
  if (!req.header("content-type").empty() &&
      req.header("content-type").find("multipart/form-data") == std::string::npos) {
    throw ApiError(415, "unsupported_media_type", "send multipart/form-data with 'file' parts");
  }
  // The uploads' bytes move from the request to the queue: they are never copied on the way.
  std::vector<std::string> names, blobs;
  for (UploadedPart& part : req.parts) {
    if (part.name != "file" || part.filename.empty()) continue;
    names.push_back(sanitize_filename(part.filename, names.size()));
    if (part.content.empty()) throw ApiError(400, "empty_file", names.back() + " is empty");
    blobs.push_back(std::move(part.content));
  }
  if (blobs.empty()) {
    throw ApiError(400, "missing_file", "send one or more light curves as multipart 'file' parts");
  }
  if (blobs.size() > store::kMaxJobInputs) {
    throw ApiError(400, "bad_request",
                   "at most " + std::to_string(store::kMaxJobInputs) + " files per search");
  }
  std::map<std::string, std::string> fields;
  for (const auto& part : req.parts) {
    // A field given twice has no one value to take.
    if (part.filename.empty() && !fields.emplace(part.name, part.content).second) {
      throw ApiError(400, "bad_request", "form field '" + part.name + "' is given more than once");
    }
  }
  nlohmann::json params = client_input([&] { return search_params_from_fields(fields); });
  const SearchParameters search = search_parameters_from_json(params);
  // A target the catalogues do not hold is the client's mistake: say so now, not in a failed job.
  if (!search.star.target.empty()) {
    client_input(
        [&] {
          return catalog::lookup_star(s.config.catalog_dir,
                                      catalog::parse_target(search.star.target));
        },
        "unknown_target");
  }

  // The same bytes and parameters are the same search whatever the files are called (the key
  // is taken before the names join the params), so renaming an upload does not queue and store
  // it again.
  std::string digest;
  for (const std::string& blob : blobs) digest += sha256_hex(blob);
  auto model = s.models->active();
  // Each user's searches are their own (to list, annotate, delete): a logged-in user reuses
  // only their own earlier job, an anonymous request only an anonymous one.
  const std::string owner = req.principal ? req.principal->email : "";
  const std::string key =
      "search:" + sha256_hex(digest + params.dump() + (model ? model->id() : "") + "\n" + owner);
  if (auto cached_id = s.backends.cache->get(key)) {
    if (store::valid_job_id(*cached_id)) {
      auto job = s.queue_call([&] { return s.backends.jobs->state(*cached_id); });
      if (job && job->status != store::JobStatus::kFailed) {
        return accepted(job->id, store::to_string(job->status), true);
      }
    }
  }

  // Reading the files now answers junk with a 400 at once instead of a failed job later. The
  // light curve's arrays are freed before the upload goes to the queue, so the two never add up.
  {
    const LightCurve curve = client_input(
        [&] { return read_search_light_curve(blobs, names, params); }, "invalid_light_curve");
    const double period_min = search.detect.period_min_days;
    if (curve.span_days() < 2 * period_min) {
      throw ApiError(400, "invalid_light_curve",
                     "the light curve spans " + std::to_string(curve.span_days()) +
                         " days, too short for two transits at period_min");
    }
    // The search's size (trial periods x durations for this span) is refused now, not in a job.
    client_input([&] {
      validate_search(curve, search.detect);
      return 0;
    });
    params["object"] = curve.target;  // the file's own id ("target" is the star asked for)
  }
  params["filenames"] = names;

  const std::string id =
      s.queue_call([&] { return s.backends.jobs->submit("search", params, std::move(blobs)); });
  record_search_owner(s, req, id);
  s.backends.cache->put(key, id);
  return accepted(id, "queued", false);
}

Response get_search(Service& s, Request& req) {
  nlohmann::json search = s.job_json(s.require_job(req.path_params["id"], "search"), true);
  add_annotations(s, req, search);
  return Response::json(search);
}

Response search_events(Service& s, Request& req) {
  const store::Job first = s.require_job(req.path_params["id"], "search");
  auto slot = s.streams.acquire(req.client);
  if (!slot) {
    throw ApiError(429, "too_many_streams",
                   "too many open progress streams from this client or in all; poll the job", 5);
  }
  Response res;
  res.content_type = "text/event-stream";
  const std::string id = first.id;
  const auto max_duration = std::chrono::seconds(s.config.sse_max_s);
  res.stream = [&s, id, max_duration, slot](const std::function<bool(std::string_view)>& write) {
    const auto start = Clock::now();
    auto last_write = start;
    std::string last_state;
    while (!s.stopping && Clock::now() - start < max_duration) {
      std::optional<store::Job> job;
      try {
        job = s.backends.jobs->state(id);
      } catch (const std::exception&) {
        // Backend briefly unreachable: keep the stream and try again.
      }
      if (job) {
        if (job->status == store::JobStatus::kDone) {
          write("event: result\ndata: " +
                s.job_json(*job, true)
                    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                "\n\n");
          return;
        }
        if (job->status == store::JobStatus::kFailed) {
          write("event: error\ndata: " + s.job_json(*job, false).dump() + "\n\n");
          return;
        }
        nlohmann::json progress = {{"id", id},
                                   {"status", store::to_string(job->status)},
                                   {"progress", job->progress},
                                   {"stage", job->stage}};
        std::string state = progress.dump();
        if (state != last_state) {
          if (!write("event: progress\ndata: " + state + "\n\n")) return;
          last_state = std::move(state);
          last_write = Clock::now();
        }
      }
      if (Clock::now() - last_write > std::chrono::seconds(15)) {
        if (!write(": keep-alive\n\n")) return;
        last_write = Clock::now();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    write("event: timeout\ndata: {}\n\n");
  };
  return res;
}

Response search_plot_data(Service& s, Request& req) {
  const store::Job job = s.require_job(req.path_params["id"], "search");
  const size_t points = query_size(req, "points", 2000, 50, 1000000);
  auto result = finished_search_result(s, job, "plot data exists");
  const size_t level = plot_level(points);
  const auto& plots = (*result)["plot_data"];
  const std::string key = std::to_string(level);
  if (!plots.contains(key)) throw std::runtime_error("search result lacks plot data");
  nlohmann::json out = plots[key];
  out["points_requested"] = points;
  out["points_level"] = level;
  return Response::json(out);
}

}  // namespace exodetect::server::handlers
