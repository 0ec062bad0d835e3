#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <vector>

#include "exodetect/detect/search_parameters.hpp"
#include "exodetect/ml/model.hpp"
#include "exodetect/ml/predictions_csv.hpp"
#include "exodetect/ml/train_parameters.hpp"
#include "exodetect/server/api_server.hpp"
#include "exodetect/server/jobs.hpp"
#include "openapi_builders.hpp"

// The OpenAPI 3.0 document. The frontend generates its TypeScript types from it, so schemas are
// spelled out; every route of the router must have an operation here (checked at startup).
namespace exodetect::server {

using detect::search_parameters;

namespace {

using namespace openapi;  // NOLINT: the builders read as a schema language

// Slow requests, oversized or encoded bodies, and connections over the caps.
constexpr int kTransportErrors[] = {408, 413, 415, 429};

json error_responses(const std::vector<int>& codes) {
  static const std::map<int, std::string> kText = {
      {400, "Bad input (malformed JSON, wrong types, invalid values or ids)"},
      {401, "Missing, invalid or expired bearer token"},
      {403, "Admin role required"},
      {404, "Not found"},
      {409,
       "Conflict: the search is not finished, failed, or has no such output (error.code says "
       "which: not_ready, not_finished, job_failed, not_fitted, no_posterior)"},
      {422, "No row could be scored; each row's reason is in errors"},
      {408,
       "The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of "
       "silence, EXODETECT_REQUEST_TIMEOUT_S in all)"},
      {413,
       "Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), "
       "or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB"},
      {415,
       "Wrong content type, or an encoded body (Content-Encoding other than identity; "
       "upload .gz files as they are instead)"},
      {429,
       "Rate limit, full queue, or too many open connections or progress streams from "
       "this client or in all; see Retry-After"},
      {500, "Internal error"},
      {503,
       "Something the request needs is unavailable (error.code says what: model_unavailable, "
       "catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or "
       "rate_limiter_unavailable); see Retry-After"}};
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
  const json candidate_n = path_param("n", "candidate index, from 0, in the result's candidates",
                                      {{"type", "integer"}, {"minimum", 0}});
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
       "JSON by default; CSV (row, the upload's own id and disposition columns, then "
       "id,planet_probability,label,scored_with,top_features,error) "
       "when the Accept header asks for text/csv. Rate limited."},
      {"requestBody", {{"required", true}, {"content", multipart_file}}},
      {"responses",
       {{"200",
         {{"description", "Predictions"},
          {"content",
           {{"application/json", {{"schema", ref("PredictResponse")}}},
            {"text/csv",
             {{"schema", string()},
              // The upload's columns a CSV answer keeps, so the UI reads them alike.
              {"x-kept-input-columns", ml::kKeptInputColumns}}}}}}}}}};
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
      {"parameters", {job_id, candidate_n}},
      {"requestBody", {{"required", true}, {"content", json_content(ref("AnnotationRequest"))}}},
      {"responses", {{"200", response("Saved", ref("AnnotationSaved"))}}}};
  ops["getFitSamples"] = {
      {"tags", {"searches"}},
      {"summary", "Posterior samples of a candidate's transit fit (a search run with fit=true)"},
      {"description",
       "CSV: a header row naming each column with its unit (t0_days and period_days in the "
       "light curve's time system, rp_rs, impact, a_rs, stellar_density_cgs, q1, q2, t14_hours, "
       "depth_ppm, inclination_deg, flux_offset_ppm, jitter_ppm, and planet_radius_earth when "
       "the star's radius is known), then one thinned posterior draw per row (at most 2,000). "
       "409 when the search was run without fit or the candidate's fit did not converge."},
      {"parameters", {job_id, candidate_n}},
      {"responses",
       {{"200",
         {{"description", "Posterior samples"},
          {"content", {{"text/csv", {{"schema", string()}}}}}}}}}};
  ops["getCandidateReport"] = {
      {"tags", {"searches"}},
      {"summary", "A one-page report on a candidate, as PDF or PNG"},
      {"description",
       "An A4 landscape page in the manner of a Kepler Data Validation one-page summary: the "
       "target, mission and star with their sources; the detrended light curve with the "
       "candidate's transits marked; the periodogram; the folded transit with the fitted "
       "limb-darkened model (the box model when the search ran without fit) and its residuals; "
       "the odd, even and phase-0.5 folds; the search's and the fit's values with their "
       "uncertainties; the vetting flags; the model's verdict with its main reasons and the "
       "user's own verdict where one was recorded. The PNG is 150 dpi."},
      {"parameters",
       {job_id, candidate_n,
        query_param("format", "pdf or png",
                    {{"type", "string"}, {"enum", {"pdf", "png"}}, {"default", "pdf"}})}},
      {"responses",
       {{"200",
         {{"description", "The page"},
          {"content",
           {{"application/pdf", {{"schema", {{"type", "string"}, {"format", "binary"}}}}},
            {"image/png", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}}}}}};
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
         {{"description", "text/event-stream"},
          {"content", {{"text/event-stream", {{"schema", string()}}}}}}}}}};
  ops["getSearchPlotData"] = {
      {"tags", {"searches"}},
      {"summary", "Plot series of a finished search, downsampled server-side"},
      {"parameters",
       {job_id, query_param("points", "wanted points per series (stored levels 500, 2000, 8000)",
                            {{"type", "integer"}, {"minimum", 50}, {"default", 2000}})}},
      {"responses", {{"200", response("Plot data", ref("PlotData"))}}}};
  ops["getSearchLightCurve"] = {
      {"tags", {"searches"}},
      {"summary", "The searched light curve at full resolution, as CSV"},
      {"description",
       "Every point of a finished search (the plots get a thinned copy): '#' lines naming the "
       "target and each column's unit (the time system, e.g. BTJD = BJD_TDB - 2457000 for TESS "
       "or BKJD = BJD_TDB - 2454833 for Kepler; fluxes relative, 1 = the segment's median, not "
       "ppm), then the columns time, flux, flux_err, segment, trend, detrended_flux (flux / "
       "trend), clipped (1: left out as an upper outlier), in_transit (0, or k + 1 inside "
       "candidate k's transit) and model_flux (the candidates' box model). Sent gzipped "
       "(Content-Encoding) to a client that accepts gzip. 404 for a search finished before "
       "light curves were kept."},
      {"parameters", {job_id}},
      {"responses",
       {{"200",
         {{"description", "CSV (Content-Disposition: attachment)"},
          {"content", {{"text/csv", {{"schema", string()}}}}}}}}}};
  ops["listCatalog"] = {
      {"tags", {"catalog"}},
      {"summary", "Page through a catalogue with search, filters and sorting"},
      {"parameters",
       {catalog_name,
        query_param(
            "q",
            "case-insensitive text search in ids and names; rows with a name equal to it, then a "
            "name beginning with it as a whole word, come first (a sort column overrides)",
            string()),
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
      {"summary",
       "Create a user account, then log in. The answer is the same whether the email was free "
       "(account created) or taken (nothing changed), so it reveals no accounts"},
      {"requestBody", {{"required", true}, {"content", json_content(ref("Credentials"))}}},
      {"responses", {{"202", response("Signup handled", ref("SignupAccepted"))}}}};
  ops["login"] = {
      {"tags", {"auth"}},
      {"summary", "Log in and get a JWT"},
      {"requestBody", {{"required", true}, {"content", json_content(ref("Credentials"))}}},
      {"responses", {{"200", response("Logged in", ref("Token"))}}}};
  ops["logout"] = {
      {"tags", {"auth"}},
      {"summary", "Revoke every token of the account (each session of it has to log in again)"},
      {"security", json::array({{{"bearer", json::array()}}})},
      {"responses", {{"204", {{"description", "Logged out"}}}}}};
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
    // The transport answers these on every path, before routing (bounded_http_server.cpp).
    std::vector<int> codes = route.errors;
    codes.insert(codes.end(), std::begin(kTransportErrors), std::end(kTransportErrors));
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    const json errors = error_responses(codes);
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
