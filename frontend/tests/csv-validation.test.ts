import { describe, expect, it } from 'vitest';

import { catalogQuery, DEFAULT_VIEW, dispositionColor } from '@/lib/catalog';
import { formToRow, rowToForm, validateClassify } from '@/lib/classify-fields';
import { objectsToCsv, toCsv } from '@/lib/csv';
import { sortRows } from '@/lib/sort';

describe('CSV export', () => {
  it('quotes commas, quotes and newlines, blanks missing values', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [null, NaN], ['line\nbreak', 3]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n,\r\n"line\nbreak",3\r\n');
  });
  it('writes objects with arrays joined', () => {
    expect(objectsToCsv([{ period: 3.2, flags: ['odd_even', 'alias'] }], ['period', 'flags'])).toBe('period,flags\r\n3.2,odd_even;alias\r\n');
  });
});

describe('classify validation', () => {
  const ok = { koi_period: '3.2888', koi_duration: '3.44', koi_depth: '7006' };
  it('accepts a valid candidate', () => {
    expect(validateClassify(ok)).toEqual({});
    expect(formToRow({ ...ok, koi_prad: ' ' })).toEqual({ koi_period: 3.2888, koi_duration: 3.44, koi_depth: 7006 });
  });
  it('requires period, duration and depth', () => {
    const e = validateClassify({});
    expect(Object.keys(e).sort()).toEqual(['koi_depth', 'koi_duration', 'koi_period']);
  });
  it('rejects text, negatives, out-of-range and impossible durations', () => {
    expect(validateClassify({ ...ok, koi_period: 'abc' }).koi_period).toMatch(/number/);
    expect(validateClassify({ ...ok, koi_period: '1e' }).koi_period).toMatch(/number/);
    expect(validateClassify({ ...ok, koi_period: '-1' }).koi_period).toMatch(/greater than 0/);
    expect(validateClassify({ ...ok, koi_impact: '7' }).koi_impact).toMatch(/at most 3/);
    expect(validateClassify({ ...ok, koi_period: '0.1', koi_duration: '3' }).koi_duration).toMatch(/shorter/);
  });
  it('maps TOI and K2 columns onto the form', () => {
    expect(rowToForm({ pl_orbper: 3.29, pl_trandurh: 3.4, pl_trandep: 7000, st_rad: null, id: '114.01' })).toEqual({ koi_period: '3.29', koi_duration: '3.4', koi_depth: '7000' });
  });
});

describe('sorting and catalogue queries', () => {
  it('sorts numbers, text and blanks last', () => {
    const rows = [{ v: 3 }, { v: null }, { v: 1 }, { v: 2 }];
    expect(sortRows(rows, (r) => r.v, 'asc').map((r) => r.v)).toEqual([1, 2, 3, null]);
    expect(sortRows(rows, (r) => r.v, 'desc').map((r) => r.v)).toEqual([3, 2, 1, null]);
    expect(sortRows([{ v: 'b10' }, { v: 'B9' }], (r) => r.v, 'asc').map((r) => r.v)).toEqual(['B9', 'b10']);
  });
  it('builds the API query of a view', () => {
    const q = new URLSearchParams(catalogQuery('toi', { ...DEFAULT_VIEW, q: ' 114 ', disposition: 'PC', sort: 'pl_orbper', desc: true, page: 2, periodMin: '1', radiusMax: '4' }).slice(1));
    expect(q.getAll('range')).toEqual(['pl_orbper:1:', 'pl_rade::4']);
    q.delete('range');
    expect(Object.fromEntries(q)).toEqual({ q: '114', disposition: 'PC', sort: 'pl_orbper', order: 'desc', offset: '50', limit: '25' });
    expect(dispositionColor('FALSE POSITIVE')).toBe(dispositionColor('FP'));
  });
});
