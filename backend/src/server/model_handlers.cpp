#include <algorithm>

#include <spdlog/spdlog.h>

#include "exodetect/server/jobs.hpp"
#include "handlers.hpp"

namespace exodetect::server::handlers {
namespace {

// The model id of the path; ApiError 400 unless it is a plain file-name-like id.
const std::string& model_id(Request& req) {
  const std::string& id = req.path_params["id"];
  const bool ok = !id.empty() && id.size() <= 128 && id != "." && id != ".." &&
                  std::all_of(id.begin(), id.end(), [](char c) {
                    return std::isalnum(uint8_t(c)) || c == '-' || c == '_' || c == '.';
                  });
  if (!ok) throw ApiError(400, "invalid_id", "malformed model id");
  return id;
}

}  // namespace

Response list_models(Service& s, Request&) {
  s.models->refresh();
  auto active = s.models->active();
  nlohmann::json list = nlohmann::json::array();
  for (const auto& m : s.models->list()) list.push_back(model_summary(*m, m == active));
  return Response::json(
      {{"models", list}, {"active", active ? nlohmann::json(active->id()) : nlohmann::json()}});
}

Response get_model(Service& s, Request& req) {
  const std::string& id = model_id(req);
  s.models->refresh();
  auto model = s.models->find(id);
  if (!model) throw ApiError(404, "not_found", "no model " + id);
  nlohmann::json out = model->card();
  out["id"] = model->id();
  out["active"] = model == s.models->active();
  return Response::json(out);
}

Response train_model(Service& s, Request& req) {
  const nlohmann::json body = req.body.empty() ? nlohmann::json::object() : req.json_body();
  auto params = client_input([&] { return train_params_from_json(body); });
  params["requested_by"] = req.principal->email;
  const std::string id = s.queue_call([&] { return s.backends.jobs->submit("train", params, {}); });
  Response res = Response::json(
      {{"id", id}, {"status", "queued"}, {"status_url", "/api/v1/models/train/" + id}}, 202);
  res.headers.emplace_back("Location", "/api/v1/models/train/" + id);
  return res;
}

Response get_train_job(Service& s, Request& req) {
  return Response::json(s.job_json(s.require_job(req.path_params["id"], "train"), true));
}

Response activate_model(Service& s, Request& req) {
  const std::string& id = model_id(req);
  s.models->refresh();
  try {
    s.models->activate(id);
  } catch (const std::out_of_range&) {
    throw ApiError(404, "not_found", "no model " + id);
  }
  spdlog::info(R"("event":"model_activated","model":{},"by":{})", json_string(id),
               json_string(req.principal->email));
  return Response::json({{"active", id}, {"model", model_summary(*s.models->find(id), true)}});
}

}  // namespace exodetect::server::handlers
