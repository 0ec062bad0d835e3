#include <utility>

#include "handlers.hpp"

namespace exodetect::server {

void add_routes(Service& s) {
  using Handler = Response (*)(Service&, Request&);
  auto add = [&s](const char* method, const char* pattern, const char* operation_id, Access access,
                  Handler handler, std::vector<int> errors) {
    s.router.add({method,
                  pattern,
                  operation_id,
                  access,
                  [&s, handler](Request& r) { return handler(s, r); },
                  std::move(errors),
                  {}});
  };
  using A = Access;
  using namespace handlers;
  // Error statuses, for the OpenAPI document: 400 bad input, 401/403 token and role, 404 unknown
  // id, 409 conflict, 413 body too large, 415 content type, 422 no row scorable, 429 rate limit or
  // full queue, 500 server fault, 503 no model, no catalogue export, no reachable job queue or
  // account store.
  // clang-format off
  add("GET",  "/health",                         "getHealth",         A::kPublic,      health,             {500});
  add("GET",  "/openapi.json",                   "getOpenApi",        A::kPublic,      openapi,            {500});
  add("GET",  "/docs",                           "getDocs",           A::kPublic,      docs,               {500});
  add("GET",  "/metrics",                        "getMetrics",        A::kPublic,      metrics,            {500});
  add("POST", "/api/v1/predict",                 "predict",           A::kRateLimited, predict,            {400, 413, 422, 429, 500, 503});
  add("POST", "/api/v1/predict/batch",           "predictBatch",      A::kRateLimited, predict_batch,      {400, 413, 422, 429, 500, 503});
  add("POST", "/api/v1/searches",                "createSearch",      A::kRateLimited, create_search,      {400, 413, 415, 429, 500, 503});
  add("GET",  "/api/v1/searches/{id}",           "getSearch",         A::kPublic,      get_search,         {400, 404, 500, 503});
  add("DELETE", "/api/v1/searches/{id}",         "deleteSearch",      A::kUser,        delete_search,      {400, 401, 403, 404, 409, 500, 503});
  add("PUT",  "/api/v1/searches/{id}/candidates/{n}/annotation", "putAnnotation", A::kUser, put_annotation, {400, 401, 403, 404, 409, 413, 500, 503});
  add("GET",  "/api/v1/searches/{id}/candidates/{n}/fit/samples", "getFitSamples", A::kPublic, get_fit_samples, {400, 404, 409, 500, 503});
  add("GET",  "/api/v1/searches/{id}/candidates/{n}/report", "getCandidateReport", A::kRateLimited, get_candidate_report, {400, 404, 409, 429, 500, 503});
  add("GET",  "/api/v1/me/searches",             "listMySearches",    A::kUser,        list_my_searches,   {400, 401, 500, 503});
  add("GET",  "/api/v1/searches/{id}/events",    "getSearchEvents",   A::kPublic,      search_events,      {400, 404, 500, 503});
  add("GET",  "/api/v1/searches/{id}/plot-data", "getSearchPlotData", A::kPublic,      search_plot_data,   {400, 404, 409, 500, 503});
  add("GET",  "/api/v1/searches/{id}/light-curve", "getSearchLightCurve", A::kPublic, search_light_curve, {400, 404, 409, 500, 503});
  add("GET",  "/api/v1/catalog/{name}",          "listCatalog",       A::kPublic,      list_catalog,       {400, 404, 500, 503});
  add("GET",  "/api/v1/catalog/{name}/{id}",     "getCatalogObject",  A::kPublic,      get_catalog_object, {400, 404, 500, 503});
  add("GET",  "/api/v1/models",                  "listModels",        A::kPublic,      list_models,        {500});
  add("GET",  "/api/v1/models/{id}",             "getModel",          A::kPublic,      get_model,          {400, 404, 500});
  add("POST", "/api/v1/models/train",            "trainModel",        A::kAdmin,       train_model,        {400, 401, 403, 413, 429, 500, 503});
  add("GET",  "/api/v1/models/train/{id}",       "getTrainJob",       A::kAdmin,       get_train_job,      {400, 401, 403, 404, 500, 503});
  add("POST", "/api/v1/models/{id}/activate",    "activateModel",     A::kAdmin,       activate_model,     {400, 401, 403, 404, 413, 500});
  add("POST", "/api/v1/auth/signup",             "signup",            A::kRateLimited, signup,             {400, 413, 429, 500, 503});
  add("POST", "/api/v1/auth/login",              "login",             A::kRateLimited, login,              {400, 401, 413, 429, 500, 503});
  add("POST", "/api/v1/auth/logout",             "logout",            A::kUser,        logout,             {401, 500, 503});
  add("GET",  "/api/v1/auth/me",                 "getMe",             A::kUser,        me,                 {400, 401, 500, 503});
  // clang-format on
}

}  // namespace exodetect::server
