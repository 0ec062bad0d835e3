import { describe, expect, it } from 'vitest';

import { aliasMarkers, align, bestEpoch, bin, boxModel, downsampleIndices, fold, median, phaseWindow, snapToPeak, splitByMask } from '@/lib/series';

// A box transit of depth 0.01, 3 h long, every 2.5 d from t0 = 1.3, sampled every 10 minutes.
function synthetic(period = 2.5, t0 = 1.3, durH = 3, depth = 0.01, days = 20) {
  const time: number[] = [];
  const flux: number[] = [];
  for (let t = 0; t < days; t += 10 / 1440) {
    time.push(t);
    let p = (t - t0) / period;
    p -= Math.floor(p + 0.5);
    flux.push(Math.abs(p * period * 24) <= durH / 2 ? 1 - depth : 1);
  }
  return { time, flux };
}

describe('fold', () => {
  it('puts transits at zero hours, sorted, within ±P/2', () => {
    const { time, flux } = synthetic();
    const f = fold(time, flux, 2.5, 1.3);
    expect(f.hours.length).toBe(time.length);
    for (let i = 1; i < f.hours.length; i++) expect(f.hours[i]).toBeGreaterThanOrEqual(f.hours[i - 1]);
    expect(f.hours[0]).toBeGreaterThanOrEqual(-30);
    expect(f.hours[f.hours.length - 1]).toBeLessThan(30);
    for (let i = 0; i < f.hours.length; i++) {
      if (Math.abs(f.hours[i]) < 1.4) expect(f.flux[i]).toBeCloseTo(0.99);
      if (Math.abs(f.hours[i]) > 1.6) expect(f.flux[i]).toBe(1);
    }
  });
  it('drops non-finite points and rejects a bad period', () => {
    expect(fold([0, 1, NaN, 3], [1, NaN, 1, 1], 1, 0).hours.length).toBe(2);
    expect(() => fold([0], [1], 0, 0)).toThrow(RangeError);
  });
});

describe('bin', () => {
  it('averages per bin and leaves empty bins out', () => {
    const b = bin([0.1, 0.2, 0.6, 2.5], [1, 3, 5, 7], 3, 0, 3);
    expect(b.x).toEqual([0.5, 2.5]);
    expect(b.y).toEqual([3, 7]);
    expect(b.count).toEqual([3, 1]);
  });
  it('ignores points outside the range', () => {
    expect(bin([-1, 5], [1, 1], 2, 0, 2).x).toEqual([]);
    expect(() => bin([], [], 0, 0, 1)).toThrow();
  });
});

describe('downsampleIndices', () => {
  it('keeps every transit minimum while thinning', () => {
    const { flux } = synthetic(2.5, 1.3, 3, 0.01, 60);
    const keep = downsampleIndices(flux, 1000);
    expect(keep.length).toBeLessThanOrEqual(1000);
    expect(keep.length).toBeGreaterThan(400);
    // 24 transits in 60 days, each must still show its depth among the kept points
    const kept = keep.map((i) => flux[i]);
    expect(kept.filter((v) => v < 1).length).toBeGreaterThanOrEqual(24);
    for (let i = 1; i < keep.length; i++) expect(keep[i]).toBeGreaterThan(keep[i - 1]);
  });
  it('returns everything when already small', () => {
    expect(downsampleIndices([1, 2, 3], 10)).toEqual([0, 1, 2]);
  });
});

describe('periodogram helpers', () => {
  it('marks the aliases', () => {
    expect(aliasMarkers(3).map((m) => m.period)).toEqual([1.5, 6, 9]);
  });
  it('snaps to the local peak', () => {
    expect(snapToPeak([0, 1, 5, 2, 0, 9], 1, 2)).toBe(2);
    expect(snapToPeak([0, 1, 5, 2, 0, 9], 4, 2)).toBe(5);
  });
  it('finds the epoch of a refold', () => {
    const { time, flux } = synthetic(2.5, 1.3);
    const t0 = bestEpoch(time, flux, 2.5, 3);
    let d = (t0 - 1.3) / 2.5;
    d -= Math.round(d);
    expect(Math.abs(d * 2.5 * 24)).toBeLessThan(0.8);
  });
});

describe('align and masks', () => {
  it('merges series onto one ascending x axis', () => {
    const [x, a, b] = align([
      { x: [2, 0], y: [20, 0] },
      { x: [1], y: [10] },
    ]);
    expect(x).toEqual([0, 1, 2]);
    expect(a).toEqual([0, null, 20]);
    expect(b).toEqual([null, 10, null]);
  });
  it('splits by a mask', () => {
    expect(splitByMask([1, 2, NaN], [0, 1, 1])).toEqual([
      [1, null, null],
      [null, 2, null],
    ]);
  });
  it('cuts a phase window and the box model', () => {
    const w = phaseWindow({ hours: new Float64Array([-5, -1, 0, 2, 6]), flux: new Float64Array([1, 2, 3, 4, 5]) }, 0, 2);
    expect(w.x).toEqual([-1, 0, 2]);
    expect(boxModel(0.5, 2, 1000)).toBeCloseTo(0.999);
    expect(boxModel(1.5, 2, 1000)).toBe(1);
    expect(median([3, 1, NaN, 2])).toBe(2);
  });
});
