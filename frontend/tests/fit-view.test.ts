import { describe, expect, it } from 'vitest';

import { fitShiftHours, fitSummary, fmtInterval } from '@/lib/fit-report';
import { limbDarkeningFromKipping, modelCurve, occultedFlux, residuals, shapeFromSampled, t14Hours, transitFlux, type LimbDarkening } from '@/lib/transit-model';
import type { Candidate } from '@/lib/types';

/** Blocked flux by brute force: the stellar disc on a fine polar grid (reference for the rings). */
function bruteForce(z: number, k: number, ld: LimbDarkening): number {
  const nr = 1500;
  const na = 1500;
  let blocked = 0;
  let total = 0;
  for (let i = 0; i < nr; i++) {
    const r = (i + 0.5) / nr;
    const mu = Math.sqrt(1 - r * r);
    const I = 1 - ld.u1 * (1 - mu) - ld.u2 * (1 - mu) ** 2;
    for (let j = 0; j < na; j++) {
      const a = (2 * Math.PI * (j + 0.5)) / na;
      const dx = r * Math.cos(a) - z;
      const dy = r * Math.sin(a);
      const w = I * r;
      total += w;
      if (dx * dx + dy * dy < k * k) blocked += w;
    }
  }
  return 1 - blocked / total;
}

describe('limb-darkened transit model', () => {
  const ld = limbDarkeningFromKipping(0.36, 0.3);
  it('maps Kipping q1, q2 to u1, u2', () => {
    expect(ld.u1).toBeCloseTo(0.36, 12);
    expect(ld.u2).toBeCloseTo(0.24, 12);
  });
  it('blocks k^2 of a uniform disc, and k^2 / <I> of a limb-darkened one at its centre', () => {
    expect(occultedFlux(0, 0.1, { u1: 0, u2: 0 })).toBeCloseTo(1 - 0.01, 12);
    expect(occultedFlux(0.3, 0.1, { u1: 0, u2: 0 })).toBeCloseTo(1 - 0.01, 6);
    // A small planet at the centre: depth k^2 I(0) / <I>, <I> = 1 - u1/3 - u2/6.
    const k = 0.01;
    expect(1 - occultedFlux(0, k, ld)).toBeCloseTo((k * k) / (1 - ld.u1 / 3 - ld.u2 / 6), 8);
    expect(occultedFlux(1.2, 0.1, ld)).toBe(1);
  });
  it('matches a brute-force integration of the disc, grazing included', () => {
    for (const [z, k] of [
      [0.05, 0.1],
      [0.5, 0.12],
      [0.95, 0.1],
      [1.05, 0.1],
      [0.2, 0.3],
    ]) {
      expect(Math.abs(occultedFlux(z, k, ld) - bruteForce(z, k, ld))).toBeLessThan(2e-5);
    }
  });
  it('rebuilds the shape from the sampled parameters with the fit duration', () => {
    const shape = shapeFromSampled({ t0: 1327.52, period: 3.2888, depth: 0.007, impact: 0.3, t14_days: 3.43 / 24, q1: 0.36, q2: 0.3, flux_offset: 1e-4, jitter: 1e-4 }, 2 / 1440);
    expect(shape).not.toBeNull();
    expect(t14Hours(shape!)).toBeCloseTo(3.43, 6);
    // Out of transit: the baseline with its offset; in: about the depth below it.
    expect(transitFlux(0.3, shape!)).toBeCloseTo(1.0001, 9);
    expect(1.0001 - transitFlux(0, shape!)).toBeGreaterThan(0.006);
    expect(1.0001 - transitFlux(0, shape!)).toBeLessThan(0.0085);
    const curve = modelCurve(shape!, 5, 0, 101);
    expect(curve.x[50]).toBeCloseTo(0, 12);
    expect(Math.min(...curve.y)).toBe(curve.y[50]);
    // Residuals of the model itself are zero.
    expect(residuals(curve.x, curve.y, shape!).every((r) => Math.abs(r) < 1e-12)).toBe(true);
  });
  it('takes the radius ratio and a/R* the backend solved, so a grazing best fit is drawn as fitted', () => {
    // k = 0.3 at b = 1.1: the mid-transit depth is far from k^2 I(b)/<I>, so only the solved k is right.
    const sampled = { t0: 0, period: 2.5, depth: 0.02, impact: 1.1, t14_days: 1.5 / 24, q1: 0.36, q2: 0.3, flux_offset: 0, jitter: 1e-4 };
    const solved = shapeFromSampled(sampled, 0, { rpRs: 0.3, aRs: 8.2 })!;
    expect(solved.rpRs).toBe(0.3);
    expect(solved.aRs).toBe(8.2);
    const approx = shapeFromSampled(sampled, 0)!;
    expect(Math.abs(approx.rpRs - 0.3)).toBeGreaterThan(0.05);
  });
});

const candidate = { period: 3.2888, t0: 1327.52, duration_hours: 3.4, depth_ppm: 7000, snr: 60, sde: 20 } as Candidate;
const interval = (median: number, lower: number, upper: number) => ({ median, lower, upper });

describe('fit summary', () => {
  it('reads the posterior, the best fit and the vetting', () => {
    const fit = {
      converged: true,
      error: null,
      n_points: 2933,
      exposure_minutes: 2,
      convergence: { walkers: 36, steps: 6000, max_autocorr_time: 120, max_split_rhat: 1.01, effective_samples: 900 },
      max_likelihood: {
        parameters: ['t0', 'period', 'depth', 'impact', 't14_days', 'q1', 'q2', 'flux_offset', 'jitter'],
        values: [1327.52 + 4 * 3.2888 + 0.001, 3.2888, 0.007, 0.3, 3.43 / 24, 0.36, 0.3, 0, 1e-4],
      },
      rp_rs: interval(0.0801, 0.0795, 0.0808),
      t0: interval(1327.5201, 1327.5197, 1327.5205),
      planet_radius_earth: null,
      vetting: { density_mismatch_sigma: 0.4, density_mismatch: false, grazing_probability: 0.01, v_shaped: false, odd_depth_ppm: 7100, odd_depth_err_ppm: 90, even_depth_ppm: 7050, even_depth_err_ppm: 95, odd_even_sigma: 0.4, odd_even_mismatch: false, secondary_depth_ppm: 20, secondary_depth_err_ppm: 30, secondary_upper_limit_ppm: 110, secondary_eclipse: false, epochs: [0, 1, 2], ttv_sigma: 0.2, ttv_chi2: 1.1, ttv_dof: 1, ttv: false },
    };
    const s = fitSummary({ ...candidate, fit })!;
    expect(s.converged).toBe(true);
    expect(s.parameters.map((p) => p.key)).toEqual(['t0', 'rp_rs']);
    expect(s.bestFit?.shape.periodDays).toBe(3.2888);
    expect(fitShiftHours(s.bestFit!.t0, candidate.t0, 3.2888)).toBeCloseTo(0.024, 6);
    expect(s.checks.map((c) => [c.key, c.flagged])).toEqual([
      ['density', false],
      ['grazing', false],
      ['odd_even', false],
      ['secondary', false],
      ['ttv', false],
    ]);
    expect(s.checks[2].value).toBe('odd 7100 ± 90 ppm, even 7050 ± 95 ppm (0.4σ)');
  });
  it('reports a fit that did not converge with its reason and no intervals', () => {
    const s = fitSummary({ ...candidate, fit: { converged: false, error: 'split R-hat 3.9 after 12000 steps', vetting: { density_mismatch: null } } })!;
    expect(s.converged).toBe(false);
    expect(s.error).toContain('R-hat');
    expect(s.parameters).toEqual([]);
    expect(s.checks[0].flagged).toBeNull();
    expect(fitSummary(candidate)).toBeNull();
  });
  it('writes a median with its asymmetric 1-sigma interval', () => {
    expect(fmtInterval(interval(0.08012, 0.07951, 0.08083))).toBe('0.08012 +0.00071 −0.00061');
    expect(fmtInterval(interval(10.93, 9.8, 12.1))).toBe('10.9 +1.2 −1.1');
  });
});
