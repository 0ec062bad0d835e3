// Catalogue browsing: which columns each table shows and how a view becomes an API query.

export type CatalogName = 'koi' | 'toi' | 'k2';

export interface CatalogSpec {
  label: string;
  period: string;
  radius: string;
  dispositions: string[];
  columns: { key: string; label: string }[];
}

export const CATALOGS: Record<CatalogName, CatalogSpec> = {
  koi: {
    label: 'Kepler KOI',
    period: 'koi_period',
    radius: 'koi_prad',
    dispositions: ['CONFIRMED', 'CANDIDATE', 'FALSE POSITIVE'],
    columns: [
      { key: 'koi_period', label: 'Period (d)' },
      { key: 'koi_duration', label: 'Duration (h)' },
      { key: 'koi_depth', label: 'Depth (ppm)' },
      { key: 'koi_prad', label: 'Radius (R⊕)' },
      { key: 'koi_teq', label: 'Teq (K)' },
      { key: 'koi_model_snr', label: 'SNR' },
    ],
  },
  toi: {
    label: 'TESS TOI',
    period: 'pl_orbper',
    radius: 'pl_rade',
    dispositions: ['PC', 'CP', 'KP', 'APC', 'FP', 'FA'],
    columns: [
      { key: 'pl_orbper', label: 'Period (d)' },
      { key: 'pl_trandurh', label: 'Duration (h)' },
      { key: 'pl_trandep', label: 'Depth (ppm)' },
      { key: 'pl_rade', label: 'Radius (R⊕)' },
      { key: 'pl_eqt', label: 'Teq (K)' },
      { key: 'st_tmag', label: 'Tmag' },
    ],
  },
  k2: {
    label: 'K2',
    period: 'pl_orbper',
    radius: 'pl_rade',
    dispositions: ['CONFIRMED', 'CANDIDATE', 'FALSE POSITIVE', 'REFUTED'],
    columns: [
      { key: 'pl_orbper', label: 'Period (d)' },
      { key: 'pl_rade', label: 'Radius (R⊕)' },
      { key: 'pl_eqt', label: 'Teq (K)' },
      { key: 'st_teff', label: 'Teff (K)' },
      { key: 'sy_dist', label: 'Distance (pc)' },
    ],
  },
};

export interface CatalogView {
  q: string;
  disposition: string;
  sort: string;
  desc: boolean;
  page: number;
  pageSize: number;
  periodMin: string;
  periodMax: string;
  radiusMin: string;
  radiusMax: string;
}

export const DEFAULT_VIEW: CatalogView = { q: '', disposition: '', sort: '', desc: false, page: 0, pageSize: 25, periodMin: '', periodMax: '', radiusMin: '', radiusMax: '' };

/** The API query string of a view: q, disposition, sort, order, offset, limit, range=col:min:max. */
export function catalogQuery(name: CatalogName, v: CatalogView): string {
  const spec = CATALOGS[name];
  const p = new URLSearchParams();
  if (v.q.trim()) p.set('q', v.q.trim());
  if (v.disposition) p.set('disposition', v.disposition);
  if (v.sort) {
    p.set('sort', v.sort);
    p.set('order', v.desc ? 'desc' : 'asc');
  }
  p.set('offset', String(v.page * v.pageSize));
  p.set('limit', String(v.pageSize));
  const range = (col: string, lo: string, hi: string) => {
    if (lo.trim() !== '' || hi.trim() !== '') p.append('range', `${col}:${lo.trim()}:${hi.trim()}`);
  };
  range(spec.period, v.periodMin, v.periodMax);
  range(spec.radius, v.radiusMin, v.radiusMax);
  return `?${p.toString()}`;
}

/** A row's other name beside its id: the Kepler planet name of a KOI, the TIC host of a TOI. */
export function rowAlias(name: CatalogName, row: Record<string, unknown>): string | null {
  if (name === 'koi') return typeof row.kepler_name === 'string' && row.kepler_name ? row.kepler_name : null;
  if (name === 'toi') return typeof row.group === 'string' && row.group ? `TIC ${row.group}` : null;
  return null;
}

/** Colour per disposition family: planets green, candidates blue, false positives red. */
export function dispositionColor(d: string): string {
  const u = d.toUpperCase();
  if (u === 'CONFIRMED' || u === 'CP' || u === 'KP') return '#5ee0a0';
  if (u === 'FALSE POSITIVE' || u === 'FP' || u === 'FA' || u === 'REFUTED') return '#ff7b7b';
  if (u === 'CANDIDATE' || u === 'PC' || u === 'APC') return '#7cc4ff';
  return '#9aa8c7';
}

const VIEW_KEYS = Object.keys(DEFAULT_VIEW) as (keyof CatalogView)[];

/** The page's URL query of a table and view: only what differs from the defaults (page 1-based). */
export function viewToQuery(name: CatalogName, v: CatalogView): string {
  const p = new URLSearchParams();
  if (name !== 'koi') p.set('tab', name);
  for (const k of VIEW_KEYS) {
    if (v[k] === DEFAULT_VIEW[k]) continue;
    p.set(k, k === 'page' ? String(v.page + 1) : String(v[k]));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The table and view a URL query names; unknown or malformed values fall back to the defaults. */
export function queryToView(q: URLSearchParams): { name: CatalogName; view: CatalogView } {
  const tab = q.get('tab') ?? 'koi';
  const name: CatalogName = tab in CATALOGS ? (tab as CatalogName) : 'koi';
  const view: CatalogView = { ...DEFAULT_VIEW };
  for (const k of VIEW_KEYS) {
    const raw = q.get(k);
    if (raw === null) continue;
    if (k === 'desc') view.desc = raw === 'true';
    else if (k === 'page' || k === 'pageSize') {
      const n = Number(raw);
      if (Number.isInteger(n) && n >= 1 && n <= (k === 'pageSize' ? 500 : 1e6)) view[k] = k === 'page' ? n - 1 : n;
    } else view[k] = raw;
  }
  if (view.disposition && !CATALOGS[name].dispositions.includes(view.disposition)) view.disposition = '';
  return { name, view };
}
