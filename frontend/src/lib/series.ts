// Pure data helpers for the plots: folding, binning, downsampling. No DOM, unit tested.

export interface Folded {
  /** Hours from mid-transit, sorted ascending, in [-period/2, period/2) converted to hours. */
  hours: Float64Array;
  flux: Float64Array;
}

/**
 * Folds a time series (days) on `period` (days) around `t0` (days). Non-finite points are dropped.
 * The result is sorted by phase so it can be drawn as a scatter or binned directly.
 */
export function fold(time: ArrayLike<number>, flux: ArrayLike<number>, period: number, t0: number): Folded {
  if (!(period > 0)) throw new RangeError('period must be positive');
  const n = Math.min(time.length, flux.length);
  const phase: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = time[i];
    const f = flux[i];
    if (!Number.isFinite(t) || !Number.isFinite(f)) continue;
    // Phase in [-0.5, 0.5) with the transit at 0.
    let p = (t - t0) / period;
    p -= Math.floor(p + 0.5);
    phase.push(p * period * 24);
    values.push(f);
  }
  const order = phase.map((_, i) => i).sort((a, b) => phase[a] - phase[b]);
  const hours = new Float64Array(order.length);
  const out = new Float64Array(order.length);
  order.forEach((j, k) => {
    hours[k] = phase[j];
    out[k] = values[j];
  });
  return { hours, flux: out };
}

export interface Binned {
  x: number[];
  y: number[];
  count: number[];
}

/** Mean of y in `bins` equal-width bins of x over [lo, hi); empty bins are left out. */
export function bin(x: ArrayLike<number>, y: ArrayLike<number>, bins: number, lo: number, hi: number): Binned {
  if (!(bins >= 1) || !(hi > lo)) throw new RangeError('need bins >= 1 and hi > lo');
  const sum = new Float64Array(bins);
  const cnt = new Uint32Array(bins);
  const width = (hi - lo) / bins;
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const xi = x[i];
    const yi = y[i];
    if (!Number.isFinite(xi) || !Number.isFinite(yi) || xi < lo || xi >= hi) continue;
    const b = Math.min(bins - 1, Math.floor((xi - lo) / width));
    sum[b] += yi;
    cnt[b]++;
  }
  const out: Binned = { x: [], y: [], count: [] };
  for (let b = 0; b < bins; b++) {
    if (cnt[b] === 0) continue;
    out.x.push(lo + (b + 0.5) * width);
    out.y.push(sum[b] / cnt[b]);
    out.count.push(cnt[b]);
  }
  return out;
}

/**
 * Min/max decimation to about `target` points: each bucket keeps its lowest and highest point in
 * time order, so transits (the minima) always survive. Returns indices into the input.
 */
export function downsampleIndices(y: ArrayLike<number>, target: number): number[] {
  const n = y.length;
  if (n <= target || target < 4) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.floor(target / 2);
  const size = n / buckets;
  const keep: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(n, Math.floor((b + 1) * size));
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      const v = y[i];
      if (!Number.isFinite(v)) continue;
      if (lo < 0 || v < y[lo]) lo = i;
      if (hi < 0 || v > y[hi]) hi = i;
    }
    if (lo < 0) continue;
    if (lo === hi) keep.push(lo);
    else keep.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  return keep;
}

/** Picks `indices` from each array. */
export function take<T extends ArrayLike<number>>(arr: T, indices: number[]): number[] {
  return indices.map((i) => arr[i]);
}

/** Period of the first `harmonics` aliases worth marking on a periodogram. */
export function aliasMarkers(period: number): { label: string; period: number }[] {
  return [
    { label: 'P/2', period: period / 2 },
    { label: '2P', period: period * 2 },
    { label: '3P', period: period * 3 },
  ];
}

/** Index of the highest value of `power` within ±`window` points of `index` (snap to a peak). */
export function snapToPeak(power: ArrayLike<number>, index: number, window = 20): number {
  let best = Math.max(0, Math.min(power.length - 1, index));
  const lo = Math.max(0, index - window);
  const hi = Math.min(power.length - 1, index + window);
  for (let i = lo; i <= hi; i++) if (power[i] > power[best]) best = i;
  return best;
}

/** Box transit model on hours-from-mid-transit: 1 - depth inside ±duration/2, else 1. */
export function boxModel(hours: number, durationHours: number, depthPpm: number, baseline = 1): number {
  return Math.abs(hours) <= durationHours / 2 ? baseline - depthPpm * 1e-6 : baseline;
}

/**
 * Merges series with their own x values onto one ascending x axis, as uPlot wants: each output
 * series holds its y where its x occurs and null elsewhere. Returns [x, ...ys].
 */
export function align(series: { x: ArrayLike<number>; y: ArrayLike<number | null> }[]): (number | null)[][] {
  const entries: { x: number; s: number; y: number | null }[] = [];
  series.forEach((ser, s) => {
    for (let i = 0; i < Math.min(ser.x.length, ser.y.length); i++) {
      if (Number.isFinite(ser.x[i])) entries.push({ x: ser.x[i], s, y: ser.y[i] });
    }
  });
  entries.sort((a, b) => a.x - b.x);
  const xs: number[] = new Array(entries.length);
  const ys: (number | null)[][] = series.map(() => new Array(entries.length).fill(null));
  entries.forEach((e, i) => {
    xs[i] = e.x;
    const y = e.y;
    ys[e.s][i] = y === null || !Number.isFinite(y) ? null : y;
  });
  return [xs, ...ys];
}

/** Splits y into two series by a mask: [y where !mask else null, y where mask else null]. */
export function splitByMask(y: ArrayLike<number>, mask: ArrayLike<number | boolean>): [(number | null)[], (number | null)[]] {
  const a: (number | null)[] = [];
  const b: (number | null)[] = [];
  for (let i = 0; i < y.length; i++) {
    const v = Number.isFinite(y[i]) ? y[i] : null;
    if (mask[i]) {
      a.push(null);
      b.push(v);
    } else {
      a.push(v);
      b.push(null);
    }
  }
  return [a, b];
}

/** Points of a folded curve within ±halfWindow hours of `centerHours`, re-centred on it. */
export function phaseWindow(folded: Folded, centerHours: number, halfWindowHours: number): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < folded.hours.length; i++) {
    const d = folded.hours[i] - centerHours;
    if (Math.abs(d) <= halfWindowHours) {
      x.push(d);
      y.push(folded.flux[i]);
    }
  }
  return { x, y };
}

/** Median of the finite values (NaN when there are none). */
export function median(values: ArrayLike<number>): number {
  const v = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/**
 * Mid-transit time (days) for a refold at `period`: the centre of the lowest bin of width
 * duration/2 in the curve folded on the first time stamp.
 */
export function bestEpoch(time: ArrayLike<number>, flux: ArrayLike<number>, period: number, durationHours: number): number {
  let t0 = NaN;
  for (let i = 0; i < time.length && !Number.isFinite(t0); i++) if (Number.isFinite(time[i])) t0 = time[i];
  if (!Number.isFinite(t0)) throw new RangeError('no finite time stamps');
  const halfSpan = period * 12;
  const bins = Math.max(8, Math.round((period * 24) / Math.max(durationHours / 2, 1e-3)));
  const folded = fold(time, flux, period, t0);
  const b = bin(folded.hours, folded.flux, bins, -halfSpan, halfSpan);
  let best = 0;
  for (let i = 1; i < b.y.length; i++) if (b.y[i] < b.y[best]) best = i;
  return t0 + (b.x[best] ?? 0) / 24;
}
