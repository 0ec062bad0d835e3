// Known catalogue objects for a search's candidates: the objects the catalogue lists on the star
// the search looked up (input.stellar.catalogue), matched to a candidate when their periods agree
// within MATCH_SIGMA of the candidate's period uncertainty (the catalogue pages carry no period
// errors; the candidate's, from the fit when it converged, are the wider ones). Context for the
// reader only: the model's verdict never reads it.

import { apiPath, query } from './api';
import { CATALOGS, type CatalogName } from './catalog';
import { fitSummary } from './fit-report';
import type { Candidate, CatalogRow, SearchResult } from './types';

export const MATCH_SIGMA = 3;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The star a search looked up in a catalogue: the table and its host id (a row's `group`). */
export interface CatalogueHost {
  catalog: CatalogName;
  group: string;
}

export function catalogueHost(result: SearchResult): CatalogueHost | null {
  const row = obj(obj(obj(result.input).stellar).catalogue);
  const table = str(row.table);
  const id = str(row.id);
  if (!table || !id || !(table in CATALOGS)) return null;
  // The lookup names TOI and KOI hosts "TIC <n>" and "KIC <n>"; K2 hosts by their host name.
  const group = table === 'k2' ? id : id.replace(/^(TIC|KIC)\s+/i, '');
  return { catalog: table as CatalogName, group };
}

/** The API path listing the catalogue's rows that mention the host (a text search; rows are filtered by `knownObjects`). */
export function hostRowsPath(host: CatalogueHost): string {
  return apiPath('/api/v1/catalog/{name}', { name: host.catalog }) + query({ q: host.group, limit: 100 });
}

export interface KnownObject {
  /** As astronomers write it: "TOI-114.01", "KOI-72.01 (Kepler-10 b)", "K2-18 b". */
  name: string;
  disposition: string;
  period: number;
}

/** "K00072.01" -> "KOI-72.01". */
function koiName(id: string): string {
  const m = /^K0*(\d+\.\d+)$/.exec(id);
  return m ? `KOI-${m[1]}` : id;
}

/** The objects of `rows` on the host itself (not stars whose ids merely contain its number). */
export function knownObjects(host: CatalogueHost, rows: CatalogRow[]): KnownObject[] {
  const periodKey = CATALOGS[host.catalog].period;
  return rows.flatMap((r) => {
    if (r.group.toLowerCase() !== host.group.toLowerCase()) return [];
    const period = r[periodKey];
    if (typeof period !== 'number' || !(period > 0)) return [];
    let name = r.id;
    if (host.catalog === 'toi') name = `TOI-${r.id}`;
    if (host.catalog === 'koi') {
      const planet = str(r.kepler_name);
      name = planet ? `${koiName(r.id)} (${planet})` : koiName(r.id);
    }
    return [{ name, disposition: r.disposition, period }];
  });
}

/** The candidate's period uncertainty (days): the converged fit's 1σ half-width, else the search's. */
export function periodSigma(c: Candidate): number | null {
  const fit = fitSummary(c);
  const p = fit?.converged ? fit.parameters.find((x) => x.key === 'period') : undefined;
  if (p) {
    const half = (p.interval.upper - p.interval.lower) / 2;
    if (half > 0) return half;
  }
  return typeof c.period_err === 'number' && c.period_err > 0 ? c.period_err : null;
}

export interface KnownMatch extends KnownObject {
  /** |P − P_catalogue| in units of the candidate's period uncertainty. */
  sigma: number;
}

/** The known object whose period is nearest the candidate's, if within MATCH_SIGMA. */
export function matchKnown(c: Candidate, known: KnownObject[]): KnownMatch | null {
  const err = periodSigma(c);
  if (err === null) return null;
  let best: KnownMatch | null = null;
  for (const k of known) {
    const sigma = Math.abs(c.period - k.period) / err;
    if (sigma <= MATCH_SIGMA && (!best || sigma < best.sigma)) best = { ...k, sigma };
  }
  return best;
}

/** "TOI-114.01, KP": how a match reads in the table and the CSV. */
export function matchText(m: KnownMatch | null): string {
  return m ? `${m.name}, ${m.disposition}` : '';
}
