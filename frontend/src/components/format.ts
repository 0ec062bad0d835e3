// Number formatting for tables and headers: fixed significant digits, values with their
// uncertainties, times in full with their time system, blanks for missing values.

export function fmt(v: unknown, digits = 4): string {
  if (v === null || v === undefined || v === '') return '—';
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return typeof v === 'string' ? v : '—';
  if (n !== 0 && (Math.abs(n) >= 1e6 || Math.abs(n) < 1e-3)) return n.toExponential(2);
  return Number(n.toPrecision(digits)).toString();
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A value with its 1-sigma uncertainty the way papers write it: the uncertainty to two
 * significant digits and the value to the same decimal place ("8.37 ± 0.10"). Without an
 * uncertainty the value keeps `digits` significant digits.
 */
export function withErr(value: unknown, err: unknown, digits = 6): string {
  if (!finite(value)) return '—';
  if (!finite(err) || err <= 0) return fmt(value, digits);
  const decimals = Math.max(0, 1 - Math.floor(Math.log10(err)));
  // Uncertainties of 10 or more keep their integer digits ("27913 ± 411").
  return `${value.toFixed(Math.min(decimals, 12))} ± ${err.toFixed(Math.min(decimals, 12))}`;
}

/** What a light curve's times are counted in, as people name it ("BTJD", "BJD", "days"). */
export function timeSystemName(system: string | null | undefined): string {
  return !system || system === 'unknown' ? 'days (input time)' : system;
}

/** A mid-transit time in full: 5 decimals (under a second), with its uncertainty when known. */
export function timeValue(t: unknown, err?: unknown): string {
  if (!finite(t)) return '—';
  if (finite(err) && err > 0) {
    const decimals = Math.min(8, Math.max(5, 1 - Math.floor(Math.log10(err))));
    return `${t.toFixed(decimals)} ± ${err.toFixed(decimals)}`;
  }
  return t.toFixed(5);
}

/** The short unit of a time system for a table header or a value ("BTJD", "d"). */
export function timeUnit(system: string | null | undefined): string {
  const name = timeSystemName(system);
  return name.startsWith('days') ? 'd' : name;
}

/** A mid-transit time with its time system ("1327.52036 ± 0.00041 BTJD"). */
export function fmtTime(t: unknown, system: string | null | undefined, err?: unknown): string {
  return finite(t) ? `${timeValue(t, err)} ${timeUnit(system)}` : '—';
}

export function pct(v: unknown): string {
  const n = Number(v);
  return v === null || v === undefined || !Number.isFinite(n) ? '—' : `${(n * 100).toFixed(1)}%`;
}

/** Tag colour class of a model label (planet / false_positive / candidate). */
export function labelClass(label: string): string {
  return /false|fp/i.test(label) ? 'bad' : /planet|confirmed/i.test(label) ? 'good' : '';
}
