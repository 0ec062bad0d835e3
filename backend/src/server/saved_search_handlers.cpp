// A logged-in user's searches: the listing, deletion, and their own verdict and note on each
// candidate, kept in the store's SearchIndex beside the job.

#include <chrono>

#include "handlers.hpp"

namespace exodetect::server::handlers {
namespace {

constexpr size_t kMaxNoteChars = 2000;  // Unicode code points

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool owns(Service& s, const Request& req, const std::string& id) {
  auto owner = s.queue_call([&] { return s.backends.searches->owner(id); });
  return req.principal && owner && *owner == req.principal->email;
}

// Code points of UTF-8 text (the JSON parser has already refused invalid UTF-8); ApiError 400 for
// a control character other than newline and tab (C0, DEL and C1).
size_t checked_note_length(const std::string& note) {
  size_t chars = 0;
  for (size_t i = 0; i < note.size(); ++i) {
    const auto c = uint8_t(note[i]);
    const bool c1 = c == 0xC2 && i + 1 < note.size() && uint8_t(note[i + 1]) >= 0x80 &&
                    uint8_t(note[i + 1]) <= 0x9F;
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || c1) {
      throw ApiError(400, "invalid_note", "'note' must not contain control characters");
    }
    if ((c & 0xC0) != 0x80) ++chars;
  }
  return chars;
}

nlohmann::json annotation_json(const store::Annotation& a) {
  return {{"verdict", a.verdict}, {"note", a.note}, {"updated_ms", a.updated_ms}};
}

}  // namespace

void record_search_owner(Service& s, const Request& req, const std::string& id) {
  if (!req.principal) return;
  s.queue_call([&] { s.backends.searches->add(req.principal->email, id, now_ms()); });
}

void add_annotations(Service& s, const Request& req, nlohmann::json& search) {
  const std::string id = search["id"];
  search["mine"] = owns(s, req, id);
  auto& result = search["result"];
  if (!result.is_object() || !result.contains("candidates") || !result["candidates"].is_array()) {
    return;
  }
  const auto notes = s.queue_call([&] { return s.backends.searches->annotations(id); });
  auto& candidates = result["candidates"];
  for (size_t i = 0; i < candidates.size(); ++i) {
    auto it = notes.find(i);
    candidates[i]["annotation"] =
        it == notes.end() ? nlohmann::json() : annotation_json(it->second);
  }
}

Response list_my_searches(Service& s, Request& req) {
  const size_t offset = query_size(req, "offset", 0, 0, 1000000);
  const size_t limit = query_size(req, "limit", 20, 1, 100);
  const std::string& owner = req.principal->email;
  auto& index = *s.backends.searches;
  const size_t total = s.queue_call([&] { return index.count(owner); });
  const auto ids = s.queue_call([&] { return index.list(owner, offset, limit); });
  nlohmann::json items = nlohmann::json::array();
  size_t gone = 0;
  for (const auto& id : ids) {
    auto job = s.queue_call([&] { return s.backends.jobs->state(id); });
    if (!job) {  // expired with the job store's retention: forget it here too
      s.queue_call([&] { index.remove(id); });
      ++gone;
      continue;
    }
    nlohmann::json item = {{"id", job->id},
                           {"status", store::to_string(job->status)},
                           {"target", job->params.value("object", "")},
                           {"filenames", job->params.value("filenames", nlohmann::json::array())},
                           {"created_ms", job->created_ms},
                           {"url", "/api/v1/searches/" + job->id},
                           {"candidate_count", nullptr},
                           {"candidates", nlohmann::json::array()}};
    if (job->status == store::JobStatus::kDone) {
      nlohmann::json search = s.job_json(*job, true);
      add_annotations(s, req, search);
      const auto& found = search["result"].value("candidates", nlohmann::json::array());
      item["candidate_count"] = found.size();
      for (size_t i = 0; i < found.size(); ++i) {
        const auto& c = found[i];
        item["candidates"].push_back(
            {{"index", i},
             {"period", c.value("period", nlohmann::json())},
             {"label", c.value("label", nlohmann::json())},
             {"planet_probability", c.value("planet_probability", nlohmann::json())},
             {"annotation", c.value("annotation", nlohmann::json())}});
      }
    }
    items.push_back(std::move(item));
  }
  return Response::json(
      {{"searches", items}, {"total", total - gone}, {"offset", offset}, {"limit", limit}});
}

Response delete_search(Service& s, Request& req) {
  const store::Job job = s.require_job(req.path_params["id"], "search");
  if (req.principal->role != "admin" && !owns(s, req, job.id)) {
    throw ApiError(403, "forbidden", "only the search's owner or an admin can delete it");
  }
  if (job.status == store::JobStatus::kQueued || job.status == store::JobStatus::kRunning) {
    throw ApiError(409, "not_finished",
                   "the search is " + store::to_string(job.status) + "; delete it once it is done",
                   2);
  }
  s.queue_call([&] { return s.backends.jobs->remove(job.id); });
  s.queue_call([&] { s.backends.searches->remove(job.id); });
  return Response::text("", "application/json", 204);
}

Response put_annotation(Service& s, Request& req) {
  const store::Job job = s.require_job(req.path_params["id"], "search");
  if (!owns(s, req, job.id)) {
    throw ApiError(403, "forbidden", "only the search's owner can annotate its candidates");
  }
  const size_t n = candidate_index(req);
  const auto body = req.json_body({"verdict", "note"});
  store::Annotation a;
  if (!body.contains("verdict") || !body["verdict"].is_string() ||
      (body["verdict"] != "planet" && body["verdict"] != "false_positive" &&
       body["verdict"] != "unsure")) {
    throw ApiError(400, "invalid_verdict",
                   "'verdict' must be \"planet\", \"false_positive\" or \"unsure\"");
  }
  a.verdict = body["verdict"];
  if (body.contains("note") && !body["note"].is_null()) {
    if (!body["note"].is_string()) throw ApiError(400, "invalid_note", "'note' must be a string");
    a.note = body["note"];
    if (checked_note_length(a.note) > kMaxNoteChars) {
      throw ApiError(400, "invalid_note",
                     "'note' is longer than " + std::to_string(kMaxNoteChars) + " characters");
    }
  }
  finished_search_result(s, job, n, "its candidates can be annotated");
  a.updated_ms = now_ms();
  s.queue_call([&] { s.backends.searches->annotate(job.id, n, a); });
  return Response::json({{"id", job.id}, {"candidate", n}, {"annotation", annotation_json(a)}});
}

}  // namespace exodetect::server::handlers
