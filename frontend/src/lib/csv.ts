// CSV export of result tables (RFC 4180 quoting), safe to open in a spreadsheet.

export type Cell = string | number | boolean | null | undefined;

const PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * A cell a spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage return)
 * gets a leading apostrophe, so opening an export never runs what an upload put in it. Plain
 * numbers ("-3.5", "+2e-4") stay numbers.
 */
export function neutralise(s: string): string {
  return /^[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

function quote(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) return '';
  const s = typeof value === 'string' ? neutralise(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: string[], rows: Cell[][]): string {
  const lines = [columns.map(quote).join(',')];
  for (const row of rows) lines.push(row.map(quote).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Rows of objects to CSV, columns from the first object's keys unless given. */
export function objectsToCsv(objects: Record<string, unknown>[], columns?: string[]): string {
  const cols = columns ?? (objects.length ? Object.keys(objects[0]) : []);
  return toCsv(
    cols,
    objects.map((o) =>
      cols.map((c) => {
        const v = o[c];
        if (Array.isArray(v)) return v.join(';');
        if (v !== null && typeof v === 'object') return JSON.stringify(v);
        return v as Cell;
      }),
    ),
  );
}

/** Starts a browser download of `data` (text or a fetched body). */
export function download(filename: string, data: string | Blob, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
