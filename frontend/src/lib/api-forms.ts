// Generated from the exodetect API /openapi.json by scripts/gen-api.mjs. Do not edit.

import type { FormField } from './form-field';

/** POST /api/v1/searches: the documented fields besides the light curve files. */
export const SEARCH_FIELDS: readonly FormField[] = [
  {
    "name": "detrend_window",
    "type": "number",
    "description": "width of the biweight detrending window, longer than the longest trial duration (days); 0: three times the longest trial duration",
    "default": 0,
    "minimum": 0,
    "maximum": 30
  },
  {
    "name": "durations",
    "type": "string",
    "description": "trial transit durations, each tried at every period (hours); none given: the durations a transit can last at each period for the star, comma separated, each in (0, 72]"
  },
  {
    "name": "fit",
    "type": "boolean",
    "description": "fit a limb-darkened transit to each candidate (posterior intervals, convergence and vetting in its `fit`)",
    "default": false
  },
  {
    "name": "fit_max_steps",
    "type": "integer",
    "description": "most ensemble-sampler steps per walker in each fit (at least 1000 are run); 0: the default. A fit whose chains did not converge may converge with more steps; each step costs about as much as 36 evaluations of the transit model",
    "default": 0,
    "minimum": 0,
    "maximum": 100000
  },
  {
    "name": "flux",
    "type": "string",
    "description": "FITS flux column",
    "default": "pdcsap",
    "enum": [
      "pdcsap",
      "sap"
    ]
  },
  {
    "name": "flux_column",
    "type": "string",
    "description": "flux column, CSV or FITS (name or 0-based index; e.g. KSPSAP_FLUX, PCA1, FCOR)"
  },
  {
    "name": "flux_err_column",
    "type": "string",
    "description": "flux error column, CSV or FITS (name or 0-based index)"
  },
  {
    "name": "flux_unit",
    "type": "string",
    "description": "what the flux column holds: auto (magnitudes when its name or unit says mag, ppm or ppt when it says so), flux, mag (converted with flux = 10^(-0.4 mag)), or the change from the star's level centred on zero as relative (a fraction), ppt or ppm (flux = 1 + value)",
    "default": "auto",
    "enum": [
      "auto",
      "flux",
      "mag",
      "relative",
      "ppt",
      "ppm"
    ]
  },
  {
    "name": "logg",
    "type": "number",
    "description": "the star's surface gravity (log10 cm/s^2)",
    "minimum": -1,
    "maximum": 9.5
  },
  {
    "name": "magnitude",
    "type": "number",
    "description": "the star's Kepler or TESS magnitude",
    "minimum": -30,
    "maximum": 40
  },
  {
    "name": "mass",
    "type": "number",
    "description": "the star's mass (solar masses)",
    "minimum": 0,
    "maximum": 300
  },
  {
    "name": "max_planets",
    "type": "integer",
    "description": "most planets to search for",
    "default": 5,
    "minimum": 1,
    "maximum": 20
  },
  {
    "name": "period_max",
    "type": "number",
    "description": "longest trial period (days); 0: half the time span, at most 100 days",
    "default": 0,
    "minimum": 0,
    "maximum": 100000
  },
  {
    "name": "period_min",
    "type": "number",
    "description": "shortest trial period (days)",
    "default": 0.5,
    "minimum": 0.01,
    "maximum": 10000
  },
  {
    "name": "radius",
    "type": "number",
    "description": "the star's radius (solar radii)",
    "minimum": 0,
    "maximum": 2000
  },
  {
    "name": "sde_min",
    "type": "number",
    "description": "stop the iterative search at a peak below this SDE; 0: the default, 6",
    "default": 0,
    "minimum": 0,
    "maximum": 1000
  },
  {
    "name": "snr_min",
    "type": "number",
    "description": "stop the iterative search at a peak below this transit SNR; 0: automatic, from the number of trial periods, for about 1% false alarms on white noise",
    "default": 0,
    "minimum": 0,
    "maximum": 1000
  },
  {
    "name": "target",
    "type": "string",
    "description": "a star to look up in the shipped catalogues for the values not given: 'TIC 25155310', 'KIC 10666592', 'EPIC 206154641', 'K2-18', 'TOI-114' (default: the file's own id)"
  },
  {
    "name": "teff",
    "type": "number",
    "description": "the star's effective temperature (K); overrides the header",
    "minimum": 1000,
    "maximum": 100000
  },
  {
    "name": "time_column",
    "type": "string",
    "description": "time column, CSV or FITS (name or 0-based index)"
  }
];

/** POST /api/v1/models/train: the training options (JSON body). */
export const TRAIN_FIELDS: readonly FormField[] = [
  {
    "name": "bags",
    "type": "integer",
    "description": "boosters averaged, each early-stopped on its own seventh of the training rows; 1: one booster, several times faster to explain",
    "default": 2,
    "minimum": 1,
    "maximum": 7
  },
  {
    "name": "balance_classes",
    "type": "boolean",
    "description": "weight the classes to equal total weight",
    "default": false
  },
  {
    "name": "catalog",
    "type": "string",
    "description": "the catalogue export in EXODETECT_CATALOG_DIR to train on",
    "default": "koi",
    "enum": [
      "koi",
      "toi",
      "k2"
    ]
  },
  {
    "name": "colsample",
    "type": "number",
    "description": "column subsample per tree",
    "default": 0.5,
    "minimum": 0.05,
    "maximum": 1
  },
  {
    "name": "folds",
    "type": "integer",
    "description": "cross-validation folds, grouped by host star",
    "default": 5,
    "minimum": 2,
    "maximum": 20
  },
  {
    "name": "learning_rate",
    "type": "number",
    "description": "shrinkage (eta)",
    "default": 0.1,
    "minimum": 0.0001,
    "maximum": 1
  },
  {
    "name": "max_depth",
    "type": "integer",
    "description": "tree depth",
    "default": 5,
    "minimum": 1,
    "maximum": 16
  },
  {
    "name": "min_child_weight",
    "type": "number",
    "description": "minimum hessian per leaf",
    "default": 1,
    "minimum": 0,
    "maximum": 1000
  },
  {
    "name": "n_trees",
    "type": "integer",
    "description": "maximum boosting rounds (early stopping picks fewer)",
    "default": 600,
    "minimum": 1,
    "maximum": 5000
  },
  {
    "name": "seed",
    "type": "integer",
    "description": "random seed (results are identical for a seed)",
    "default": 42,
    "minimum": 0,
    "maximum": 4294967295
  },
  {
    "name": "subsample",
    "type": "number",
    "description": "row subsample per tree",
    "default": 0.8,
    "minimum": 0.05,
    "maximum": 1
  },
  {
    "name": "task",
    "type": "string",
    "description": "planet or not, or planet, candidate, false positive",
    "default": "binary",
    "enum": [
      "binary",
      "multiclass"
    ]
  }
];

/** POST /api/v1/predict/batch: the upload's id and disposition columns its CSV answer keeps. */
export const KEPT_INPUT_COLUMNS: readonly string[] = ["kepid","kepoi_name","kepler_name","toi","tid","pl_name","hostname","koi_disposition","koi_pdisposition","tfopwg_disp","disposition"];
