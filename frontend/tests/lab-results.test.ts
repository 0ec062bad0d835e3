import { describe, expect, it } from 'vitest';

import { fmtTime, timeUnit, timeValue, withErr } from '@/components/format';
import { searchBody } from '@/components/SearchForm';
import { axisSize, decimalsOf, fluxScale, tickLabels, timeScale } from '@/lib/axes';
import { SEARCH_FIELDS } from '@/lib/api-forms';
import { neutralise, objectsToCsv, toCsv } from '@/lib/csv';
import { candidatesCsv, foldCsv, searchInput, searchSettings, starScoring } from '@/lib/search-report';
import type { Candidate, SearchResult } from '@/lib/types';

describe('values with uncertainties', () => {
  it('rounds the uncertainty to two digits and the value to the same place', () => {
    expect(withErr(8.369481171893264, 0.10118158722941371)).toBe('8.37 ± 0.10');
    expect(withErr(3.288789, 0.0004)).toBe('3.28879 ± 0.00040');
    expect(withErr(27912.88749, 411.08)).toBe('27913 ± 411');
    expect(withErr(3.15, undefined, 3)).toBe('3.15');
    expect(withErr(null, 1)).toBe('—');
  });
  it('writes mid-transit times in full with their time system', () => {
    // KOI-1003's Kepler quarter 2 is in full BJD: never "2.46e+6".
    expect(fmtTime(2455005.2596934354, 'BJD')).toBe('2455005.25969 BJD');
    expect(fmtTime(1327.520361, 'BTJD', 0.00041)).toBe('1327.52036 ± 0.00041 BTJD');
    expect(fmtTime(1327.520361, 'BTJD', 0.000041)).toBe('1327.520361 ± 0.000041 BTJD');
    expect(timeValue(1544.18634084873)).toBe('1544.18634');
    expect(timeUnit('unknown')).toBe('d');
    expect(fmtTime(1544.18634084873, null)).toBe('1544.18634 d');
  });
});

describe('axes', () => {
  it('labels ticks with the decimals of their spacing, never two alike', () => {
    expect(decimalsOf(0.25)).toBe(2);
    expect(decimalsOf(5)).toBe(0);
    expect(decimalsOf(2e-4)).toBe(4);
    const splits = [0.9995, 0.9997, 0.9999, 1.0001, 1.0003];
    const labels = tickLabels(splits, 0.0002);
    expect(labels).toEqual(['0.9995', '0.9997', '0.9999', '1.0001', '1.0003']);
    expect(new Set(labels).size).toBe(labels.length);
    expect(tickLabels([-0.5, 0, 0.5], 0.5)).toEqual(['-0.5', '0.0', '0.5']);
  });
  it('makes room for the longest label', () => {
    expect(axisSize(['-12000', '0'])).toBeGreaterThan(axisSize(['0', '1']));
  });
  it('plots shallow relative flux in ppm and deep dips as relative flux', () => {
    const shallow = fluxScale([[1.0004, 0.9993, 1.0001, null]]);
    expect(shallow.ppm).toBe(true);
    expect(shallow.apply(0.9993)).toBeCloseTo(-700, 6);
    expect(shallow.apply(null)).toBeNull();
    const deep = fluxScale([[1, 0.85, 1.01]]);
    expect(deep.ppm).toBe(false);
    expect(deep.apply(0.85)).toBe(0.85);
  });
  it('counts full BJD from a whole day named in the title, BTJD as it is', () => {
    expect(timeScale([2455002.51, 2455027.7], 'BJD')).toEqual({ offset: 2455002, label: 'BJD − 2455002 (days)' });
    expect(timeScale([1325.3, 1352.1], 'BTJD')).toEqual({ offset: 0, label: 'BTJD (days)' });
  });
});

describe('CSV', () => {
  it('neutralises cells a spreadsheet would run as formulas, keeping plain numbers', () => {
    expect(neutralise('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(neutralise('+1+2')).toBe("'+1+2");
    expect(neutralise('-2+3')).toBe("'-2+3");
    expect(neutralise('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralise('\tx')).toBe("'\tx");
    expect(neutralise('\rx')).toBe("'\rx");
    expect(neutralise('-3.5')).toBe('-3.5');
    expect(neutralise('+2e-4')).toBe('+2e-4');
    expect(neutralise('K00752.01')).toBe('K00752.01');
    expect(toCsv(['id', 'v'], [['=cmd|x', -3.5], ['-', '-1']])).toBe(`id,v\r\n'=cmd|x,-3.5\r\n'-,-1\r\n`);
    expect(objectsToCsv([{ a: '@x,y' }])).toBe(`a\r\n"'@x,y"\r\n`);
  });
});

const candidate: Candidate = {
  period: 8.369481171893264,
  period_err: 0.10118,
  t0: 2455005.2596934354,
  t0_bjd: null,
  duration_hours: 6.3,
  depth_ppm: 27912.9,
  depth_err_ppm: 411.1,
  snr: 84.4,
  sde: 11.3,
  flags: ['secondary'],
  label: 'false_positive',
  planet_probability: 0.0006,
};
const result: SearchResult = {
  candidates: [candidate],
  input: {
    file: 'koi1003_kic2438502_kepler_q2.fits',
    target: 'KIC 2438502',
    mission: 'Kepler',
    time_system: 'BJD',
    n_points: 1117,
    n_used: 1060,
    n_clipped: 57,
    quarters: [2, 3],
    stellar: { teff_k: 5780, logg_cgs: null, radius_sun: 1.02, sources: { teff_k: { source: 'catalogue', err: 80 }, radius_sun: { source: 'header', err: null } }, catalogue: { table: 'koi', id: 'KIC 2438502', row: 'K01003.01' } },
  },
  timing_ms: {},
};

describe('search report', () => {
  it('reads what was searched and each stellar value with its source', () => {
    const input = searchInput(result);
    expect(input.target).toBe('KIC 2438502');
    expect(input.timeSystem).toBe('BJD');
    expect(input.used).toBe(1060);
    expect(input.segments).toEqual({ name: 'quarters', values: ['2', '3'] });
    expect(input.stellar.map((v) => [v.key, v.value, v.err, v.source])).toEqual([
      ['teff_k', 5780, 80, 'catalogue'],
      ['radius_sun', 1.02, null, 'header'],
    ]);
    expect(input.catalogue).toBe('KOI K01003.01 (KIC 2438502)');
    expect(input.stellarMissing).toEqual(['log g', 'M★', 'ρ★', 'mag']);
    expect(input.notes).toEqual([]);
  });
  it('says when the trend followed a fast-varying star, with the notes of the engine', () => {
    const note = 'the star varies faster than a 2.675-day biweight follows: detrended with a biweight quadratic over 0.79 days';
    const varying: SearchResult = {
      ...result,
      input: { ...result.input, notes: [note] },
      search: { period_min_days: 0.5, period_max_days: 40, durations_hours: [1, 2], detrend_window_days: 0.79, detrend_degree: 2 },
    };
    expect(searchInput(varying).notes).toEqual([note]);
    expect(searchSettings(varying).detrendQuadratic).toBe(true);
    expect(searchSettings({ ...varying, search: { ...varying.search!, detrend_degree: 0 } }).detrendQuadratic).toBe(false);
  });
  it('writes candidates at full precision, numbered as the table numbers them', () => {
    const [head, row] = candidatesCsv(result).split('\r\n');
    const cols = head.split(',');
    const cells = row.split(',');
    expect(cells[cols.indexOf('candidate')]).toBe('1');
    expect(cells[cols.indexOf('t0')]).toBe('2455005.2596934354');
    expect(cells[cols.indexOf('time_system')]).toBe('BJD');
    expect(cells[cols.indexOf('period_err')]).toBe('0.10118');
  });
  it("writes the orbit-locked light test's numbers, blank where the search had too few orbits", () => {
    const tested: SearchResult = { ...result, candidates: [{ ...candidate, phase_amplitude_ppm: 540.2, phase_amplitude_limit_ppm: 152.6, phase_variability_sigma: 101.5 }, { ...candidate, phase_variability_sigma: null }] };
    const [head, first, second] = candidatesCsv(tested).split('\r\n');
    const cols = head.split(',');
    expect(first.split(',')[cols.indexOf('phase_amplitude_ppm')]).toBe('540.2');
    expect(first.split(',')[cols.indexOf('phase_amplitude_limit_ppm')]).toBe('152.6');
    expect(first.split(',')[cols.indexOf('phase_variability_sigma')]).toBe('101.5');
    expect(second.split(',')[cols.indexOf('phase_variability_sigma')]).toBe('');
  });
  it("writes the user's verdict and note beside the model's label, blank when unset", () => {
    const annotated: SearchResult = { ...result, candidates: [{ ...candidate, annotation: { verdict: 'false_positive', note: 'secondary eclipse, EB', updated_ms: 0 } }, { ...candidate, annotation: null }] };
    const [head, first, second] = candidatesCsv(annotated).split('\r\n');
    const cols = head.split(',');
    expect(cols.slice(-2)).toEqual(['verdict', 'note']);
    expect(first.endsWith(',false_positive,"secondary eclipse, EB"')).toBe(true);
    expect(second.split(',').slice(-2)).toEqual(['', '']);
  });
  it('writes a fold window as points and bins', () => {
    const csv = foldCsv({ points: { x: [-1, 0.5], y: [1, 0.99] }, bins: { x: [0], y: [0.995] }, model: { x: [], y: [] } });
    expect(csv).toBe('kind,hours_from_mid_transit,flux\r\npoint,-1,1\r\npoint,0.5,0.99\r\nbin,0,0.995\r\n');
  });
});

describe('star scoring in words', () => {
  const model = (scored_with: NonNullable<SearchResult['model']>['scored_with']): SearchResult => ({ ...result, model: { id: 'm1', version: '1', scored_with } });
  const features = ['period_days', 'stellar_teff_k', 'stellar_logg', 'stellar_radius_sun', 'magnitude'];
  it('says when the verdict was made without the star, and what it lacked', () => {
    const s = starScoring(model({ id: 'm1', star: 'unknown', features, without: ['stellar_teff_k', 'stellar_logg', 'stellar_radius_sun', 'magnitude'] }));
    expect(s.kind).toBe('without');
    expect(s.text).toBe('The verdict was made without the star: its Teff, log g, radius and magnitude were not known (scored by m1).');
  });
  it('names the missing values of a partly known star', () => {
    const s = starScoring(model({ id: 'm1', star: 'partial', features, without: ['stellar_logg'] }));
    expect(s.kind).toBe('partial');
    expect(s.text).toContain("without the star's log g");
  });
  it('says a model that reads no stellar values scored without the star', () => {
    expect(starScoring(model({ id: 'cand', star: 'complete', features: ['period_days'], without: [] })).kind).toBe('without');
  });
  it('says when the star was used, and when no model scored', () => {
    expect(starScoring(model({ id: 'm1', star: 'complete', features, without: [] })).text).toBe("The verdict used the star's Teff, log g, radius and magnitude (scored by m1).");
    expect(starScoring({ ...result, model: null }).kind).toBe('none');
  });
});

describe('search form', () => {
  it('sends a boolean field as a checkbox does: only when it differs from the default', () => {
    const fit = SEARCH_FIELDS.find((f) => f.name === 'fit');
    expect(fit?.type).toBe('boolean');
    const on = new FormData();
    on.set('fit', 'true');
    expect(searchBody([], on).get('fit')).toBe('true');
    expect(searchBody([], new FormData()).has('fit')).toBe(false);
  });
  it('sends the star panel\'s values', () => {
    const values = new FormData();
    values.set('target', ' TIC 25155310 ');
    values.set('teff', '5750');
    const body = searchBody([], values);
    expect(body.get('target')).toBe('TIC 25155310');
    expect(body.get('teff')).toBe('5750');
  });
  it('sends the files and only the fields /openapi.json documents', () => {
    const values = new FormData();
    values.set('period_min', ' 1.5 ');
    values.set('max_planets', '');
    values.set('undocumented_field', '3');
    const body = searchBody([new File(['x'], 'a.csv')], values);
    expect(body.getAll('file')).toHaveLength(1);
    expect(body.get('period_min')).toBe('1.5');
    expect(body.has('max_planets')).toBe(false);
    expect(body.has('undocumented_field')).toBe(false);
    expect(SEARCH_FIELDS.some((f) => f.name === 'period_min')).toBe(true);
  });
});
