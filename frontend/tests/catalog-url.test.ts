import { describe, expect, it } from 'vitest';

import { DEFAULT_VIEW, queryToView, rowAlias, viewToQuery } from '@/lib/catalog';

describe('catalogue view in the URL', () => {
  it('writes only what differs from the defaults and reads it back', () => {
    expect(viewToQuery('koi', DEFAULT_VIEW)).toBe('');
    const view = { ...DEFAULT_VIEW, disposition: 'PC', sort: 'pl_orbper', desc: true, page: 2, periodMin: '1', periodMax: '10' };
    const q = viewToQuery('toi', view);
    expect(q).toBe('?tab=toi&disposition=PC&sort=pl_orbper&desc=true&page=3&periodMin=1&periodMax=10');
    expect(queryToView(new URLSearchParams(q.slice(1)))).toEqual({ name: 'toi', view });
  });
  it('falls back to the defaults for what a hand-edited URL gets wrong', () => {
    const { name, view } = queryToView(new URLSearchParams('tab=nope&page=-4&pageSize=99999&disposition=PC'));
    expect(name).toBe('koi');
    expect(view.page).toBe(0);
    expect(view.pageSize).toBe(DEFAULT_VIEW.pageSize);
    // PC is a TOI disposition, not a KOI one.
    expect(view.disposition).toBe('');
  });
});

describe('catalogue row names', () => {
  it('shows the Kepler name of a KOI and the TIC host of a TOI beside the id', () => {
    expect(rowAlias('koi', { id: 'K00072.01', kepler_name: 'Kepler-10 b' })).toBe('Kepler-10 b');
    expect(rowAlias('koi', { id: 'K01003.01', kepler_name: null })).toBeNull();
    expect(rowAlias('toi', { id: '114.01', group: '25155310' })).toBe('TIC 25155310');
    expect(rowAlias('k2', { id: 'K2-18 b', group: 'K2-18' })).toBeNull();
  });
});
