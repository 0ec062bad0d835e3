// Reads a candidate's `fit` (the limb-darkened transit fit, docs/FIT.md; open in /openapi.json)
// into typed values: the posterior intervals with their units, the convergence, the
// maximum-likelihood shape for the plots, and the fit's vetting in words.
import { shapeFromSampled, type TransitShape } from './transit-model';
import type { Candidate } from './types';

type Obj = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

/** A posterior's 16th, 50th and 84th percentiles. */
export interface Interval {
  median: number;
  lower: number;
  upper: number;
}

export interface FitParameter {
  key: string;
  label: string;
  /** Unit as shown; 'time' stands for the light curve's time system. */
  unit: string;
  interval: Interval;
}

export interface FitCheck {
  key: string;
  label: string;
  /** The measurement, in words and numbers. */
  value: string;
  /** True when the check flags the candidate; null when it could not be made. */
  flagged: boolean | null;
}

export interface FitSummary {
  converged: boolean;
  error: string | null;
  points: number | null;
  elapsedMs: number | null;
  /** Walkers x steps, the slowest autocorrelation time and the worst split R-hat. */
  convergence: { walkers: number | null; steps: number | null; maxTau: number | null; maxRhat: number | null; effective: number | null };
  parameters: FitParameter[];
  /** The maximum-likelihood transit (drawn over the fold) and its mid-transit time (days). */
  bestFit: { shape: TransitShape; t0: number } | null;
  checks: FitCheck[];
}

// The posterior's parameters in the order a reader wants them, with their units.
const PARAMETERS: { key: string; label: string; unit: string }[] = [
  { key: 'period', label: 'Period', unit: 'd' },
  { key: 't0', label: 'T0', unit: 'time' },
  { key: 'depth_ppm', label: 'Depth', unit: 'ppm' },
  { key: 't14_hours', label: 'Duration T14', unit: 'h' },
  { key: 'rp_rs', label: 'Rp/R★', unit: '' },
  { key: 'planet_radius_earth', label: 'Planet radius', unit: 'R⊕' },
  { key: 'impact', label: 'Impact parameter b', unit: 'R★' },
  { key: 'a_rs', label: 'a/R★', unit: '' },
  { key: 'inclination_deg', label: 'Inclination', unit: '°' },
  { key: 'stellar_density_cgs', label: 'Stellar density ρ★', unit: 'g/cm³' },
  { key: 'q1', label: 'q1 (limb darkening)', unit: '' },
  { key: 'q2', label: 'q2 (limb darkening)', unit: '' },
  { key: 'u1', label: 'u1', unit: '' },
  { key: 'u2', label: 'u2', unit: '' },
  { key: 'flux_offset_ppm', label: 'Flux offset', unit: 'ppm' },
  { key: 'jitter_ppm', label: 'Jitter', unit: 'ppm' },
];

function interval(v: unknown): Interval | null {
  const o = obj(v);
  const median = num(o.median);
  const lower = num(o.lower);
  const upper = num(o.upper);
  return median !== null && lower !== null && upper !== null ? { median, lower, upper } : null;
}

/** "8.37 +0.10 −0.12": the uncertainties to two significant digits, the median to their decimals. */
export function fmtInterval(i: Interval, maxDecimals = 8): string {
  const plus = i.upper - i.median;
  const minus = i.median - i.lower;
  const smallest = Math.min(...[plus, minus].filter((e) => e > 0));
  if (!Number.isFinite(smallest)) return String(Number(i.median.toPrecision(6)));
  const d = Math.min(maxDecimals, Math.max(0, 1 - Math.floor(Math.log10(smallest))));
  return `${i.median.toFixed(d)} +${plus.toFixed(d)} −${minus.toFixed(d)}`;
}

const sig = (v: number | null, digits = 3) => (v === null ? '—' : String(Number(v.toPrecision(digits))));

function checks(vetting: Obj): FitCheck[] {
  const out: FitCheck[] = [];
  const density = num(vetting.density_mismatch_sigma);
  out.push({
    key: 'density',
    label: 'Stellar density from the transit against the star',
    value: density === null ? 'no posterior or no star to compare' : `${sig(density, 2)}σ apart`,
    flagged: bool(vetting.density_mismatch),
  });
  const grazing = num(vetting.grazing_probability);
  out.push({
    key: 'grazing',
    label: 'V shape (grazing: b > 1 − k)',
    value: grazing === null ? 'no posterior' : `${(grazing * 100).toFixed(1)}% of the posterior grazing`,
    flagged: bool(vetting.v_shaped),
  });
  const odd = num(vetting.odd_depth_ppm);
  const even = num(vetting.even_depth_ppm);
  out.push({
    key: 'odd_even',
    label: 'Odd and even transit depths',
    value:
      odd === null || even === null
        ? 'not measured'
        : `odd ${sig(odd, 4)} ± ${sig(num(vetting.odd_depth_err_ppm), 2)} ppm, even ${sig(even, 4)} ± ${sig(num(vetting.even_depth_err_ppm), 2)} ppm (${sig(num(vetting.odd_even_sigma), 2)}σ)`,
    flagged: bool(vetting.odd_even_mismatch),
  });
  const secondary = num(vetting.secondary_depth_ppm);
  out.push({
    key: 'secondary',
    label: 'Secondary eclipse at phase 0.5',
    value:
      secondary === null
        ? 'not measured'
        : `${sig(secondary, 3)} ± ${sig(num(vetting.secondary_depth_err_ppm), 2)} ppm (upper limit ${sig(num(vetting.secondary_upper_limit_ppm), 3)} ppm)`,
    flagged: bool(vetting.secondary_eclipse),
  });
  const ttv = num(vetting.ttv_sigma);
  const epochs = Array.isArray(vetting.epochs) ? vetting.epochs.length : 0;
  out.push({
    key: 'ttv',
    label: 'Transit timing (TTV)',
    value: ttv === null ? 'not measured' : `${epochs} transit times, χ² ${sig(num(vetting.ttv_chi2), 3)} for ${sig(num(vetting.ttv_dof), 3)} d.o.f. (${sig(ttv, 2)}σ)`,
    flagged: bool(vetting.ttv),
  });
  return out;
}

/** The candidate's fit, or null when the search was run without one. */
export function fitSummary(candidate: Candidate): FitSummary | null {
  if (!candidate.fit || typeof candidate.fit !== 'object') return null;
  const fit = obj(candidate.fit);
  const conv = obj(fit.convergence);
  const ml = obj(fit.max_likelihood);
  const names = Array.isArray(ml.parameters) ? ml.parameters.map(String) : [];
  const values = Array.isArray(ml.values) ? ml.values.map((v) => num(v) ?? NaN) : [];
  const sampled: Record<string, number> = {};
  names.forEach((n, i) => (sampled[n] = values[i] ?? NaN));
  const exposureDays = (num(fit.exposure_minutes) ?? 0) / 1440;
  const shape = names.length ? shapeFromSampled(sampled, exposureDays, { rpRs: num(ml.rp_rs), aRs: num(ml.a_rs) }) : null;
  return {
    converged: fit.converged === true,
    error: typeof fit.error === 'string' && fit.error ? fit.error : null,
    points: num(fit.n_points),
    elapsedMs: num(fit.elapsed_ms),
    convergence: {
      walkers: num(conv.walkers),
      steps: num(conv.steps),
      maxTau: num(conv.max_autocorr_time),
      maxRhat: num(conv.max_split_rhat),
      effective: num(conv.effective_samples),
    },
    parameters: PARAMETERS.flatMap((p) => {
      const i = interval(fit[p.key]);
      return i ? [{ ...p, interval: i }] : [];
    }),
    bestFit: shape && Number.isFinite(sampled.t0) ? { shape, t0: sampled.t0 } : null,
    checks: checks(obj(fit.vetting)),
  };
}

/**
 * Hours from the candidate's folded mid-transit to the fit's: the fit's t0 sits at a transit
 * near the middle of the data, so it is brought back to the fold's epoch.
 */
export function fitShiftHours(fitT0: number, candidateT0: number, period: number): number {
  if (!(period > 0)) return 0;
  const cycles = (fitT0 - candidateT0) / period;
  return (cycles - Math.round(cycles)) * period * 24;
}
