// Sorting of table rows by one column: numbers numerically, text case-insensitively, blanks last.

export type SortDir = 'asc' | 'desc';

export function sortRows<T>(rows: T[], get: (row: T) => unknown, dir: SortDir): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  const blank = (v: unknown) => v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
  return [...rows].sort((a, b) => {
    const va = get(a);
    const vb = get(b);
    if (blank(va) || blank(vb)) return blank(va) === blank(vb) ? 0 : blank(va) ? 1 : -1;
    if (typeof va === 'number' && typeof vb === 'number') return (va - vb) * sign;
    return String(va).localeCompare(String(vb), undefined, { numeric: true, sensitivity: 'base' }) * sign;
  });
}
