#include <algorithm>
#include <stdexcept>

#include "exodetect/detect/search_parameters.hpp"
#include "exodetect/ml/model.hpp"
#include "exodetect/ml/train_parameters.hpp"
#include "exodetect/server/api_server.hpp"
#include "exodetect/server/jobs.hpp"

// The OpenAPI 3.0 document. The frontend generates its TypeScript types from it, so schemas are
// spelled out; every route of the router must have an operation here (checked at startup).
namespace exodetect::server {
namespace {

using json = nlohmann::json;

json ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }
json nullable(json schema) {
  if (schema.contains("$ref")) return {{"allOf", json::array({schema})}, {"nullable", true}};
  schema["nullable"] = true;
  return schema;
}
json number(const std::string& description = "") {
  json s = {{"type", "number"}};
  if (!description.empty()) s["description"] = description;
  return s;
}
json integer(const std::string& description = "") {
  json s = {{"type", "integer"}};
  if (!description.empty()) s["description"] = description;
  return s;
}
json string(const std::string& description = "") {
  json s = {{"type", "string"}};
  if (!description.empty()) s["description"] = description;
  return s;
}
json array(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
json object(json properties, std::vector<std::string> required, bool open = false) {
  json s = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) s["required"] = required;
  if (open) s["additionalProperties"] = true;
  return s;
}
json json_content(json schema) { return {{"application/json", {{"schema", std::move(schema)}}}}; }
json response(const std::string& description, json schema) {
  return {{"description", description}, {"content", json_content(std::move(schema))}};
}
json path_param(const std::string& name, const std::string& description, json schema = string()) {
  return {{"name", name},
          {"in", "path"},
          {"required", true},
          {"description", description},
          {"schema", std::move(schema)}};
}
json query_param(const std::string& name, const std::string& description, json schema) {
  return {{"name", name},
          {"in", "query"},
          {"required", false},
          {"description", description},
          {"schema", std::move(schema)}};
}

// F1 overall, or per class ({"planet": 0.9, "false_positive": 0.93}).
json f1_schema() {
  return {
      {"oneOf", json::array({number(), {{"type", "object"}, {"additionalProperties", number()}}})}};
}

json schemas() {
  json s;
  s["Error"] =
      object({{"error", object({{"code", string("machine-readable code, e.g. bad_request")},
                                {"message", string("what went wrong, for people")},
                                {"request_id", string("the X-Request-Id of the request")}},
                               {"code", "message"})},
              {"errors", array(ref("RowError"))}},
             {"error"});
  s["Health"] =
      object({{"status", {{"type", "string"}, {"enum", {"ok", "degraded"}}}},
              {"version", string()},
              {"uptime_s", number("seconds since the server started")},
              {"model", object({{"loaded", {{"type", "boolean"}}},
                                {"id", nullable(string())},
                                {"version", nullable(string())}},
                               {"loaded", "id", "version"})},
              {"cache", object({{"backend", {{"type", "string"}, {"enum", {"embedded", "redis"}}}},
                                {"reachable", {{"type", "boolean"}}}},
                               {"backend", "reachable"})},
              {"queue", object({{"backend", {{"type", "string"}, {"enum", {"embedded", "redis"}}}},
                                {"reachable", {{"type", "boolean"}}},
                                {"depth", nullable(integer("jobs queued or running"))}},
                               {"backend", "reachable", "depth"})}},
             {"status", "version", "uptime_s", "model", "cache", "queue"});
  s["FeatureRow"] = {
      {"type", "object"},
      {"description",
       "One object of KOI (koi_*), TOI (pl_*/st_*) or canonical column names; values are numbers, "
       "numeric strings or null. Unknown columns are listed in ignored_columns."},
      {"additionalProperties", {{"oneOf", json::array({number(), string()})}, {"nullable", true}}}};
  s["PredictRequest"] = object(
      {{"rows",
        {{"type", "array"}, {"items", ref("FeatureRow")}, {"minItems", 1}, {"maxItems", 100000}}},
       {"top_features",
        {{"type", "integer"},
         {"minimum", 0},
         {"maximum", 64},
         {"default", 8},
         {"description", "explanation entries per prediction"}}}},
      {"rows"});
  s["Explanation"] = object({{"feature", string("canonical feature name")},
                             {"value", nullable(number("the feature value used"))},
                             {"contribution", number("SHAP contribution to the log-odds")}},
                            {"feature", "value", "contribution"});
  s["Prediction"] = object(
      {{"row", integer("index of the input row")},
       {"id",
        {{"oneOf", json::array({string(), number()})},
         {"description", "the row's id column (kepoi_name, toi, pl_name, ...) when present"}}},
       {"base_value", number("SHAP base value (log-odds) the contributions add to")},
       {"planet_probability", number("probability the object is a planet, 0..1")},
       {"label", string("predicted class, e.g. planet or false_positive")},
       {"probabilities",
        {{"type", "object"},
         {"additionalProperties", number()},
         {"description", "per-class probabilities (multiclass models)"}}},
       {"explanation", array(ref("Explanation"))},
       {"scored_with",
        string("id of the model that scored the row: the model's own, or its embedded candidate "
               "model's (card.candidate_model) for a row without any of the catalogue's context "
               "features (typed in, or from a CSV that is not a catalogue export) or without any "
               "uncertainty column (an export without its error columns)")}},
      {"row", "planet_probability", "label", "explanation", "scored_with"});
  s["RowError"] = object({{"row", integer()}, {"message", string()}}, {"row", "message"});
  s["ModelSummary"] = object({{"id", string()},
                              {"version", string()},
                              {"task", string("binary or multiclass")},
                              {"catalog", string("training catalogue: koi, toi, k2 or auto")},
                              {"created", string("creation time, ISO 8601")},
                              {"metrics", object({{"roc_auc", number()},
                                                  {"pr_auc", number()},
                                                  {"accuracy", number()},
                                                  {"f1", f1_schema()}},
                                                 {})},
                              {"active", {{"type", "boolean"}}}},
                             {"id", "version", "task", "catalog", "created", "metrics", "active"});
  s["PredictResponse"] = object({{"predictions", array(ref("Prediction"))},
                                 {"errors", array(ref("RowError"))},
                                 {"ignored_columns", array(string())},
                                 {"model", ref("ModelSummary")}},
                                {"predictions", "errors", "model"});
  s["ModelList"] = object({{"models", array(ref("ModelSummary"))}, {"active", nullable(string())}},
                          {"models", "active"});
  s["ModelCard"] = object(
      {{"id", string()},
       {"version", string()},
       {"task", string()},
       {"catalog", string()},
       {"created", string()},
       {"features", array(string())},
       {"labels", array(string())},
       {"hyperparameters", {{"type", "object"}, {"additionalProperties", true}}},
       {"metrics", object({{"roc_auc", number()},
                           {"pr_auc", number()},
                           {"accuracy", number()},
                           {"f1", f1_schema()},
                           {"confusion_matrix", array(array(integer()))},
                           {"roc_curve",
                            {{"type", "object"},
                             {"additionalProperties", true},
                             {"description", "ROC points (fpr, tpr, thresholds)"}}},
                           {"pr_curve", {{"type", "object"}, {"additionalProperties", true}}},
                           {"calibration", {{"type", "object"}, {"additionalProperties", true}}},
                           {"feature_importance", {{"description", "feature importance (gain)"}}}},
                          {}, true)},
       {"data_hash", string()},
       {"library_versions", {{"type", "object"}, {"additionalProperties", string()}}},
       {"active", {{"type", "boolean"}}}},
      {"id", "active"}, true);
  s["Accepted"] =
      object({{"id", string("job id, 32 lowercase hex characters")},
              {"status", {{"type", "string"}, {"enum", {"queued", "running", "done"}}}},
              {"status_url", string("where to poll the job")},
              {"cached",
               {{"type", "boolean"}, {"description", "an identical earlier upload was reused"}}}},
             {"id", "status", "status_url"});
  s["Candidate"] =
      object({{"period", number("days")},
              {"period_err", number("days")},
              {"t0", number("mid-transit, input time system (days)")},
              {"t0_bjd", nullable(number("mid-transit, BJD_TDB (days)"))},
              {"duration_hours", number("hours")},
              {"depth_ppm", number("ppm")},
              {"depth_err_ppm", number("ppm")},
              {"snr", number()},
              {"sde", number()},
              {"transit_count", integer()},
              {"transits_with_data", integer()},
              {"odd_even_mismatch", number("sigma")},
              {"secondary_depth_ppm", number("ppm")},
              {"rp_rs", nullable(number())},
              {"planet_radius_earth", nullable(number("Earth radii"))},
              {"flags", array(string())},
              {"planet_probability",
               number("probability that the signal is a planet (after the vetting rule)")},
              {"model_probability", number("the model's probability before the vetting rule")},
              {"vetting_failed", array(string("a failed vetting test: secondary, odd_even, ..."))},
              {"label", string()},
              {"explanation", array(ref("Explanation"))},
              {"fit",
               {{"type", "object"},
                {"additionalProperties", true},
                {"description",
                 "limb-darkened transit fit, when the search asked for it: converged, error, "
                 "each parameter as {median, lower, upper} (16th/50th/84th percentiles), "
                 "convergence, max_likelihood, vetting (docs/FIT.md)"}}},

              {"annotation", nullable(ref("Annotation"))}},
             {"period", "t0", "duration_hours", "depth_ppm", "snr", "sde"}, true);
  s["SearchReport"] = object(
      {{"input",
        {{"type", "object"},
         {"additionalProperties", true},
         {"description",
          "the light curve searched (source, target, mission, points) and its star: "
          "stellar {teff_k, logg_cgs, radius_sun, mass_sun, magnitude, density_cgs, sources: "
          "{<value>: {source: header|user|catalogue|derived, err}}, catalogue: {table, id, "
          "row}}"}}},
       {"candidates", array(ref("Candidate"))},
       {"timing_ms", {{"type", "object"}, {"additionalProperties", number()}}},
       {"model",
        nullable(object(
            {{"id", string()},
             {"version", string()},
             {"task", string()},
             {"scored_with",
              object({{"id", string("the model that scored the candidates")},
                      {"features", array(string())},
                      {"without", array(string("a stellar input the star lacked"))},
                      {"star", {{"type", "string"}, {"enum", {"complete", "partial", "unknown"}}}},
                      {"vetting_rule", string()}},
                     {"id", "without", "star"}, true)}},
            {"id", "version"}))}},
      {"input", "candidates", "timing_ms"}, true);
  s["JobError"] = object({{"code", string()}, {"message", string()}}, {"code", "message"});
  json job_props = {
      {"id", string()},
      {"type", string("search or train")},
      {"status", {{"type", "string"}, {"enum", {"queued", "running", "done", "failed"}}}},
      {"progress", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
      {"stage", string("current step, e.g. searching")},
      {"params", {{"type", "object"}, {"additionalProperties", true}}},
      {"created_ms", integer("unix epoch milliseconds")},
      {"updated_ms", integer("unix epoch milliseconds")},
      {"error", nullable(ref("JobError"))}};
  std::vector<std::string> job_required = {"id",     "type",   "status",     "progress",
                                           "stage",  "params", "created_ms", "updated_ms",
                                           "result", "error"};
  json search_props = job_props;
  search_props["result"] = nullable(ref("SearchReport"));
  search_props["mine"] = {{"type", "boolean"},
                          {"description", "the bearer token's user owns the search"}};
  s["SearchJob"] = object(search_props, job_required);
  json train_props = job_props;
  train_props["result"] =
      nullable(object({{"model", ref("ModelCard")}, {"path", string()}}, {"model", "path"}));
  s["TrainJob"] = object(train_props, job_required);
  s["SearchProgress"] =
      object({{"id", string()}, {"status", string()}, {"progress", number()}, {"stage", string()}},
             {"id", "status", "progress", "stage"});
  s["PlotData"] = object(
      {{"points_requested", integer()},
       {"points_level", integer("the stored resolution served: the smallest one >= points")}},
      {"points_requested", "points_level"}, true);
  s["PlotData"]["description"] =
      "Series for the UI (raw flux and trend, detrended flux, per candidate periodogram, folded "
      "curve with bins and box model, odd/even and secondary windows), downsampled keeping "
      "every in-transit point; see plot_data_json in detect/pipeline.hpp.";
  s["CatalogRow"] =
      object({{"id", string()},
              {"group", string("host star id")},
              {"disposition", string()},
              {"label", nullable({{"type", "string"}, {"enum", {"planet", "false_positive"}}})},
              {"catalog", {{"type", "string"}, {"enum", {"koi", "toi", "k2"}}}}},
             {"id", "group", "disposition", "label", "catalog"}, true);
  s["CatalogPage"] = object({{"catalog", string()},
                             {"total", integer("rows matching before paging")},
                             {"offset", integer()},
                             {"limit", integer()},
                             {"rows", array(ref("CatalogRow"))}},
                            {"catalog", "total", "offset", "limit", "rows"});
  s["CatalogObject"] = {{"allOf", json::array({ref("CatalogRow"),
                                               object({{"model_score", nullable(ref("Prediction"))},
                                                       {"model_score_error", string()},
                                                       {"model", ref("ModelSummary")}},
                                                      {"model_score"})})}};
  s["TrainRequest"] = object(parameters_schema(ml::train_parameters(), false), {});
  s["TrainRequest"]["additionalProperties"] = false;
  s["Credentials"] =
      object({{"email", {{"type", "string"}, {"format", "email"}}},
              {"password", {{"type", "string"}, {"minLength", 8}, {"maxLength", 256}}}},
             {"email", "password"});
  s["Annotation"] =
      object({{"verdict", {{"type", "string"}, {"enum", {"planet", "false_positive", "unsure"}}}},
              {"note", {{"type", "string"}, {"maxLength", 2000}}},
              {"updated_ms", integer("unix epoch milliseconds")}},
             {"verdict", "note", "updated_ms"});
  s["AnnotationRequest"] =
      object({{"verdict", {{"type", "string"}, {"enum", {"planet", "false_positive", "unsure"}}}},
              {"note",
               {{"type", "string"},
                {"maxLength", 2000},
                {"description", "up to 2000 characters; no control characters but newline, tab"}}}},
             {"verdict"});
  s["AnnotationSaved"] =
      object({{"id", string()}, {"candidate", integer()}, {"annotation", ref("Annotation")}},
             {"id", "candidate", "annotation"});
  s["MySearch"] =
      object({{"id", string()},
              {"status", {{"type", "string"}, {"enum", {"queued", "running", "done", "failed"}}}},
              {"target", string("target id read from the light curve")},
              {"filenames", array(string())},
              {"created_ms", integer("unix epoch milliseconds")},
              {"url", string("the search's link (GET)")},
              {"candidate_count", nullable(integer("null until the search is done"))},
              {"candidates",
               array(object({{"index", integer("0-based, as in the result's candidates")},
                             {"period", nullable(number("days"))},
                             {"label", nullable(string("the model's verdict"))},
                             {"planet_probability", nullable(number())},
                             {"annotation", nullable(ref("Annotation"))}},
                            {"index", "period", "label", "planet_probability", "annotation"}))}},
             {"id", "status", "target", "filenames", "created_ms", "url", "candidate_count",
              "candidates"});
  s["MySearches"] = object({{"searches", array(ref("MySearch"))},
                            {"total", integer()},
                            {"offset", integer()},
                            {"limit", integer()}},
                           {"searches", "total", "offset", "limit"});
  s["User"] = object({{"email", string()},
                      {"role", {{"type", "string"}, {"enum", {"user", "admin"}}}},
                      {"created_ms", integer()}},
                     {"email", "role", "created_ms"});
  s["Token"] = object({{"token", string("JWT (HS256); send as Authorization: Bearer <token>")},
                       {"token_type", {{"type", "string"}, {"enum", {"bearer"}}}},
                       {"expires_in", integer("seconds")},
                       {"user", ref("User")}},
                      {"token", "token_type", "expires_in", "user"});
  s["Activated"] =
      object({{"active", string()}, {"model", ref("ModelSummary")}}, {"active", "model"});
  return s;
}

json error_responses(const std::vector<int>& codes) {
  static const std::map<int, std::string> kText = {
      {400, "Bad input (malformed JSON, wrong types, invalid values or ids)"},
      {401, "Missing, invalid or expired bearer token"},
      {403, "Admin role required"},
      {404, "Not found"},
      {409, "Conflict (email taken, or the job is not finished)"},
      {422, "No row could be scored; each row's reason is in errors"},
      {413, "Upload larger than EXODETECT_MAX_UPLOAD_MB"},
      {415, "Wrong content type"},
      {429, "Rate limit or full queue; see Retry-After"},
      {500, "Internal error"},
      {503, "No model or catalogue available"}};
  json out;
  for (int code : codes) {
    json r = response(kText.at(code), ref("Error"));
    if (code == 429 || code == 503) {
      r["headers"] = {{"Retry-After", {{"description", "seconds to wait"}, {"schema", integer()}}}};
    }
    out[std::to_string(code)] = r;
  }
  return out;
}

json operations() {
  const json job_id = path_param("id", "job id (32 lowercase hex characters)",
                                 {{"type", "string"}, {"pattern", "^[0-9a-f]{32}$"}});
  const json catalog_name =
      path_param("name", "catalogue", {{"type", "string"}, {"enum", {"koi", "toi", "k2"}}});
  const json multipart_file = {
      {"multipart/form-data",
       {{"schema", object({{"file", {{"type", "string"}, {"format", "binary"}}}}, {"file"})}}}};
  json ops;
  ops["getHealth"] = {{"tags", {"system"}},
                      {"summary", "Service health (used by container health checks)"},
                      {"responses", {{"200", response("Health", ref("Health"))}}}};
  ops["getOpenApi"] = {
      {"tags", {"system"}},
      {"summary", "This OpenAPI document"},
      {"responses", {{"200", response("OpenAPI 3.0 document", {{"type", "object"}})}}}};
  ops["getDocs"] = {
      {"tags", {"system"}},
      {"summary", "Interactive API documentation (HTML)"},
      {"responses",
       {{"200",
         {{"description", "HTML page"}, {"content", {{"text/html", {{"schema", string()}}}}}}}}}};
  ops["getMetrics"] = {
      {"tags", {"system"}},
      {"summary", "Prometheus metrics (text format 0.0.4)"},
      {"responses",
       {{"200",
         {{"description", "metrics"}, {"content", {{"text/plain", {{"schema", string()}}}}}}}}}};
  ops["predict"] = {
      {"tags", {"predict"}},
      {"summary", "Score KOI/TOI rows with the active model"},
      {"description",
       "Rows that cannot be scored are listed in errors; the others are still scored. "
       "Identical requests are answered from cache (X-Cache: hit). Rate limited."},
      {"requestBody", {{"required", true}, {"content", json_content(ref("PredictRequest"))}}},
      {"responses", {{"200", response("Predictions", ref("PredictResponse"))}}}};
  ops["predictBatch"] = {
      {"tags", {"predict"}},
      {"summary", "Score a KOI/TOI/K2 export or CSV upload (.csv or .csv.gz)"},
      {"description",
       "JSON by default; CSV (row,id,planet_probability,label,scored_with,top_features,error) "
       "when the Accept header asks for text/csv. Rate limited."},
      {"requestBody", {{"required", true}, {"content", multipart_file}}},
      {"responses",
       {{"200",
         {{"description",
           "Predictions",
           {"content",
            {{"application/json", {{"schema", ref("PredictResponse")}}},
             {"text/csv", {{"schema", string()}}}}}}}}}}};
  json search_form =
      object({{"file",
               {{"type", "array"},
                {"items", {{"type", "string"}, {"format", "binary"}}},
                {"description", "one or more FITS/CSV light curves (.gz allowed) of one star"}}}},
             {"file"});
  search_form["properties"].update(parameters_schema(search_parameters(), true));
  ops["createSearch"] = {
      {"tags", {"searches"}},
      {"summary", "Start a transit search job on uploaded light curves"},
      {"description",
       "Files are read at once (junk is a 400); the search runs as a job. An "
       "identical upload with the same parameters returns the earlier job. Rate limited."},
      {"requestBody",
       {{"required", true}, {"content", {{"multipart/form-data", {{"schema", search_form}}}}}}},
      {"responses", {{"202", response("Job accepted", ref("Accepted"))}}}};
  ops["getSearch"] = {{"tags", {"searches"}},
                      {"summary", "Search job status and result"},
                      {"parameters", {job_id}},
                      {"responses", {{"200", response("The job", ref("SearchJob"))}}}};
  const json bearer = json::array({{{"bearer", json::array()}}});
  ops["deleteSearch"] = {
      {"tags", {"searches"}},
      {"summary", "Delete a finished search (its owner or an admin); the id then answers 404"},
      {"security", bearer},
      {"parameters", {job_id}},
      {"responses", {{"204", {{"description", "Deleted"}}}}}};
  ops["putAnnotation"] = {
      {"tags", {"searches"}},
      {"summary", "Set the owner's own verdict and note on a candidate of a finished search"},
      {"security", bearer},
      {"parameters",
       {job_id, path_param("n", "candidate index, from 0, in the result's candidates",
                           {{"type", "integer"}, {"minimum", 0}})}},
      {"requestBody", {{"required", true}, {"content", json_content(ref("AnnotationRequest"))}}},
      {"responses", {{"200", response("Saved", ref("AnnotationSaved"))}}}};
  ops["listMySearches"] = {
      {"tags", {"searches"}},
      {"summary", "The bearer token's user's searches, newest first"},
      {"security", bearer},
      {"parameters",
       {query_param("offset", "searches to skip",
                    {{"type", "integer"}, {"minimum", 0}, {"default", 0}}),
        query_param("limit", "searches per page",
                    {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}, {"default", 20}})}},
      {"responses", {{"200", response("A page of searches", ref("MySearches"))}}}};
  ops["getSearchEvents"] = {
      {"tags", {"searches"}},
      {"summary", "Server-sent events: progress, then the result"},
      {"description",
       "Events: `progress` (SearchProgress), then `result` (SearchJob) or `error` "
       "(SearchJob with error); `timeout` after EXODETECT_SSE_MAX_S."},
      {"parameters", {job_id}},
      {"responses",
       {{"200",
         {{"description",
           "text/event-stream",
           {"content", {{"text/event-stream", {{"schema", string()}}}}}}}}}}};
  ops["getSearchPlotData"] = {
      {"tags", {"searches"}},
      {"summary", "Plot series of a finished search, downsampled server-side"},
      {"parameters",
       {job_id, query_param("points", "wanted points per series (stored levels 500, 2000, 8000)",
                            {{"type", "integer"}, {"minimum", 50}, {"default", 2000}})}},
      {"responses", {{"200", response("Plot data", ref("PlotData"))}}}};
  ops["listCatalog"] = {
      {"tags", {"catalog"}},
      {"summary", "Page through a catalogue with search, filters and sorting"},
      {"parameters",
       {catalog_name,
        query_param("q", "case-insensitive text search in ids and names", string()),
        query_param("disposition", "exact disposition, e.g. CONFIRMED", string()),
        {{"name", "range"},
         {"in", "query"},
         {"required", false},
         {"explode", true},
         {"description", "numeric filter column:min:max (either bound may be empty); repeatable"},
         {"schema", array(string())}},
        query_param("sort", "column to sort by", string()),
        query_param("order", "sort order",
                    {{"type", "string"}, {"enum", {"asc", "desc"}}, {"default", "asc"}}),
        query_param("offset", "rows to skip",
                    {{"type", "integer"}, {"minimum", 0}, {"default", 0}}),
        query_param("limit", "rows per page",
                    {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}, {"default", 50}})}},
      {"responses", {{"200", response("A page of rows", ref("CatalogPage"))}}}};
  ops["getCatalogObject"] = {
      {"tags", {"catalog"}},
      {"summary", "One catalogue object with its model score"},
      {"parameters", {catalog_name, path_param("id", "object id (kepoi_name, toi or pl_name)")}},
      {"responses", {{"200", response("The object", ref("CatalogObject"))}}}};
  ops["listModels"] = {{"tags", {"models"}},
                       {"summary", "Known models and the active one"},
                       {"responses", {{"200", response("Models", ref("ModelList"))}}}};
  ops["getModel"] = {{"tags", {"models"}},
                     {"summary", "A model card: metrics, confusion matrix, ROC points, importance"},
                     {"parameters", {path_param("id", "model id")}},
                     {"responses", {{"200", response("Model card", ref("ModelCard"))}}}};
  ops["trainModel"] = {
      {"tags", {"models"}},
      {"summary", "Train a model (admin); runs as a job"},
      {"security", json::array({{{"bearer", json::array()}}})},
      {"requestBody", {{"required", false}, {"content", json_content(ref("TrainRequest"))}}},
      {"responses", {{"202", response("Job accepted", ref("Accepted"))}}}};
  ops["getTrainJob"] = {{"tags", {"models"}},
                        {"summary", "Training job status and result (admin)"},
                        {"security", json::array({{{"bearer", json::array()}}})},
                        {"parameters", {job_id}},
                        {"responses", {{"200", response("The job", ref("TrainJob"))}}}};
  ops["activateModel"] = {
      {"tags", {"models"}},
      {"summary", "Make a model active for new requests (admin); requests in flight keep theirs"},
      {"security", json::array({{{"bearer", json::array()}}})},
      {"parameters", {path_param("id", "model id")}},
      {"responses", {{"200", response("Activated", ref("Activated"))}}}};
  ops["signup"] = {
      {"tags", {"auth"}},
      {"summary", "Create a user account"},
      {"requestBody", {{"required", true}, {"content", json_content(ref("Credentials"))}}},
      {"responses", {{"201", response("Account created", ref("Token"))}}}};
  ops["login"] = {
      {"tags", {"auth"}},
      {"summary", "Log in and get a JWT"},
      {"requestBody", {{"required", true}, {"content", json_content(ref("Credentials"))}}},
      {"responses", {{"200", response("Logged in", ref("Token"))}}}};
  ops["getMe"] = {{"tags", {"auth"}},
                  {"summary", "The account of the bearer token"},
                  {"security", json::array({{{"bearer", json::array()}}})},
                  {"responses", {{"200", response("The user", ref("User"))}}}};
  return ops;
}

}  // namespace

json openapi_document(const Router& router, const std::string& version) {
  const json ops = operations();
  json paths = json::object();
  for (const auto& route : router.routes()) {
    if (!ops.contains(route.operation_id)) {
      throw std::logic_error("route " + route.pattern + " has no OpenAPI operation");
    }
    json op = ops[route.operation_id];
    op["operationId"] = route.operation_id;
    const json errors = error_responses(route.errors);
    for (const auto& [code, r] : errors.items()) op["responses"][code] = r;
    std::string method = route.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    paths[route.pattern][method] = op;
  }
  return {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "exodetect API"},
        {"version", version},
        {"description",
         "Transit searches on Kepler/K2/TESS light curves, exoplanet candidate scoring with "
         "explanations, catalogues and models. Errors are {\"error\": {\"code\", \"message\"}}."}}},
      {"servers", json::array({{{"url", "/"}}})},
      {"tags", json::array({{{"name", "system"}},
                            {{"name", "predict"}},
                            {{"name", "searches"}},
                            {{"name", "catalog"}},
                            {{"name", "models"}},
                            {{"name", "auth"}}})},
      {"paths", paths},
      {"components",
       {{"schemas", schemas()},
        {"securitySchemes",
         {{"bearer", {{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}}}}}}};
}

}  // namespace exodetect::server
