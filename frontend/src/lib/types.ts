// Shapes the pages use. Where the backend's OpenAPI document describes a schema, the type comes
// from the generated file (src/lib/api-schema.ts, `npm run gen:api`).

export interface Explanation {
  feature: string;
  value: number | null;
  contribution: number;
}

export interface Candidate {
  period: number;
  period_err?: number;
  t0: number;
  t0_bjd?: number | null;
  duration_hours: number;
  depth_ppm: number;
  depth_err_ppm?: number;
  snr: number;
  sde: number;
  transit_count: number;
  transits_with_data?: number;
  odd_even_mismatch?: number;
  secondary_depth_ppm?: number;
  planet_radius_earth?: number | null;
  flags: string[];
  planet_probability?: number | null;
  label?: string | null;
  explanation?: Explanation[];
}

export interface SearchResult {
  input: Record<string, unknown>;
  candidates: Candidate[];
  timing_ms: Record<string, number>;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface SearchJob {
  id: string;
  status: JobStatus;
  progress: number;
  stage?: string;
  error?: { code: string; message: string } | string | null;
  result?: SearchResult | null;
}

export interface Prediction {
  row?: number;
  id?: string;
  planet_probability: number;
  label: string;
  probabilities?: Record<string, number>;
  explanation: Explanation[];
}

export interface PredictResponse {
  predictions: Prediction[];
  errors?: { row: number; message: string }[];
  ignored_columns?: string[];
  model?: Record<string, unknown>;
}

export interface SessionUser {
  email: string;
  role: string;
}
