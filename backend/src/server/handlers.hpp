#pragma once

// The API's handlers, one file per resource; routes.cpp maps them to paths. Private to the
// server module.

#include "exodetect/server/http.hpp"
#include "service.hpp"

namespace exodetect::server::handlers {

// system_handlers.cpp
Response health(Service& s, Request& req);
Response metrics(Service& s, Request& req);
Response openapi(Service& s, Request& req);
Response docs(Service& s, Request& req);

// predict_handlers.cpp
Response predict(Service& s, Request& req);
Response predict_batch(Service& s, Request& req);

// search_handlers.cpp
Response create_search(Service& s, Request& req);
Response get_search(Service& s, Request& req);
Response search_events(Service& s, Request& req);
Response search_plot_data(Service& s, Request& req);

// fit_handlers.cpp
Response get_fit_samples(Service& s, Request& req);
// report_handlers.cpp
Response get_candidate_report(Service& s, Request& req);
// light_curve_handlers.cpp
Response search_light_curve(Service& s, Request& req);

// saved_search_handlers.cpp
Response list_my_searches(Service& s, Request& req);
Response delete_search(Service& s, Request& req);
Response put_annotation(Service& s, Request& req);
// Records the requester, when logged in, as the owner of the search job `id`.
void record_search_owner(Service& s, const Request& req, const std::string& id);
// Adds "mine" (the requester owns it) and each candidate's "annotation" to a search's job_json.
void add_annotations(Service& s, const Request& req, nlohmann::json& search);

// catalog_handlers.cpp
Response list_catalog(Service& s, Request& req);
Response get_catalog_object(Service& s, Request& req);

// model_handlers.cpp
Response list_models(Service& s, Request& req);
Response get_model(Service& s, Request& req);
Response train_model(Service& s, Request& req);
Response get_train_job(Service& s, Request& req);
Response activate_model(Service& s, Request& req);

// auth_handlers.cpp
Response signup(Service& s, Request& req);
Response login(Service& s, Request& req);
Response logout(Service& s, Request& req);
Response me(Service& s, Request& req);
// Sets req.principal from a bearer token that verifies and that the user store still honours
// (account exists, token version current), with the role the store holds; no header: none.
// ApiError 401 for a bad token, 503 while the user store is unreachable.
void authenticate(Service& s, Request& req);
// At startup: prepares login timing and creates the EXODETECT_ADMIN_EMAIL account when it does
// not exist.
void start_auth(Service& s);

}  // namespace exodetect::server::handlers

namespace exodetect::server {
// Fills s.router from the route table (routes.cpp).
void add_routes(Service& s);
}  // namespace exodetect::server
