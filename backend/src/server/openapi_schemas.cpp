#include "openapi_builders.hpp"

#include "exodetect/ml/train_parameters.hpp"
#include "exodetect/server/config.hpp"

// The OpenAPI document's named schemas. The frontend generates its TypeScript types from them, so
// they are spelled out.
namespace exodetect::server::openapi {
namespace {

// F1 overall, or per class ({"planet": 0.9, "false_positive": 0.93}).
json f1_schema() {
  return {
      {"oneOf", json::array({number(), {{"type", "object"}, {"additionalProperties", number()}}})}};
}

// A curve as [x, y] pairs (a tuple of two numbers in the generated types).
json pairs(const std::string& description) {
  json pair = {{"type", "array"}, {"items", number()}, {"minItems", 2}, {"maxItems", 2}};
  json s = array(pair);
  s["description"] = description;
  return s;
}

// The training catalogue: one name, or the names of several catalogues trained on together.
json catalog_schema() {
  return {{"oneOf", json::array({string(), array(string())})},
          {"description", "training catalogue: koi, toi or k2, or a list of them"}};
}

}  // namespace

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
  s["PredictRequest"]["additionalProperties"] = false;  // other members are refused (400)
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
                              {"catalog", catalog_schema()},
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
       {"format", integer("bundle format")},
       {"version", string()},
       {"task", {{"type", "string"}, {"enum", {"binary", "multiclass"}}}},
       {"catalog", catalog_schema()},
       {"created", string("creation time, ISO 8601")},
       {"features", array(string())},
       {"labels", array(string())},
       {"n_train", integer("labelled rows trained on")},
       {"class_counts",
        {{"type", "object"},
         {"additionalProperties", number()},
         {"description", "rows per label"}}},
       {"hyperparameters", {{"type", "object"}, {"additionalProperties", true}}},
       {"metrics", ref("ModelMetrics")},
       {"data_hash", string()},
       {"library_versions", {{"type", "object"}, {"additionalProperties", string()}}},
       {"candidate_model",
        object({{"id", string()},
                {"used_for", string()},
                {"features", array(string())},
                {"roc_auc", nullable(number())},
                {"pr_auc", nullable(number())},
                {"accuracy", nullable(number())},
                {"star_masking", nullable(ref("StarMaskingMetrics"))},
                {"eclipse_free",
                 object({{"id", string()},
                         {"used_for", string()},
                         {"trained_without", string()},
                         {"class_counts", {{"type", "object"}, {"additionalProperties", number()}}},
                         {"roc_auc", nullable(number())},
                         {"pr_auc", nullable(number())},
                         {"accuracy", nullable(number())}},
                        {"id"})}},
               {"id", "features"})},
       {"active", {{"type", "boolean"}}}},
      {"id", "active", "task", "features", "labels"}, true);
  s["ModelCard"]["description"] =
      "The model's card as trained (exodetect train), with its id and whether it is active.";
  // Cross-validated (out-of-fold) metrics, as ml::classification_metrics and train write them.
  json brief = {{"roc_auc", nullable(number())},
                {"pr_auc", nullable(number())},
                {"accuracy", nullable(number())},
                {"confusion_matrix", array(array(integer()))}};
  s["BriefMetrics"] = object(brief, {});
  s["StarMaskingMetrics"] = object({{"with_star", ref("BriefMetrics")},
                                    {"without_star", ref("BriefMetrics")},
                                    {"partial_star", ref("BriefMetrics")}},
                                   {});
  s["StarMaskingMetrics"]["description"] =
      "metrics of the rows scored with their star, with it removed, and partly removed";
  json metrics = brief;
  metrics["n"] = integer("rows evaluated");
  metrics["f1"] = f1_schema();
  metrics["confusion_matrix"]["description"] =
      "rows: true label, columns: predicted (labels order)";
  metrics["calibration"] = array(object({{"mean_predicted", number()},
                                         {"observed", number("fraction labelled planet")},
                                         {"count", number("rows in the bin")}},
                                        {"mean_predicted", "observed", "count"}));
  metrics["calibration"]["description"] = "reliability diagram: ten bins of the planet score";
  json per_catalog = metrics;
  metrics["roc_curve"] =
      pairs("ROC curve: [false positive rate, true positive rate] pairs, up to 101, from [0, 0]");
  metrics["pr_curve"] = pairs("precision-recall curve: [recall, precision] pairs, up to 101");
  metrics["feature_importance"] =
      array(object({{"feature", string()},
                    {"gain", number("XGBoost gain")},
                    {"mean_abs_shap", number("mean |SHAP value| over the training rows")}},
                   {"feature", "gain", "mean_abs_shap"}));
  metrics["feature_importance"]["description"] = "every feature, largest mean |SHAP| first";
  metrics["cv"] = object({{"folds", integer()},
                          {"grouped_by", string()},
                          {"best_rounds", array(array(integer()))},
                          {"seconds", number()}},
                         {"folds"});
  metrics["star_masking"] = ref("StarMaskingMetrics");
  metrics["per_catalog"] = {{"type", "object"},
                            {"additionalProperties", object(per_catalog, {})},
                            {"description", "the same metrics per catalogue, without curves"}};
  s["ModelMetrics"] = object(metrics, {}, true);
  s["Accepted"] =
      object({{"id", string("job id, 32 lowercase hex characters")},
              {"status", {{"type", "string"}, {"enum", {"queued", "running", "done"}}}},
              {"status_url", string("where to poll the job")},
              {"cached",
               {{"type", "boolean"}, {"description", "an identical earlier upload was reused"}}}},
             {"id", "status", "status_url"});
  s["Candidate"] = object(
      {{"period", number("days")},
       {"period_err", number("days")},
       {"t0", number("mid-transit, input time system (days)")},
       {"t0_err", nullable(number("days, 1 sigma (Carter et al. 2008); null without a trapezoid"))},
       {"t0_bjd", nullable(number("mid-transit, BJD_TDB (days)"))},
       {"duration_hours", number("hours")},
       {"duration_err_hours", nullable(number("hours, 1 sigma of duration_hours"))},
       {"depth_ppm", number("ppm")},
       {"depth_err_ppm", number("ppm")},
       {"snr", number()},
       {"red_noise_factor",
        number("scatter of single box depths of this duration over their white-noise errors (at "
               "least 1): snr / red_noise_factor is the significance against the star's own "
               "variability")},
       {"sde", number()},
       {"transit_count", integer()},
       {"transits_with_data", integer()},
       {"odd_even_mismatch", number("sigma")},
       {"secondary_depth_ppm", number("ppm")},
       {"secondary_depth_err_ppm", number("ppm, 1 sigma; 0 when phase 0.5 has no data")},
       {"rp_rs", nullable(number())},
       {"planet_radius_earth", nullable(number("Earth radii"))},
       {"phase_amplitude_ppm",
        nullable(number("ppm, peak to peak of the flux outside the transits folded at the "
                        "period; null with under three orbits"))},
       {"phase_amplitude_err_ppm", nullable(number("ppm, 1 sigma of one folded bin"))},
       {"phase_amplitude_limit_ppm",
        nullable(number("ppm, the most a planet's reflected, thermal and ellipsoidal light "
                        "can vary"))},
       {"phase_variability_sigma",
        nullable(number("sigma of the folded variation against folds with each orbit turned "
                        "at random; flag phase_variability when >= 5 and beyond the limit"))},
       {"flags", array(string("odd_even, secondary, few_transits, near_gap, low_sde, alias, "
                              "sinusoidal, period_may_be_double, v_shape, phase_variability"))},
       {"planet_probability",
        number("probability that the signal is a planet (after the eclipse weighting, the "
               "noise weighting and the vetting rule)")},
       {"model_probability", number("the model's probability before the vetting rule")},
       {"vetting_failed", array(string("a failed vetting test: secondary, odd_even, ..."))},
       {"eclipse_weighting",
        object({{"eclipse_detection_probability",
                 number("the chance that this candidate's vetting would have seen an eclipsing "
                        "binary's secondary eclipse (docs/FEATURE_CALIBRATION.md)")},
                {"probability_with_binaries",
                 number("the candidate model's probability, every catalogue false positive "
                        "counted")},
                {"probability_without_binaries",
                 number("the eclipse-free model's probability, the catalogue's stellar-eclipse "
                        "false positives left out")}},
               {"eclipse_detection_probability", "probability_with_binaries",
                "probability_without_binaries"})},
       {"noise_weighting",
        object({{"snr_against_red_noise", number("snr / red_noise_factor")},
                {"false_alarm_probability",
                 number("the chance that noise reaches that SNR over the search's trial "
                        "periods; planet_probability is scaled by (1 - it) / 0.99 when it "
                        "exceeds the 1% the threshold allows")}},
               {"snr_against_red_noise", "false_alarm_probability"})},
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
  json value_source =
      object({{"source",
               {{"type", "string"},
                {"enum", {"header", "user", "catalogue", "derived"}},
                {"description",
                 "header: the FITS header; user: given with the search; catalogue: the shipped "
                 "catalogue's row for the target; derived: computed from the other values"}}},
              {"err", nullable(number("1 sigma, in the value's unit"))}},
             {"source"});
  s["StellarInput"] = object(
      {{"teff_k", nullable(number("K"))},
       {"logg_cgs", nullable(number("log10 cm/s^2"))},
       {"radius_sun", nullable(number("solar radii"))},
       {"mass_sun", nullable(number("solar masses"))},
       {"magnitude", nullable(number("the mission's band (Kepler Kp, TESS T)"))},
       {"density_cgs", nullable(number("g/cm^3, from mass and radius or logg and radius"))},
       {"sources",
        {{"type", "object"},
         {"additionalProperties", value_source},
         {"description", "per stellar value above that is known: where it came from"}}},
       {"catalogue",
        nullable(object({{"table", string("koi, toi or k2")},
                         {"id", string("the target's id in that table (TIC, KIC, EPIC, name)")},
                         {"row", string("the row's own name (TOI 114.01, K00002.01, ...)")},
                         {"separation_arcsec",
                          nullable(number("arcsec from the header's position, when the row was "
                                          "found by position (a K2 host named only by name)"))}},
                        {"table", "id", "row"}))}},
      {"sources"});
  s["SearchInput"] = object(
      {{"file", string("the uploaded file's name")},
       {"mission", string("Kepler, K2, TESS or unknown")},
       {"target", string("the header's OBJECT, or the file's stem")},
       {"time_system", string("BTJD, BKJD, BJD, ... (the input's time column)")},
       {"bjd_reference_days", nullable(number("BJD_TDB of the time column's zero (days)"))},
       {"n_points", integer("rows read, before quality and NaN filtering")},
       {"n_used", integer("points searched")},
       {"n_clipped", integer("points left out as upper outliers or flares")},
       {"span_days", nullable(number("days from the first to the last point"))},
       {"notes", array(string("what the reader did to the file (sorted times, columns used)"))},
       {"sectors", array(integer("a TESS sector its FITS headers name"))},
       {"quarters", array(integer("a Kepler quarter its FITS headers name"))},
       {"campaigns", array(integer("a K2 campaign its FITS headers name"))},
       {"stellar", ref("StellarInput")}},
      {"file", "mission", "n_points", "n_used", "stellar"});
  s["SearchSettings"] = object(
      {{"period_min_days", number("days")},
       {"period_max_days", number("days")},
       {"n_periods", integer("trial periods searched")},
       {"durations_hours", array(number("a trial duration (hours)"))},
       {"stellar_density_cgs", nullable(number("g/cm^3: the density the period grid assumed"))},
       {"physical_durations",
        {{"type", "boolean"}, {"description", "durations sized by the star"}}},
       {"n_flare_points", integer("points clipped as flares before the search")},
       {"detrend_window_days", number("days")},
       {"detrend_degree",
        integer("0: the biweight location of each window; 2: a biweight quadratic, used where "
                "the location leaves the star's variability")},
       {"detrend_red_noise",
        number("binned residual scatter at 2 hours over white noise of the detrended flux (about "
               "1 when the trend follows the star; 0: too few bins to tell)")},
       {"sde_min", number()},
       {"snr_min", number("the SNR a candidate needed (the automatic threshold when not given)")},
       {"single_event_durations_hours",
        array(number("a box width the single-event search tried (hours)"))},
       {"single_event_snr_min",
        number("the SNR a single event needed: at least snr_min, and 1% false alarms over its "
               "independent boxes")}},
      {"period_min_days", "period_max_days", "durations_hours"});
  s["SingleEvent"] = object(
      {{"t0", number("mid-event, input time system (days)")},
       {"t0_bjd", nullable(number("mid-event, BJD_TDB (days)"))},
       {"duration_hours", number("the best box's width (hours)")},
       {"depth_ppm", number("mean flux deficit in the box (ppm)")},
       {"depth_err_ppm", number("ppm, 1 sigma, red noise included")},
       {"snr", number()},
       {"red_noise_factor",
        number("scatter of this width's box depths over their white-noise errors (at least 1)")},
       {"n_points", integer("points in the box")},
       {"period_min_days",
        number("days: the shortest period at which no other transit falls on the data")},
       {"period_from_duration_days",
        nullable(number("days: a central transit's period for this duration and the star's "
                        "density (b = 0, circular); null when the density is unknown"))}},
      {"t0", "duration_hours", "depth_ppm", "snr", "period_min_days"});
  s["SearchReport"] = object(
      {{"input", ref("SearchInput")},
       {"search", ref("SearchSettings")},
       {"candidates", array(ref("Candidate"))},
       {"single_events",
        {{"type", "array"},
         {"items", ref("SingleEvent")},
         {"description",
          "dips with no second transit in the data (a planet of longer period than the data "
          "show twice), found once the candidates' transits are masked; no planet probability"}}},
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
                      {"star",
                       {{"type", "string"},
                        {"enum", {"complete", "partial", "unknown", "not_used"}},
                        {"description",
                         "complete: the star gave every stellar input the model reads; partial / "
                         "unknown: some / all of them were missing (listed in without); "
                         "not_used: the model reads no stellar input at all"}}},
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
      "curve with bins and box model, odd/even and secondary windows, each window with "
      "n_points, its points before thinning), each series at most points_level points spread "
      "over all of it (in-transit points take up to half); see plot_data_json in "
      "detect/pipeline.hpp. The full-resolution light curve is GET .../light-curve.";
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
  s["Credentials"] = object(
      {{"email", {{"type", "string"}, {"format", "email"}, {"maxLength", kMaxEmailBytes}}},
       {"password",
        {{"type", "string"}, {"minLength", kMinPasswordChars}, {"maxLength", kMaxPasswordBytes}}}},
      {"email", "password"});
  s["Credentials"]["additionalProperties"] = false;  // other members are refused (400)
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
  s["AnnotationRequest"]["additionalProperties"] = false;  // other members are refused (400)
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
  s["SignupAccepted"] = object({{"message", string()}}, {"message"});
  s["Activated"] =
      object({{"active", string()}, {"model", ref("ModelSummary")}}, {"active", "model"});
  return s;
}

}  // namespace exodetect::server::openapi
