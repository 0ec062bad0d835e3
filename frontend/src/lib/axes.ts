// Axis scales and tick labels for the light curve plots: shallow relative-flux axes in ppm, time
// axes counted from a round offset named in the title, and tick labels with exactly the decimals
// their spacing needs, so no two ticks read alike. Pure, unit tested.

/** Decimals that show a tick spacing exactly (0.25 -> 2, 5 -> 0, 2e-4 -> 4). */
export function decimalsOf(incr: number): number {
  if (!(incr > 0) || !Number.isFinite(incr)) return 0;
  const s = Number(incr.toPrecision(12)).toExponential();
  const [mantissa, exp] = s.split('e');
  const fraction = (mantissa.split('.')[1] ?? '').length;
  return Math.max(0, fraction - Number(exp));
}

/** Tick labels for evenly spaced `splits`: each with the decimals of the spacing. */
export function tickLabels(splits: number[], incr: number): string[] {
  const d = Math.min(decimalsOf(incr), 12);
  return splits.map((v) => {
    const s = (Math.abs(v) < incr / 2 ? 0 : v).toFixed(d);
    return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
  });
}

/** Width in CSS pixels an axis needs for `labels` (about 7 px a character, plus the ticks). */
export function axisSize(labels: string[] | null | undefined, min = 40): number {
  const longest = (labels ?? []).reduce((m, l) => Math.max(m, l.length), 0);
  return Math.max(min, Math.ceil(longest * 7 + 18));
}

export interface FluxScale {
  ppm: boolean;
  label: string;
  /** Relative flux (1 = out of transit) to the plotted value. */
  apply: (v: number | null) => number | null;
}

/** Relative-flux axes span under 5% in ppm (flux - 1) x 1e6, deeper ones as relative flux. */
export function fluxScale(series: ArrayLike<number | null>[]): FluxScale {
  const values: number[] = [];
  for (const s of series) for (let i = 0; i < s.length; i++) if (typeof s[i] === 'number' && Number.isFinite(s[i])) values.push(s[i] as number);
  values.sort((a, b) => a - b);
  const lo = values[Math.floor(values.length * 0.001)] ?? 1;
  const hi = values[Math.ceil(values.length * 0.999) - 1] ?? 1;
  if (hi - lo < 0.05) return { ppm: true, label: 'flux − 1 (ppm)', apply: (v) => (v === null || !Number.isFinite(v) ? null : (v - 1) * 1e6) };
  return { ppm: false, label: 'relative flux', apply: (v) => (v === null || !Number.isFinite(v) ? null : v) };
}

export interface TimeScale {
  offset: number;
  label: string;
}

/**
 * Times of five or more digits (full BJD, MJD) are plotted from a whole-day offset named in the
 * axis title; shorter ones (BTJD, BKJD) as they are.
 */
export function timeScale(time: ArrayLike<number>, systemName: string): TimeScale {
  let min = Infinity;
  for (let i = 0; i < time.length; i++) if (time[i] < min) min = time[i];
  const unit = systemName.startsWith('days') ? 'time' : systemName;
  if (!Number.isFinite(min) || Math.abs(min) < 1e4) return { offset: 0, label: `${unit} (days)` };
  const offset = Math.floor(min);
  return { offset, label: `${unit} − ${offset} (days)` };
}
