// A transit fit's posterior samples (GET .../fit/samples, CSV) read into columns, and what a
// corner plot draws of them: each parameter's axis range and histogram, and the 2-D density of
// each pair. T0 and the period are shown as offsets from their medians (minutes and seconds), so
// their ticks stay short. Pure, unit tested.

import { tickLabels } from './axes';

export interface Samples {
  names: string[];
  /** One array per column; only rows whose every value is a finite number are kept. */
  columns: number[][];
}

/** The samples CSV: a header row, then one draw per row ('#' lines and blank lines skipped). */
export function parseSamples(text: string): Samples {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  if (!lines.length) return { names: [], columns: [] };
  const names = lines[0].split(',').map((s) => s.trim());
  const columns: number[][] = names.map(() => []);
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    if (cells.length !== names.length) continue;
    const values = cells.map((c) => (c.trim() === '' ? NaN : Number(c)));
    if (!values.every(Number.isFinite)) continue;
    values.forEach((v, i) => columns[i].push(v));
  }
  return { names, columns };
}

export interface CornerParameter {
  /** The samples column. */
  key: string;
  label: string;
  /** Values as drawn (the column less `offset`, times `scale`). */
  values: number[];
  /** What was subtracted, in the column's unit (T0 and P: their medians); 0 otherwise. */
  offset: number;
  scale: number;
}

// The fit's main parameters, in the order the corner draws them. The density is drawn when the
// samples carry it; a/R★ stands in otherwise.
const MAIN: { key: string; label: string; offsetUnit?: { scale: number; unit: string } }[] = [
  { key: 'rp_rs', label: 'Rp/R★' },
  { key: 'impact', label: 'b' },
  { key: 'stellar_density_cgs', label: 'ρ★ (g/cm³)' },
  { key: 'a_rs', label: 'a/R★' },
  { key: 't0_days', label: 'ΔT0 (min)', offsetUnit: { scale: 1440, unit: 'min' } },
  { key: 'period_days', label: 'ΔP (s)', offsetUnit: { scale: 86400, unit: 's' } },
];

/** The q-quantile of sorted values (linear between ranks). */
export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const pos = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** The main parameters the samples hold (density or a/R★, not both), ready to draw. */
export function cornerParameters(samples: Samples): CornerParameter[] {
  const col = (key: string) => {
    const i = samples.names.indexOf(key);
    return i >= 0 && samples.columns[i].length ? samples.columns[i] : null;
  };
  const out: CornerParameter[] = [];
  for (const p of MAIN) {
    if (p.key === 'a_rs' && col('stellar_density_cgs')) continue;
    const values = col(p.key);
    if (!values) continue;
    if (!p.offsetUnit) {
      out.push({ key: p.key, label: p.label, values, offset: 0, scale: 1 });
      continue;
    }
    const offset = quantile([...values].sort((a, b) => a - b), 0.5);
    const { scale } = p.offsetUnit;
    out.push({ key: p.key, label: p.label, values: values.map((v) => (v - offset) * scale), offset, scale });
  }
  return out;
}

/** The axis range of a parameter: its 0.5th to 99.5th percentiles, padded by 5%; never empty. */
export function axisRange(values: number[]): [number, number] {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return [0, 1];
  let lo = quantile(sorted, 0.005);
  let hi = quantile(sorted, 0.995);
  if (!(hi > lo)) {
    const w = Math.abs(lo) * 1e-6 || 1e-6;
    return [lo - w, hi + w];
  }
  const pad = (hi - lo) * 0.05;
  lo -= pad;
  hi += pad;
  return [lo, hi];
}

/** Counts of `values` in `bins` equal bins over `range` (values outside are left out). */
export function histogram(values: number[], range: [number, number], bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const [lo, hi] = range;
  const w = (hi - lo) / bins;
  for (const v of values) {
    if (!(v >= lo && v <= hi)) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / w))]++;
  }
  return counts;
}

/** Counts of the pairs (x[i], y[i]) on a bins x bins grid over the two ranges; index [row = y][column = x]. */
export function histogram2d(x: number[], y: number[], xRange: [number, number], yRange: [number, number], bins: number): number[][] {
  const grid = Array.from({ length: bins }, () => new Array<number>(bins).fill(0));
  const wx = (xRange[1] - xRange[0]) / bins;
  const wy = (yRange[1] - yRange[0]) / bins;
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const a = x[i];
    const b = y[i];
    if (!(a >= xRange[0] && a <= xRange[1] && b >= yRange[0] && b <= yRange[1])) continue;
    grid[Math.min(bins - 1, Math.floor((b - yRange[0]) / wy))][Math.min(bins - 1, Math.floor((a - xRange[0]) / wx))]++;
  }
  return grid;
}

/**
 * Two or more round tick values inside `range`, away from its ends (so the labels of neighbouring
 * panels never run together): the widest round step that still gives two, labels never alike.
 */
export function cornerTicks(range: [number, number]): { values: number[]; labels: string[] } {
  const span = range[1] - range[0];
  if (!(span > 0)) return { values: [], labels: [] };
  const lo = range[0] + span * 0.1;
  const hi = range[1] - span * 0.1;
  const mag = 10 ** Math.floor(Math.log10(span));
  for (const m of [10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01]) {
    const step = m * mag;
    const values: number[] = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) values.push(Number(v.toPrecision(12)));
    if (values.length >= 2) return { values, labels: tickLabels(values, step) };
  }
  return { values: [], labels: [] };
}
