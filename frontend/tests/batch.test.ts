// @vitest-environment node
import { gunzipSync, gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { keptColumns, parseCsv, readCsvFile } from '@/lib/batch';

describe('batch input', () => {
  it('reads a CSV with comment lines and quoted fields', () => {
    const { header, rows } = parseCsv('# units\n# more\nkepoi_name,koi_disposition,note\r\nK00752.01,CONFIRMED,"a, ""b"""\nK00753.01,CANDIDATE,\n');
    expect(header).toEqual(['kepoi_name', 'koi_disposition', 'note']);
    expect(rows).toEqual([
      ['K00752.01', 'CONFIRMED', 'a, "b"'],
      ['K00753.01', 'CANDIDATE', ''],
    ]);
  });
  it('keeps the id and disposition columns of the real KOI export', () => {
    const text = gunzipSync(readFileSync('../data/catalogs/koi_cumulative_2025-10-04.csv.gz')).toString('utf8');
    const { header, rows } = parseCsv(text);
    expect(rows.length).toBe(9564);
    const kept = keptColumns(header, rows);
    expect(kept.columns).toEqual(['kepid', 'kepoi_name', 'kepler_name', 'koi_disposition', 'koi_pdisposition']);
    expect(kept.values[0]).toEqual(['10797460', 'K00752.01', 'Kepler-227 b', 'CONFIRMED', 'CANDIDATE']);
  });
  it('reads gzip uploads', async () => {
    const blob = new Blob([gzipSync('a,b\n1,2\n')]);
    expect(await readCsvFile(blob)).toBe('a,b\n1,2\n');
  });
});
