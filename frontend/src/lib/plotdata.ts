// The /searches/{id}/plot-data document (backend plot_data_json), normalised for the Lab's plots.

export interface PeriodogramData {
  period: number[];
  power: number[];
}

export interface FoldWindow {
  points: { x: number[]; y: number[] };
  bins: { x: number[]; y: number[] };
  model: { x: number[]; y: number[] };
}

export interface CandidatePlotData {
  periodogram: PeriodogramData;
  folded: FoldWindow | null;
  odd: FoldWindow | null;
  even: FoldWindow | null;
  secondary: FoldWindow | null;
}

export interface PlotData {
  time: number[];
  flux: number[];
  trend: number[];
  /** 1 where a cadence was clipped (outlier, flagged) and left out of the search. */
  flagged: number[];
  /** Detrended flux; NaN at flagged cadences so client-side folds leave them out. */
  detrended: number[];
  /** 1 + candidate index for in-transit points, 0 elsewhere. */
  inTransit: number[];
  candidates: CandidatePlotData[];
  /** Points in these series, and in the light curve searched (the series are thinned to a budget). */
  pointsServed: number;
  pointsTotal: number;
}

type Obj = Record<string, unknown>;

function nums(v: unknown): number[] {
  if (!Array.isArray(v)) return [];
  return v.map((x) => (x === null || x === undefined ? NaN : Number(x)));
}

function xy(o: unknown): { x: number[]; y: number[] } {
  const r = (o ?? {}) as Obj;
  return { x: nums(r.phase_hours), y: nums(r.flux) };
}

function foldWindow(o: unknown): FoldWindow | null {
  if (!o || typeof o !== 'object') return null;
  const r = o as Obj;
  return { points: xy(r.points), bins: xy(r.bins), model: xy(r.model) };
}

export function normalizePlotData(raw: unknown): PlotData {
  const doc = (raw ?? {}) as Obj;
  const s = (doc.series ?? {}) as Obj;
  const time = nums(s.time);
  const n = time.length;
  const sized = (v: number[], fill: number) => (v.length === n ? v : new Array<number>(n).fill(fill));
  const flagged = sized(nums(s.clipped).map((x) => (x ? 1 : 0)), 0);
  const detrended = sized(nums(s.detrended_flux), NaN).map((v, i) => (flagged[i] ? NaN : v));
  const candidates = Array.isArray(doc.candidates) ? (doc.candidates as Obj[]) : [];
  return {
    time,
    flux: sized(nums(s.flux), NaN),
    trend: sized(nums(s.trend), NaN),
    flagged,
    detrended,
    inTransit: sized(nums(s.in_transit), 0),
    pointsServed: n,
    pointsTotal: typeof doc.n_points === 'number' ? doc.n_points : n,
    candidates: candidates.map((c) => {
      const pg = (c.periodogram ?? {}) as Obj;
      const period = nums(pg.period);
      const sde = nums(pg.sde);
      // SDE when the engine gave it for every point, else the raw power.
      const power = sde.length === period.length && sde.every(Number.isFinite) ? sde : nums(pg.power);
      return { periodogram: { period, power }, folded: foldWindow(c.folded), odd: foldWindow(c.odd), even: foldWindow(c.even), secondary: foldWindow(c.secondary) };
    }),
  };
}

const maxAbs = (xs: number[]) => xs.reduce((m, x) => (Number.isFinite(x) ? Math.max(m, Math.abs(x)) : m), 0);

/**
 * Whether a window's points reach out to its edges. The API keeps every point inside the box
 * (the transit, or phase 0.5) and thins the rest to a budget; when the box alone fills the budget
 * (a long, short-period signal), only the box's points come back.
 */
export function coversWindow(w: FoldWindow): boolean {
  return w.points.x.length > 0 && maxAbs(w.points.x) >= 0.8 * maxAbs(w.model.x);
}

/**
 * The folded window with every epoch's points: when the API thinned the fold to its box but not
 * the odd and even windows (each holds half the transits, so half the box), their union is the
 * whole fold.
 */
export function completeFold(folded: FoldWindow, odd: FoldWindow | null, even: FoldWindow | null): FoldWindow {
  if (coversWindow(folded) || !odd || !even || !coversWindow(odd) || !coversWindow(even)) return folded;
  const merged = [...odd.points.x.map((x, i) => [x, odd.points.y[i]]), ...even.points.x.map((x, i) => [x, even.points.y[i]])].sort((a, b) => a[0] - b[0]);
  return { ...folded, points: { x: merged.map((p) => p[0]), y: merged.map((p) => p[1]) } };
}
