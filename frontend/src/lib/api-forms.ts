// Generated from the exodetect API /openapi.json by scripts/gen-api.mjs. Do not edit.

import type { FormField } from './form-field';

/** POST /api/v1/searches: the documented fields besides the light curve files. */
export const SEARCH_FIELDS: readonly FormField[] = [
  {
    "name": "durations",
    "type": "string",
    "description": "trial durations, hours, comma separated"
  },
  {
    "name": "flux",
    "type": "string",
    "default": "pdcsap",
    "enum": [
      "pdcsap",
      "sap"
    ]
  },
  {
    "name": "flux_column",
    "type": "string",
    "description": "CSV: flux column name or index"
  },
  {
    "name": "flux_err_column",
    "type": "string",
    "description": "CSV: flux error column name or index"
  },
  {
    "name": "max_planets",
    "type": "integer",
    "default": 5,
    "minimum": 1,
    "maximum": 20
  },
  {
    "name": "period_max",
    "type": "number",
    "description": "longest period searched, days (0: half the span, at most 100 d)"
  },
  {
    "name": "period_min",
    "type": "number",
    "description": "shortest period searched, days (default 0.5)"
  },
  {
    "name": "sde_min",
    "type": "number",
    "description": "stop at a peak below this SDE (0: the default, 6)"
  },
  {
    "name": "snr_min",
    "type": "number",
    "description": "stop at a peak below this transit SNR (0: automatic, from the trial count, for about 1% false alarms on white noise)"
  },
  {
    "name": "time_column",
    "type": "string",
    "description": "CSV: time column name or index"
  }
];
