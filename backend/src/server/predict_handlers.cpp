#include "exodetect/common/hashing.hpp"
#include "exodetect/ml/predictions_csv.hpp"
#include "handlers.hpp"

namespace exodetect::server::handlers {

using common::sha256_hex;

namespace {

constexpr size_t kMaxPredictRows = 100000;
// Rows x explained features per prediction response: each explained value costs about 100
// bytes of JSON, so this bounds a response near 50 MB.
constexpr size_t kMaxExplainedValues = 500000;
// Larger responses are recomputed rather than cached: one would evict many small ones.
constexpr size_t kMaxCachedResponseBytes = 1u << 20;

void check_explained_values(size_t rows, size_t top) {
  if (rows * std::max<size_t>(top, 1) > kMaxExplainedValues) {
    throw ApiError(400, "too_many_values",
                   std::to_string(rows) + " rows x " + std::to_string(top) +
                       " explained features is more than " + std::to_string(kMaxExplainedValues) +
                       " per request; send fewer rows or a smaller top_features");
  }
}

// The 422 of a request in which no row could be scored: the error, with each row's reason in
// "errors" as in a partial success.
Response unscorable(const nlohmann::json& errors, const std::string& request_id) {
  Response res =
      error_response(422, "no_scorable_rows", "no row could be scored; see 'errors'", request_id);
  nlohmann::json body = nlohmann::json::parse(res.body);
  body["errors"] = errors;
  res.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return res;
}

}  // namespace

Response predict(Service& s, Request& req) {
  auto model = s.require_model();
  const std::string id = model->id();
  const std::string key = "predict:" + id + ":" + sha256_hex(req.body);
  if (auto hit = s.backends.cache->get(key)) {
    Response res = Response::text(std::move(*hit), "application/json");
    res.headers.emplace_back("X-Cache", "hit");
    return res;
  }
  const auto body = req.json_body({"rows", "top_features"});
  if (!body.contains("rows") || !body["rows"].is_array()) {
    throw ApiError(400, "bad_request", "send {\"rows\": [{column: value, ...}, ...]}");
  }
  const auto& rows = body["rows"];
  if (rows.empty()) throw ApiError(400, "bad_request", "'rows' is empty");
  if (rows.size() > kMaxPredictRows) {
    throw ApiError(400, "bad_request",
                   "at most " + std::to_string(kMaxPredictRows) + " rows per request");
  }
  size_t top = ml::kDefaultTopFeatures;
  if (body.contains("top_features")) {
    const auto& t = body["top_features"];
    if (!t.is_number_integer() || t.get<int64_t>() < 0 || t.get<int64_t>() > 64) {
      throw ApiError(400, "bad_request", "'top_features' must be an integer in [0, 64]");
    }
    top = t.get<size_t>();
  }
  check_explained_values(rows.size(), top);
  // The summary's text per model, kept by each thread: it is the same for every request.
  thread_local std::pair<std::string, std::string> summary;  // model id, JSON text
  if (summary.first != id) summary = {id, model_summary(*model, true).dump()};
  Response res =
      Response::text(model->predict_rows_text(rows, top, summary.second), "application/json");
  // The answer's own "predictions" member: inside JSON strings every quote is escaped, so this
  // text only occurs as the member itself.
  if (res.body.find("\"predictions\":[]") != std::string::npos) {
    return unscorable(nlohmann::json::parse(res.body)["errors"], req.request_id);
  }
  if (res.body.size() <= kMaxCachedResponseBytes) s.backends.cache->put(key, res.body);
  res.headers.emplace_back("X-Cache", "miss");
  return res;
}

Response predict_batch(Service& s, Request& req) {
  auto model = s.require_model();
  auto files = req.files("file");
  if (files.empty()) {
    throw ApiError(400, "missing_file", "send a multipart/form-data upload with a 'file' part");
  }
  // One table per request, and no field the batch does not read (a top_features meant for
  // /predict would be ignored silently).
  if (files.size() > 1) {
    throw ApiError(400, "bad_request",
                   "send one 'file' part per batch, not " + std::to_string(files.size()));
  }
  for (const auto& part : req.parts) {
    if (part.name != "file") {
      throw ApiError(
          400, "bad_request",
          "unknown form field '" + part.name.substr(0, 60) + "': the batch takes one 'file' part");
    }
  }
  const std::string& bytes = files.front()->content;
  if (bytes.empty()) throw ApiError(400, "empty_file", "the uploaded file is empty");
  const std::string key = "batch:" + model->id() + ":" + sha256_hex(bytes);
  nlohmann::json out;
  bool hit = false;
  if (auto cached = s.backends.cache->get(key)) {
    out = nlohmann::json::parse(*cached, nullptr, false);
    hit = !out.is_discarded();
  }
  if (!hit) {
    nlohmann::json rows = client_input([&] { return ml::rows_from_csv_bytes(bytes); });
    if (rows.size() > kMaxPredictRows) {
      throw ApiError(400, "bad_request",
                     "at most " + std::to_string(kMaxPredictRows) + " rows per file");
    }
    check_explained_values(rows.size(), ml::kDefaultTopFeatures);
    out = model->predict_rows(rows, ml::kDefaultTopFeatures);
    out["model"] = model_summary(*model, true);
    std::string text = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() <= kMaxCachedResponseBytes) s.backends.cache->put(key, std::move(text));
  }
  if (out["predictions"].empty()) return unscorable(out["errors"], req.request_id);
  Response res;
  if (req.header("accept").find("text/csv") != std::string::npos) {
    res = Response::text(ml::predictions_csv(out, ml::kept_input_columns(bytes)),
                         "text/csv; charset=utf-8");
  } else {
    res = Response::json(out);
  }
  res.headers.emplace_back("X-Cache", hit ? "hit" : "miss");
  return res;
}

}  // namespace exodetect::server::handlers
