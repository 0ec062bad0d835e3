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
    "name": "fit",
    "type": "boolean",
    "description": "fit a limb-darkened transit to each candidate (adds `fit`)",
    "default": false
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
    "name": "logg",
    "type": "number",
    "description": "the star's surface gravity, log10 cgs (-1 to 9.5)"
  },
  {
    "name": "magnitude",
    "type": "number",
    "description": "the star's Kepler or TESS magnitude"
  },
  {
    "name": "mass",
    "type": "number",
    "description": "the star's mass, solar masses (0-300)"
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
    "name": "radius",
    "type": "number",
    "description": "the star's radius, solar radii (0-2000)"
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
    "name": "target",
    "type": "string",
    "description": "a star to look up in the shipped catalogues for the values not given: 'TIC 25155310', 'KIC 10666592', 'EPIC 206154641', 'K2-18', 'TOI-114' (an unknown or garbled id is a 400)"
  },
  {
    "name": "teff",
    "type": "number",
    "description": "the star's effective temperature, K (1000-100000; overrides the header)"
  },
  {
    "name": "time_column",
    "type": "string",
    "description": "CSV: time column name or index"
  }
];
