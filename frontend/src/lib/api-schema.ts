// Generated from the exodetect API /openapi.json by scripts/gen-api.mjs. Do not edit.

export interface paths {
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in and get a JWT */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke every token of the account (each session of it has to log in again) */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account of the bearer token */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a user account, then log in. The answer is the same whether the email was free (account created) or taken (nothing changed), so it reveals no accounts */
        post: operations["signup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalog/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Page through a catalogue with search, filters and sorting */
        get: operations["listCatalog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalog/{name}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One catalogue object with its model score */
        get: operations["getCatalogObject"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/searches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The bearer token's user's searches, newest first */
        get: operations["listMySearches"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Known models and the active one */
        get: operations["listModels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A model card: metrics, confusion matrix, ROC points, importance */
        get: operations["getModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{id}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make a model active for new requests (admin); requests in flight keep theirs */
        post: operations["activateModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/train": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Train a model (admin); runs as a job */
        post: operations["trainModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/train/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Training job status and result (admin) */
        get: operations["getTrainJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/predict": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Score KOI/TOI rows with the active model
         * @description Rows that cannot be scored are listed in errors; the others are still scored. Identical requests are answered from cache (X-Cache: hit). Rate limited.
         */
        post: operations["predict"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/predict/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Score a KOI/TOI/K2 export or CSV upload (.csv or .csv.gz)
         * @description JSON by default; CSV (row, the upload's own id and disposition columns, then id,planet_probability,label,scored_with,top_features,error) when the Accept header asks for text/csv. Rate limited.
         */
        post: operations["predictBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/searches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a transit search job on uploaded light curves
         * @description Files are read at once (junk is a 400); the search runs as a job. An identical upload with the same parameters returns the earlier job. Rate limited.
         */
        post: operations["createSearch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/searches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search job status and result */
        get: operations["getSearch"];
        put?: never;
        post?: never;
        /** Delete a finished search (its owner or an admin); the id then answers 404 */
        delete: operations["deleteSearch"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/searches/{id}/candidates/{n}/annotation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the owner's own verdict and note on a candidate of a finished search */
        put: operations["putAnnotation"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/searches/{id}/candidates/{n}/fit/samples": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Posterior samples of a candidate's transit fit (a search run with fit=true)
         * @description CSV: a header row naming each column with its unit (t0_days and period_days in the light curve's time system, rp_rs, impact, a_rs, stellar_density_cgs, q1, q2, t14_hours, depth_ppm, inclination_deg, flux_offset_ppm, jitter_ppm, and planet_radius_earth when the star's radius is known), then one thinned posterior draw per row (at most 2,000). 409 when the search was run without fit or the candidate's fit did not converge.
         */
        get: operations["getFitSamples"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/searches/{id}/candidates/{n}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A one-page report on a candidate, as PDF or PNG
         * @description An A4 landscape page in the manner of a Kepler Data Validation one-page summary: the target, mission and star with their sources; the detrended light curve with the candidate's transits marked; the periodogram; the folded transit with the fitted limb-darkened model (the box model when the search ran without fit) and its residuals; the odd, even and phase-0.5 folds; the search's and the fit's values with their uncertainties; the vetting flags; the model's verdict with its main reasons and the user's own verdict where one was recorded. The PNG is 150 dpi.
         */
        get: operations["getCandidateReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/searches/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Server-sent events: progress, then the result
         * @description Events: `progress` (SearchProgress), then `result` (SearchJob) or `error` (SearchJob with error); `timeout` after EXODETECT_SSE_MAX_S.
         */
        get: operations["getSearchEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/searches/{id}/light-curve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The searched light curve at full resolution, as CSV
         * @description Every point of a finished search (the plots get a thinned copy): '#' lines naming the target and each column's unit (the time system, e.g. BTJD = BJD_TDB - 2457000 for TESS or BKJD = BJD_TDB - 2454833 for Kepler; fluxes relative, 1 = the segment's median, not ppm), then the columns time, flux, flux_err, segment, trend, detrended_flux (flux / trend), clipped (1: left out as an upper outlier), in_transit (0, or k + 1 inside candidate k's transit) and model_flux (the candidates' box model). Sent gzipped (Content-Encoding) to a client that accepts gzip. 404 for a search finished before light curves were kept.
         */
        get: operations["getSearchLightCurve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/searches/{id}/plot-data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Plot series of a finished search, downsampled server-side */
        get: operations["getSearchPlotData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Interactive API documentation (HTML) */
        get: operations["getDocs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Service health (used by container health checks) */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (text format 0.0.4) */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This OpenAPI document */
        get: operations["getOpenApi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Accepted: {
            /** @description an identical earlier upload was reused */
            cached?: boolean;
            /** @description job id, 32 lowercase hex characters */
            id: string;
            /** @enum {string} */
            status: "queued" | "running" | "done";
            /** @description where to poll the job */
            status_url: string;
        };
        Activated: {
            active: string;
            model: components["schemas"]["ModelSummary"];
        };
        Annotation: {
            note: string;
            /** @description unix epoch milliseconds */
            updated_ms: number;
            /** @enum {string} */
            verdict: "planet" | "false_positive" | "unsure";
        };
        AnnotationRequest: {
            /** @description up to 2000 characters; no control characters but newline, tab */
            note?: string;
            /** @enum {string} */
            verdict: "planet" | "false_positive" | "unsure";
        };
        AnnotationSaved: {
            annotation: components["schemas"]["Annotation"];
            candidate: number;
            id: string;
        };
        BriefMetrics: {
            accuracy?: number | null;
            confusion_matrix?: number[][];
            pr_auc?: number | null;
            roc_auc?: number | null;
        };
        Candidate: {
            annotation?: components["schemas"]["Annotation"] | null;
            /** @description ppm */
            depth_err_ppm?: number;
            /** @description ppm */
            depth_ppm: number;
            /** @description hours, 1 sigma of duration_hours */
            duration_err_hours?: number | null;
            /** @description hours */
            duration_hours: number;
            eclipse_weighting?: {
                /** @description the chance that this candidate's vetting would have seen an eclipsing binary's secondary eclipse (docs/FEATURE_CALIBRATION.md) */
                eclipse_detection_probability: number;
                /** @description the candidate model's probability, every catalogue false positive counted */
                probability_with_binaries: number;
                /** @description the eclipse-free model's probability, the catalogue's stellar-eclipse false positives left out */
                probability_without_binaries: number;
            };
            explanation?: components["schemas"]["Explanation"][];
            /** @description limb-darkened transit fit, when the search asked for it: converged, error, each parameter as {median, lower, upper} (16th/50th/84th percentiles), convergence, max_likelihood, vetting (docs/FIT.md) */
            fit?: {
                [key: string]: unknown;
            };
            flags?: string[];
            label?: string;
            /** @description the model's probability before the vetting rule */
            model_probability?: number;
            noise_weighting?: {
                /** @description the chance that noise reaches that SNR over the search's trial periods; planet_probability is scaled by (1 - it) / 0.99 when it exceeds the 1% the threshold allows */
                false_alarm_probability: number;
                /** @description snr / red_noise_factor */
                snr_against_red_noise: number;
            };
            /** @description sigma */
            odd_even_mismatch?: number;
            /** @description days */
            period: number;
            /** @description days */
            period_err?: number;
            /** @description ppm, 1 sigma of one folded bin */
            phase_amplitude_err_ppm?: number | null;
            /** @description ppm, the most a planet's reflected, thermal and ellipsoidal light can vary */
            phase_amplitude_limit_ppm?: number | null;
            /** @description ppm, peak to peak of the flux outside the transits folded at the period; null with under three orbits */
            phase_amplitude_ppm?: number | null;
            /** @description sigma of the folded variation against folds with each orbit turned at random; flag phase_variability when >= 5 and beyond the limit */
            phase_variability_sigma?: number | null;
            /** @description probability that the signal is a planet (after the eclipse weighting, the noise weighting and the vetting rule) */
            planet_probability?: number;
            /** @description Earth radii */
            planet_radius_earth?: number | null;
            /** @description scatter of single box depths of this duration over their white-noise errors (at least 1): snr / red_noise_factor is the significance against the star's own variability */
            red_noise_factor?: number;
            rp_rs?: number | null;
            sde: number;
            /** @description ppm, 1 sigma; 0 when phase 0.5 has no data */
            secondary_depth_err_ppm?: number;
            /** @description ppm */
            secondary_depth_ppm?: number;
            snr: number;
            /** @description mid-transit, input time system (days) */
            t0: number;
            /** @description mid-transit, BJD_TDB (days) */
            t0_bjd?: number | null;
            /** @description days, 1 sigma (Carter et al. 2008); null without a trapezoid */
            t0_err?: number | null;
            transit_count?: number;
            transits_with_data?: number;
            vetting_failed?: string[];
        } & {
            [key: string]: unknown;
        };
        CatalogObject: components["schemas"]["CatalogRow"] & {
            model?: components["schemas"]["ModelSummary"];
            model_score: components["schemas"]["Prediction"] | null;
            model_score_error?: string;
        };
        CatalogPage: {
            catalog: string;
            limit: number;
            offset: number;
            rows: components["schemas"]["CatalogRow"][];
            /** @description rows matching before paging */
            total: number;
        };
        CatalogRow: {
            /** @enum {string} */
            catalog: "koi" | "toi" | "k2";
            disposition: string;
            /** @description host star id */
            group: string;
            id: string;
            /** @enum {string|null} */
            label: "planet" | "false_positive" | null;
        } & {
            [key: string]: unknown;
        };
        Credentials: {
            /** Format: email */
            email: string;
            password: string;
        };
        Error: {
            error: {
                /** @description machine-readable code, e.g. bad_request */
                code: string;
                /** @description what went wrong, for people */
                message: string;
                /** @description the X-Request-Id of the request */
                request_id?: string;
            };
            errors?: components["schemas"]["RowError"][];
        };
        Explanation: {
            /** @description SHAP contribution to the log-odds */
            contribution: number;
            /** @description canonical feature name */
            feature: string;
            /** @description the feature value used */
            value: number | null;
        };
        /** @description One object of KOI (koi_*), TOI (pl_*\/st_*) or canonical column names; values are numbers, numeric strings or null. Unknown columns are listed in ignored_columns. */
        FeatureRow: {
            [key: string]: (number | string) | null;
        };
        Health: {
            cache: {
                /** @enum {string} */
                backend: "embedded" | "redis";
                reachable: boolean;
            };
            model: {
                id: string | null;
                loaded: boolean;
                version: string | null;
            };
            queue: {
                /** @enum {string} */
                backend: "embedded" | "redis";
                /** @description jobs queued or running */
                depth: number | null;
                reachable: boolean;
            };
            /** @enum {string} */
            status: "ok" | "degraded";
            /** @description seconds since the server started */
            uptime_s: number;
            version: string;
        };
        JobError: {
            code: string;
            message: string;
        };
        /** @description The model's card as trained (exodetect train), with its id and whether it is active. */
        ModelCard: {
            active: boolean;
            candidate_model?: {
                accuracy?: number | null;
                eclipse_free?: {
                    accuracy?: number | null;
                    class_counts?: {
                        [key: string]: number;
                    };
                    id: string;
                    pr_auc?: number | null;
                    roc_auc?: number | null;
                    trained_without?: string;
                    used_for?: string;
                };
                features: string[];
                id: string;
                pr_auc?: number | null;
                roc_auc?: number | null;
                star_masking?: components["schemas"]["StarMaskingMetrics"] | null;
                used_for?: string;
            };
            /** @description training catalogue: koi, toi or k2, or a list of them */
            catalog?: string | string[];
            /** @description rows per label */
            class_counts?: {
                [key: string]: number;
            };
            /** @description creation time, ISO 8601 */
            created?: string;
            data_hash?: string;
            features: string[];
            /** @description bundle format */
            format?: number;
            hyperparameters?: {
                [key: string]: unknown;
            };
            id: string;
            labels: string[];
            library_versions?: {
                [key: string]: string;
            };
            metrics?: components["schemas"]["ModelMetrics"];
            /** @description labelled rows trained on */
            n_train?: number;
            /** @enum {string} */
            task: "binary" | "multiclass";
            version?: string;
        } & {
            [key: string]: unknown;
        };
        ModelList: {
            active: string | null;
            models: components["schemas"]["ModelSummary"][];
        };
        ModelMetrics: {
            accuracy?: number | null;
            /** @description reliability diagram: ten bins of the planet score */
            calibration?: {
                /** @description rows in the bin */
                count: number;
                mean_predicted: number;
                /** @description fraction labelled planet */
                observed: number;
            }[];
            /** @description rows: true label, columns: predicted (labels order) */
            confusion_matrix?: number[][];
            cv?: {
                best_rounds?: number[][];
                folds: number;
                grouped_by?: string;
                seconds?: number;
            };
            f1?: number | {
                [key: string]: number;
            };
            /** @description every feature, largest mean |SHAP| first */
            feature_importance?: {
                feature: string;
                /** @description XGBoost gain */
                gain: number;
                /** @description mean |SHAP value| over the training rows */
                mean_abs_shap: number;
            }[];
            /** @description rows evaluated */
            n?: number;
            /** @description the same metrics per catalogue, without curves */
            per_catalog?: {
                [key: string]: {
                    accuracy?: number | null;
                    /** @description reliability diagram: ten bins of the planet score */
                    calibration?: {
                        /** @description rows in the bin */
                        count: number;
                        mean_predicted: number;
                        /** @description fraction labelled planet */
                        observed: number;
                    }[];
                    /** @description rows: true label, columns: predicted (labels order) */
                    confusion_matrix?: number[][];
                    f1?: number | {
                        [key: string]: number;
                    };
                    /** @description rows evaluated */
                    n?: number;
                    pr_auc?: number | null;
                    roc_auc?: number | null;
                };
            };
            pr_auc?: number | null;
            /** @description precision-recall curve: [recall, precision] pairs, up to 101 */
            pr_curve?: [
                number,
                number
            ][];
            roc_auc?: number | null;
            /** @description ROC curve: [false positive rate, true positive rate] pairs, up to 101, from [0, 0] */
            roc_curve?: [
                number,
                number
            ][];
            star_masking?: components["schemas"]["StarMaskingMetrics"];
        } & {
            [key: string]: unknown;
        };
        ModelSummary: {
            active: boolean;
            /** @description training catalogue: koi, toi or k2, or a list of them */
            catalog: string | string[];
            /** @description creation time, ISO 8601 */
            created: string;
            id: string;
            metrics: {
                accuracy?: number;
                f1?: number | {
                    [key: string]: number;
                };
                pr_auc?: number;
                roc_auc?: number;
            };
            /** @description binary or multiclass */
            task: string;
            version: string;
        };
        MySearch: {
            /** @description null until the search is done */
            candidate_count: number | null;
            candidates: {
                annotation: components["schemas"]["Annotation"] | null;
                /** @description 0-based, as in the result's candidates */
                index: number;
                /** @description the model's verdict */
                label: string | null;
                /** @description days */
                period: number | null;
                planet_probability: number | null;
            }[];
            /** @description unix epoch milliseconds */
            created_ms: number;
            filenames: string[];
            id: string;
            /** @enum {string} */
            status: "queued" | "running" | "done" | "failed";
            /** @description target id read from the light curve */
            target: string;
            /** @description the search's link (GET) */
            url: string;
        };
        MySearches: {
            limit: number;
            offset: number;
            searches: components["schemas"]["MySearch"][];
            total: number;
        };
        /** @description Series for the UI (raw flux and trend, detrended flux, per candidate periodogram, folded curve with bins and box model, odd/even and secondary windows, each window with n_points, its points before thinning), each series at most points_level points spread over all of it (in-transit points take up to half); see plot_data_json in detect/pipeline.hpp. The full-resolution light curve is GET .../light-curve. */
        PlotData: {
            /** @description the stored resolution served: the smallest one >= points */
            points_level: number;
            points_requested: number;
        } & {
            [key: string]: unknown;
        };
        Prediction: {
            /** @description SHAP base value (log-odds) the contributions add to */
            base_value?: number;
            explanation: components["schemas"]["Explanation"][];
            /** @description the row's id column (kepoi_name, toi, pl_name, ...) when present */
            id?: string | number;
            /** @description predicted class, e.g. planet or false_positive */
            label: string;
            /** @description probability the object is a planet, 0..1 */
            planet_probability: number;
            /** @description per-class probabilities (multiclass models) */
            probabilities?: {
                [key: string]: number;
            };
            /** @description index of the input row */
            row: number;
            /** @description id of the model that scored the row: the model's own, or its embedded candidate model's (card.candidate_model) for a row without any of the catalogue's context features (typed in, or from a CSV that is not a catalogue export) or without any uncertainty column (an export without its error columns) */
            scored_with: string;
        };
        PredictRequest: {
            rows: components["schemas"]["FeatureRow"][];
            /**
             * @description explanation entries per prediction
             * @default 8
             */
            top_features: number;
        };
        PredictResponse: {
            errors: components["schemas"]["RowError"][];
            ignored_columns?: string[];
            model: components["schemas"]["ModelSummary"];
            predictions: components["schemas"]["Prediction"][];
        };
        RowError: {
            message: string;
            row: number;
        };
        SearchInput: {
            /** @description BJD_TDB of the time column's zero (days) */
            bjd_reference_days?: number | null;
            campaigns?: number[];
            /** @description the uploaded file's name */
            file: string;
            /** @description Kepler, K2, TESS or unknown */
            mission: string;
            /** @description points left out as upper outliers or flares */
            n_clipped?: number;
            /** @description rows read, before quality and NaN filtering */
            n_points: number;
            /** @description points searched */
            n_used: number;
            notes?: string[];
            quarters?: number[];
            sectors?: number[];
            /** @description days from the first to the last point */
            span_days?: number | null;
            stellar: components["schemas"]["StellarInput"];
            /** @description the header's OBJECT, or the file's stem */
            target?: string;
            /** @description BTJD, BKJD, BJD, ... (the input's time column) */
            time_system?: string;
        };
        SearchJob: {
            /** @description unix epoch milliseconds */
            created_ms: number;
            error: components["schemas"]["JobError"] | null;
            id: string;
            /** @description the bearer token's user owns the search */
            mine?: boolean;
            params: {
                [key: string]: unknown;
            };
            progress: number;
            result: components["schemas"]["SearchReport"] | null;
            /** @description current step, e.g. searching */
            stage: string;
            /** @enum {string} */
            status: "queued" | "running" | "done" | "failed";
            /** @description search or train */
            type: string;
            /** @description unix epoch milliseconds */
            updated_ms: number;
        };
        SearchProgress: {
            id: string;
            progress: number;
            stage: string;
            status: string;
        };
        SearchReport: {
            candidates: components["schemas"]["Candidate"][];
            input: components["schemas"]["SearchInput"];
            model?: {
                id: string;
                scored_with?: {
                    features?: string[];
                    /** @description the model that scored the candidates */
                    id: string;
                    /**
                     * @description complete: the star gave every stellar input the model reads; partial / unknown: some / all of them were missing (listed in without); not_used: the model reads no stellar input at all
                     * @enum {string}
                     */
                    star: "complete" | "partial" | "unknown" | "not_used";
                    vetting_rule?: string;
                    without: string[];
                } & {
                    [key: string]: unknown;
                };
                task?: string;
                version: string;
            } | null;
            search?: components["schemas"]["SearchSettings"];
            /** @description dips with no second transit in the data (a planet of longer period than the data show twice), found once the candidates' transits are masked; no planet probability */
            single_events?: components["schemas"]["SingleEvent"][];
            timing_ms: {
                [key: string]: number;
            };
        } & {
            [key: string]: unknown;
        };
        SearchSettings: {
            /** @description 0: the biweight location of each window; 2: a biweight quadratic, used where the location leaves the star's variability */
            detrend_degree?: number;
            /** @description binned residual scatter at 2 hours over white noise of the detrended flux (about 1 when the trend follows the star; 0: too few bins to tell) */
            detrend_red_noise?: number;
            /** @description days */
            detrend_window_days?: number;
            durations_hours: number[];
            /** @description points clipped as flares before the search */
            n_flare_points?: number;
            /** @description trial periods searched */
            n_periods?: number;
            /** @description days */
            period_max_days: number;
            /** @description days */
            period_min_days: number;
            /** @description durations sized by the star */
            physical_durations?: boolean;
            sde_min?: number;
            single_event_durations_hours?: number[];
            /** @description the SNR a single event needed: at least snr_min, and 1% false alarms over its independent boxes */
            single_event_snr_min?: number;
            /** @description the SNR a candidate needed (the automatic threshold when not given) */
            snr_min?: number;
            /** @description g/cm^3: the density the period grid assumed */
            stellar_density_cgs?: number | null;
        };
        SignupAccepted: {
            message: string;
        };
        SingleEvent: {
            /** @description ppm, 1 sigma, red noise included */
            depth_err_ppm?: number;
            /** @description mean flux deficit in the box (ppm) */
            depth_ppm: number;
            /** @description the best box's width (hours) */
            duration_hours: number;
            /** @description points in the box */
            n_points?: number;
            /** @description days: a central transit's period for this duration and the star's density (b = 0, circular); null when the density is unknown */
            period_from_duration_days?: number | null;
            /** @description days: the shortest period at which no other transit falls on the data */
            period_min_days: number;
            /** @description scatter of this width's box depths over their white-noise errors (at least 1) */
            red_noise_factor?: number;
            snr: number;
            /** @description mid-event, input time system (days) */
            t0: number;
            /** @description mid-event, BJD_TDB (days) */
            t0_bjd?: number | null;
        };
        /** @description metrics of the rows scored with their star, with it removed, and partly removed */
        StarMaskingMetrics: {
            partial_star?: components["schemas"]["BriefMetrics"];
            with_star?: components["schemas"]["BriefMetrics"];
            without_star?: components["schemas"]["BriefMetrics"];
        };
        StellarInput: {
            catalogue?: {
                /** @description the target's id in that table (TIC, KIC, EPIC, name) */
                id: string;
                /** @description the row's own name (TOI 114.01, K00002.01, ...) */
                row: string;
                /** @description arcsec from the header's position, when the row was found by position (a K2 host named only by name) */
                separation_arcsec?: number | null;
                /** @description koi, toi or k2 */
                table: string;
            } | null;
            /** @description g/cm^3, from mass and radius or logg and radius */
            density_cgs?: number | null;
            /** @description log10 cm/s^2 */
            logg_cgs?: number | null;
            /** @description the mission's band (Kepler Kp, TESS T) */
            magnitude?: number | null;
            /** @description solar masses */
            mass_sun?: number | null;
            /** @description solar radii */
            radius_sun?: number | null;
            /** @description per stellar value above that is known: where it came from */
            sources: {
                [key: string]: {
                    /** @description 1 sigma, in the value's unit */
                    err?: number | null;
                    /**
                     * @description header: the FITS header; user: given with the search; catalogue: the shipped catalogue's row for the target; derived: computed from the other values
                     * @enum {string}
                     */
                    source: "header" | "user" | "catalogue" | "derived";
                };
            };
            /** @description K */
            teff_k?: number | null;
        };
        Token: {
            /** @description seconds */
            expires_in: number;
            /** @description JWT (HS256); send as Authorization: Bearer <token> */
            token: string;
            /** @enum {string} */
            token_type: "bearer";
            user: components["schemas"]["User"];
        };
        TrainJob: {
            /** @description unix epoch milliseconds */
            created_ms: number;
            error: components["schemas"]["JobError"] | null;
            id: string;
            params: {
                [key: string]: unknown;
            };
            progress: number;
            result: {
                model: components["schemas"]["ModelCard"];
                path: string;
            } | null;
            /** @description current step, e.g. searching */
            stage: string;
            /** @enum {string} */
            status: "queued" | "running" | "done" | "failed";
            /** @description search or train */
            type: string;
            /** @description unix epoch milliseconds */
            updated_ms: number;
        };
        TrainRequest: {
            /**
             * @description boosters averaged, each early-stopped on its own seventh of the training rows; 1: one booster, several times faster to explain
             * @default 2
             */
            bags: number;
            /**
             * @description weight the classes to equal total weight
             * @default false
             */
            balance_classes: boolean;
            /**
             * @description the catalogue export in EXODETECT_CATALOG_DIR to train on
             * @default koi
             * @enum {string}
             */
            catalog: "koi" | "toi" | "k2";
            /**
             * @description column subsample per tree
             * @default 0.5
             */
            colsample: number;
            /**
             * @description cross-validation folds, grouped by host star
             * @default 5
             */
            folds: number;
            /**
             * @description shrinkage (eta)
             * @default 0.1
             */
            learning_rate: number;
            /**
             * @description tree depth
             * @default 5
             */
            max_depth: number;
            /**
             * @description minimum hessian per leaf
             * @default 1
             */
            min_child_weight: number;
            /**
             * @description maximum boosting rounds (early stopping picks fewer)
             * @default 600
             */
            n_trees: number;
            /**
             * @description random seed (results are identical for a seed)
             * @default 42
             */
            seed: number;
            /**
             * @description row subsample per tree
             * @default 0.8
             */
            subsample: number;
            /**
             * @description planet or not, or planet, candidate, false positive
             * @default binary
             * @enum {string}
             */
            task: "binary" | "multiclass";
        };
        User: {
            created_ms: number;
            email: string;
            /** @enum {string} */
            role: "user" | "admin";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Credentials"];
            };
        };
        responses: {
            /** @description Logged in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"];
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Logged out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Credentials"];
            };
        };
        responses: {
            /** @description Signup handled */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignupAccepted"];
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listCatalog: {
        parameters: {
            query?: {
                /** @description exact disposition, e.g. CONFIRMED */
                disposition?: string;
                /** @description rows per page */
                limit?: number;
                /** @description rows to skip */
                offset?: number;
                /** @description sort order */
                order?: "asc" | "desc";
                /** @description case-insensitive text search in ids and names; rows with a name equal to it, then a name beginning with it as a whole word, come first (a sort column overrides) */
                q?: string;
                /** @description numeric filter column:min:max (either bound may be empty); repeatable */
                range?: string[];
                /** @description column to sort by */
                sort?: string;
            };
            header?: never;
            path: {
                /** @description catalogue */
                name: "koi" | "toi" | "k2";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of rows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogPage"];
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCatalogObject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description object id (kepoi_name, toi or pl_name) */
                id: string;
                /** @description catalogue */
                name: "koi" | "toi" | "k2";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The object */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogObject"];
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listMySearches: {
        parameters: {
            query?: {
                /** @description searches per page */
                limit?: number;
                /** @description searches to skip */
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of searches */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MySearches"];
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listModels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Models */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelList"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description model id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Model card */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelCard"];
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    activateModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description model id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Activated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Activated"];
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Admin role required */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    trainModel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["TrainRequest"];
            };
        };
        responses: {
            /** @description Job accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Admin role required */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTrainJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description job id (32 lowercase hex characters) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrainJob"];
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Admin role required */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    predict: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PredictRequest"];
            };
        };
        responses: {
            /** @description Predictions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PredictResponse"];
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No row could be scored; each row's reason is in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    predictBatch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** Format: binary */
                    file: string;
                };
            };
        };
        responses: {
            /** @description Predictions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PredictResponse"];
                    "text/csv": string;
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No row could be scored; each row's reason is in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createSearch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * @description width of the biweight detrending window, longer than the longest trial duration (days); 0: three times the longest trial duration
                     * @default 0
                     */
                    detrend_window?: number;
                    /** @description trial transit durations, each tried at every period (hours); none given: the durations a transit can last at each period for the star, comma separated, each in (0, 72] */
                    durations?: string;
                    /** @description one or more FITS/CSV light curves (.gz allowed) of one star */
                    file: string[];
                    /**
                     * @description fit a limb-darkened transit to each candidate (posterior intervals, convergence and vetting in its `fit`)
                     * @default false
                     */
                    fit?: boolean;
                    /**
                     * @description most ensemble-sampler steps per walker in each fit (at least 1000 are run); 0: the default. A fit whose chains did not converge may converge with more steps; each step costs about as much as 36 evaluations of the transit model
                     * @default 0
                     */
                    fit_max_steps?: number;
                    /**
                     * @description FITS flux column
                     * @default pdcsap
                     * @enum {string}
                     */
                    flux?: "pdcsap" | "sap";
                    /** @description flux column, CSV or FITS (name or 0-based index; e.g. KSPSAP_FLUX, PCA1, FCOR) */
                    flux_column?: string;
                    /** @description flux error column, CSV or FITS (name or 0-based index) */
                    flux_err_column?: string;
                    /**
                     * @description what the flux column holds: auto (magnitudes when its name or unit says mag, ppm or ppt when it says so), flux, mag (converted with flux = 10^(-0.4 mag)), or the change from the star's level centred on zero as relative (a fraction), ppt or ppm (flux = 1 + value)
                     * @default auto
                     * @enum {string}
                     */
                    flux_unit?: "auto" | "flux" | "mag" | "relative" | "ppt" | "ppm";
                    /** @description the star's surface gravity (log10 cm/s^2) */
                    logg?: number;
                    /** @description the star's Kepler or TESS magnitude */
                    magnitude?: number;
                    /** @description the star's mass (solar masses) */
                    mass?: number;
                    /**
                     * @description most planets to search for
                     * @default 5
                     */
                    max_planets?: number;
                    /**
                     * @description longest trial period (days); 0: half the time span, at most 100 days
                     * @default 0
                     */
                    period_max?: number;
                    /**
                     * @description shortest trial period (days)
                     * @default 0.5
                     */
                    period_min?: number;
                    /** @description the star's radius (solar radii) */
                    radius?: number;
                    /**
                     * @description stop the iterative search at a peak below this SDE; 0: the default, 6
                     * @default 0
                     */
                    sde_min?: number;
                    /**
                     * @description stop the iterative search at a peak below this transit SNR; 0: automatic, from the number of trial periods, for about 1% false alarms on white noise
                     * @default 0
                     */
                    snr_min?: number;
                    /** @description a star to look up in the shipped catalogues for the values not given: 'TIC 25155310', 'KIC 10666592', 'EPIC 206154641', 'K2-18', 'TOI-114' (default: the file's own id) */
                    target?: string;
                    /** @description the star's effective temperature (K); overrides the header */
                    teff?: number;
                    /** @description time column, CSV or FITS (name or 0-based index) */
                    time_column?: string;
                };
            };
        };
        responses: {
            /** @description Job accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSearch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description job id (32 lowercase hex characters) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchJob"];
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteSearch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description job id (32 lowercase hex characters) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Admin role required */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the search is not finished, failed, or has no such output (error.code says which: not_ready, not_finished, job_failed, not_fitted, no_posterior) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putAnnotation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description job id (32 lowercase hex characters) */
                id: string;
                /** @description candidate index, from 0, in the result's candidates */
                n: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnnotationRequest"];
            };
        };
        responses: {
            /** @description Saved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnnotationSaved"];
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Admin role required */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the search is not finished, failed, or has no such output (error.code says which: not_ready, not_finished, job_failed, not_fitted, no_posterior) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getFitSamples: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description job id (32 lowercase hex characters) */
                id: string;
                /** @description candidate index, from 0, in the result's candidates */
                n: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Posterior samples */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the search is not finished, failed, or has no such output (error.code says which: not_ready, not_finished, job_failed, not_fitted, no_posterior) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCandidateReport: {
        parameters: {
            query?: {
                /** @description pdf or png */
                format?: "pdf" | "png";
            };
            header?: never;
            path: {
                /** @description job id (32 lowercase hex characters) */
                id: string;
                /** @description candidate index, from 0, in the result's candidates */
                n: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                    "image/png": string;
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the search is not finished, failed, or has no such output (error.code says which: not_ready, not_finished, job_failed, not_fitted, no_posterior) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSearchEvents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description job id (32 lowercase hex characters) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description text/event-stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSearchLightCurve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description job id (32 lowercase hex characters) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV (Content-Disposition: attachment) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the search is not finished, failed, or has no such output (error.code says which: not_ready, not_finished, job_failed, not_fitted, no_posterior) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSearchPlotData: {
        parameters: {
            query?: {
                /** @description wanted points per series (stored levels 500, 2000, 8000) */
                points?: number;
            };
            header?: never;
            path: {
                /** @description job id (32 lowercase hex characters) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Plot data */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlotData"];
                };
            };
            /** @description Bad input (malformed JSON, wrong types, invalid values or ids) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the search is not finished, failed, or has no such output (error.code says which: not_ready, not_finished, job_failed, not_fitted, no_posterior) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Something the request needs is unavailable (error.code says what: model_unavailable, catalog_unavailable, queue_unavailable, auth_unavailable, user_store_unavailable or rate_limiter_unavailable); see Retry-After */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDocs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description HTML page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Health */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description metrics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOpenApi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OpenAPI 3.0 document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description The request or its body arrived too slowly (EXODETECT_READ_IDLE_TIMEOUT_S of silence, EXODETECT_REQUEST_TIMEOUT_S in all) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than EXODETECT_MAX_UPLOAD_MB (counted as it arrives, chunked or not), or a gzipped upload inflating past EXODETECT_MAX_DECOMPRESSED_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Wrong content type, or an encoded body (Content-Encoding other than identity; upload .gz files as they are instead) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit, full queue, or too many open connections or progress streams from this client or in all; see Retry-After */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
