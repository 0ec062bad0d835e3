import { describe, expect, it } from 'vitest';

import { catalogueHost, hostRowsPath, knownObjects, matchKnown, matchText, periodSigma } from '@/lib/catalogue-match';
import { candidatesCsv } from '@/lib/search-report';
import type { Candidate, CatalogRow, SearchResult } from '@/lib/types';

const candidate: Candidate = { period: 3.28833, period_err: 0.0223, t0: 1327.52, duration_hours: 3.3, depth_ppm: 7029, snr: 131, sde: 13.1 };

function result(catalogue: unknown, candidates: Candidate[] = [candidate]): SearchResult {
  return { candidates, input: { target: 'TIC 25155310', stellar: { catalogue } } } as unknown as SearchResult;
}

// Rows as GET /api/v1/catalog/toi?q=25155310 could answer: the host's own objects and, through the
// text search, a star whose id merely contains the number. TOI-114.01 is WASP-126 b, P 3.2887898 d
// in the TOI table (ExoFOP).
const toiRows = [
  { catalog: 'toi', id: '114.01', group: '25155310', disposition: 'KP', label: 'planet', pl_orbper: 3.2887898 },
  { catalog: 'toi', id: '114.02', group: '25155310', disposition: 'PC', label: null, pl_orbper: 7.1 },
  { catalog: 'toi', id: '9999.01', group: '251553100', disposition: 'PC', label: null, pl_orbper: 3.2888 },
] as CatalogRow[];

describe('the searched star in the catalogue', () => {
  it('is the row the search looked up, as the table and host id', () => {
    expect(catalogueHost(result({ table: 'toi', id: 'TIC 25155310', row: '114.01' }))).toEqual({ catalog: 'toi', group: '25155310' });
    expect(catalogueHost(result({ table: 'koi', id: 'KIC 2438502', row: 'K01003.01' }))).toEqual({ catalog: 'koi', group: '2438502' });
    expect(catalogueHost(result({ table: 'k2', id: 'K2-18', row: 'K2-18 b' }))).toEqual({ catalog: 'k2', group: 'K2-18' });
    expect(catalogueHost(result(null))).toBeNull();
    expect(catalogueHost(result({ table: 'gaia', id: 'x' }))).toBeNull();
    expect(hostRowsPath({ catalog: 'k2', group: 'K2-18' })).toBe('/api/v1/catalog/k2?q=K2-18&limit=100');
  });

  it("keeps only the host's own objects, named as astronomers write them", () => {
    const known = knownObjects({ catalog: 'toi', group: '25155310' }, toiRows);
    expect(known.map((k) => k.name)).toEqual(['TOI-114.01', 'TOI-114.02']);
    const koi = knownObjects({ catalog: 'koi', group: '11904151' }, [
      { catalog: 'koi', id: 'K00072.01', group: '11904151', disposition: 'CONFIRMED', label: 'planet', koi_period: 0.8374907, kepler_name: 'Kepler-10 b' },
      { catalog: 'koi', id: 'K00072.03', group: '11904151', disposition: 'CANDIDATE', label: null, koi_period: null },
    ] as CatalogRow[]);
    expect(koi).toEqual([{ name: 'KOI-72.01 (Kepler-10 b)', disposition: 'CONFIRMED', period: 0.8374907 }]);
  });
});

describe('matching a candidate to a known object', () => {
  const known = knownObjects({ catalog: 'toi', group: '25155310' }, toiRows);
  it('matches within 3σ of the candidate period, the nearest one', () => {
    const m = matchKnown(candidate, known);
    expect(m?.name).toBe('TOI-114.01');
    expect(m?.sigma).toBeCloseTo(Math.abs(3.28833 - 3.2887898) / 0.0223, 9);
    expect(matchText(m)).toBe('TOI-114.01, KP');
    expect(matchKnown({ ...candidate, period: 3.2888 + 4 * 0.0223 }, known)).toBeNull();
    expect(matchText(null)).toBe('');
  });

  it("uses the converged fit's period interval when there is one, and nothing without an uncertainty", () => {
    const fitted: Candidate = { ...candidate, period: 3.28866, fit: { converged: true, period: { median: 3.28866, lower: 3.28856, upper: 3.28876 } } };
    expect(periodSigma(fitted)).toBeCloseTo(0.0001, 12);
    // 1.3σ from the catalogue's period with the fit's interval; 13σ away a 0.0012 d offset is no match.
    expect(matchKnown(fitted, known)?.name).toBe('TOI-114.01');
    expect(matchKnown({ ...fitted, period: 3.2900 }, known)).toBeNull();
    expect(periodSigma({ ...candidate, period_err: undefined })).toBeNull();
    expect(matchKnown({ ...candidate, period_err: undefined }, known)).toBeNull();
  });

  it('goes into the candidates CSV beside the model verdict', () => {
    const [head, row] = candidatesCsv(result({ table: 'toi', id: 'TIC 25155310' }), [matchKnown(candidate, known)]).split('\r\n');
    const cols = head.split(',');
    const cells = row.split(',');
    expect(cells[cols.indexOf('known_object')]).toBe('TOI-114.01');
    expect(cells[cols.indexOf('known_disposition')]).toBe('KP');
    expect(cols.slice(-2)).toEqual(['verdict', 'note']);
  });
});
