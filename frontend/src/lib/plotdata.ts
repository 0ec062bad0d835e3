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
