// @vitest-environment node
import { gunzipSync, gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { batchCsv, keptColumns, parseCsv, readCsvFile, rowNumber } from '@/lib/batch';
import type { Prediction } from '@/lib/types';

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

describe('batch results CSV', () => {
  const p = (row: number, prob: number): Prediction => ({ row, id: `K${row}`, planet_probability: prob, label: 'planet', scored_with: 'exo-1', explanation: [{ feature: 'depth', value: 1, contribution: 0.5 }] });
  it('numbers rows as the table does and keeps the input columns', () => {
    const input = { columns: ['kepoi_name', 'koi_disposition'], values: [['K0', 'CONFIRMED'], ['K1', '=cmd()']] };
    const csv = batchCsv([p(1, 0.2), p(0, 0.9)], input);
    expect(csv).toBe(
      'row,kepoi_name,koi_disposition,id,planet_probability,label,scored_with,explanation\r\n' +
        "2,K1,'=cmd(),K1,0.2,planet,exo-1,depth:0.5000\r\n" +
        '1,K0,CONFIRMED,K0,0.9,planet,exo-1,depth:0.5000\r\n',
    );
    expect(rowNumber({ row: 0 })).toBe(1);
  });
});
