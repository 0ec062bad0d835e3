import { describe, expect, it } from 'vitest';

import { axisRange, cornerParameters, cornerTicks, histogram, histogram2d, parseSamples, quantile } from '@/lib/corner';
import { cornerHeight, cornerLayout, cornerSize } from '@/lib/corner-draw';

// A samples CSV as GET .../fit/samples writes it (header with units in the names, one draw a row).
const HEADER = 't0_days,period_days,rp_rs,impact,a_rs,stellar_density_cgs,q1,q2';
function samplesCsv(rows: number, withDensity = true): string {
  const lines = [withDensity ? HEADER : HEADER.replace(',stellar_density_cgs', '')];
  for (let i = 0; i < rows; i++) {
    const u = (i + 0.5) / rows - 0.5;
    const row = [1327.52 + u * 0.002, 3.28866 + u * 0.0002, 0.08 + u * 0.004, 0.2 + u * 0.3, 7.9 + u, 0.86 + u * 0.1, 0.3, 0.4];
    if (!withDensity) row.splice(5, 1);
    lines.push(row.join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

describe('posterior samples', () => {
  it('reads the CSV into columns, leaving out rows with a missing or non-numeric value', () => {
    const s = parseSamples(`# comment\n${HEADER}\n1,2,3,4,5,6,7,8\n1,2,,4,5,6,7,8\n1,2,x,4,5,6,7,8\n1,2,3\n\n9,8,7,6,5,4,3,2\n`);
    expect(s.names).toEqual(HEADER.split(','));
    expect(s.columns[0]).toEqual([1, 9]);
    expect(s.columns[7]).toEqual([8, 2]);
    expect(parseSamples('')).toEqual({ names: [], columns: [] });
  });

  it('picks the main parameters: T0 and P as offsets from their medians, density over a/R★', () => {
    const params = cornerParameters(parseSamples(samplesCsv(101)));
    expect(params.map((p) => p.key)).toEqual(['rp_rs', 'impact', 'stellar_density_cgs', 't0_days', 'period_days']);
    const t0 = params[3];
    expect(t0.offset).toBeCloseTo(1327.52, 9);
    // ±0.001 d is ±1.44 minutes.
    expect(Math.max(...t0.values)).toBeCloseTo(0.001 * (100 / 101) * 1440, 6);
    expect(params[4].scale).toBe(86400);
    expect(params[0].values[50]).toBeCloseTo(0.08, 12);
    const noDensity = cornerParameters(parseSamples(samplesCsv(20, false)));
    expect(noDensity.map((p) => p.key)).toEqual(['rp_rs', 'impact', 'a_rs', 't0_days', 'period_days']);
  });
});

describe('corner geometry', () => {
  it('quantiles interpolate between ranks', () => {
    expect(quantile([0, 10], 0.5)).toBe(5);
    expect(quantile([1, 2, 3, 4, 5], 0.16)).toBeCloseTo(1.64, 12);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('an axis spans the central 99% with a margin, and is never empty', () => {
    const values = Array.from({ length: 1001 }, (_, i) => i / 1000);
    const [lo, hi] = axisRange([...values, 1e6]);
    expect(lo).toBeLessThan(0.006);
    expect(hi).toBeGreaterThan(0.99);
    expect(hi).toBeLessThan(2);
    const [a, b] = axisRange([5, 5, 5]);
    expect(b).toBeGreaterThan(a);
    expect(axisRange([])).toEqual([0, 1]);
  });

  it('counts every value inside the range once, in 1-D and 2-D', () => {
    const x = [0, 0.1, 0.5, 0.99, 1, 2, -1];
    const h = histogram(x, [0, 1], 4);
    expect(h).toEqual([2, 0, 1, 2]);
    const grid = histogram2d([0, 0.9, 0.9, 5], [0, 0.9, 0.1, 0], [0, 1], [0, 1], 2);
    expect(grid).toEqual([
      [1, 1],
      [0, 1],
    ]);
  });

  it('ticks: two to four round values away from the ends, labels distinct', () => {
    // Rp/R★ of WASP-126 b's posterior: 0.078 and 0.080, not three labels too close to read.
    expect(cornerTicks([0.0765, 0.0812]).labels).toEqual(['0.078', '0.080']);
    for (const range of [
      [0.0765, 0.0812],
      [-1.6, 1.6],
      [-0.02, 0.47],
      [0.64, 0.93],
      [-25, 25],
      [1327.51, 1327.53],
    ] as [number, number][]) {
      const t = cornerTicks(range);
      expect(t.values.length, `${range}`).toBeGreaterThanOrEqual(2);
      expect(t.values.length, `${range}`).toBeLessThanOrEqual(4);
      const span = range[1] - range[0];
      for (const v of t.values) {
        expect(v).toBeGreaterThanOrEqual(range[0] + span * 0.1 - 1e-12);
        expect(v).toBeLessThanOrEqual(range[1] - span * 0.1 + 1e-12);
      }
      expect(new Set(t.labels).size).toBe(t.labels.length);
    }
    expect(cornerTicks([1, 1]).values).toEqual([]);
  });

  it('lays out a square of panels that fits its container', () => {
    const params = cornerParameters(parseSamples(samplesCsv(50)));
    const size = cornerSize(400, params.length);
    expect(size).toBe(400);
    expect(cornerSize(2000, params.length)).toBeLessThanOrEqual(620);
    const layout = cornerLayout(params, size);
    expect(layout.cell * params.length).toBeLessThan(size);
    expect(layout.ticks).toHaveLength(params.length);
    expect(cornerHeight(size, params.length)).toBeGreaterThan(layout.cell * params.length);
  });
});
