// @vitest-environment node
import { describe, expect, it } from 'vitest';

import { apiPath, dispositionFilename } from '@/lib/api';

describe('API paths from the OpenAPI document', () => {
  it('fills and encodes the path parameters', () => {
    expect(apiPath('/api/v1/searches/{id}/light-curve', { id: 'ab12' })).toBe('/api/v1/searches/ab12/light-curve');
    expect(apiPath('/api/v1/searches/{id}/candidates/{n}/fit/samples', { id: 'a/b?', n: 0 })).toBe('/api/v1/searches/a%2Fb%3F/candidates/0/fit/samples');
    expect(apiPath('/api/v1/predict/batch', {})).toBe('/api/v1/predict/batch');
  });
  it('refuses a missing parameter', () => {
    expect(() => apiPath('/api/v1/searches/{id}/candidates/{n}/fit/samples', { id: 'ab12' })).toThrow(/\{n\}/);
  });
});

describe('download names', () => {
  it('takes the name the API gives', () => {
    expect(dispositionFilename('attachment; filename="TIC_25155310-light-curve.csv"')).toBe('TIC_25155310-light-curve.csv');
    expect(dispositionFilename('attachment')).toBeNull();
    expect(dispositionFilename(null)).toBeNull();
  });
});
