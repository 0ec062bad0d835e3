// Number formatting for tables: fixed significant digits, blanks for missing values.

export function fmt(v: unknown, digits = 4): string {
  if (v === null || v === undefined || v === '') return '—';
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return typeof v === 'string' ? v : '—';
  if (n !== 0 && (Math.abs(n) >= 1e6 || Math.abs(n) < 1e-3)) return n.toExponential(2);
  return Number(n.toPrecision(digits)).toString();
}

export function pct(v: unknown): string {
  const n = Number(v);
  return v === null || v === undefined || !Number.isFinite(n) ? '—' : `${(n * 100).toFixed(1)}%`;
}

/** Tag colour class of a model label (planet / false_positive / candidate). */
export function labelClass(label: string): string {
  return /false|fp/i.test(label) ? 'bad' : /planet|confirmed/i.test(label) ? 'good' : '';
}
