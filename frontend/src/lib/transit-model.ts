// A quadratic limb-darkened transit on a circular orbit, for drawing a fit's model over the
// folded light curve and its residuals. The blocked flux is integrated over the stellar disc in
// rings (the arc of each ring under the planet, with a cosine substitution that removes the
// square-root edges of the arc, so a midpoint rule converges fast); the backend's fit uses
// the exact closed form (docs/FIT.md), which this matches to well under a ppm.

export interface LimbDarkening {
  u1: number;
  u2: number;
}

export interface TransitShape {
  /** Planet-to-star radius ratio. */
  rpRs: number;
  /** Orbital semi-major axis in stellar radii. */
  aRs: number;
  /** Impact parameter, stellar radii. */
  impact: number;
  periodDays: number;
  ld: LimbDarkening;
  /** Relative flux offset of the baseline: the model is (1 + offset) times the transit. */
  offset: number;
  /** Exposure of each cadence (days); the model is averaged over it. */
  exposureDays: number;
}

const RING_NODES = 96;
// Sub-exposures: one per 2 minutes of exposure, as the fit's mission rule.
const SUB_EXPOSURE_DAYS = 2 / 1440;

/** Kipping (2013): (q1, q2) in the unit square to quadratic coefficients. */
export function limbDarkeningFromKipping(q1: number, q2: number): LimbDarkening {
  const s = Math.sqrt(Math.max(0, q1));
  return { u1: 2 * s * q2, u2: s * (1 - 2 * q2) };
}

/** Intensity at radius r on the disc (r in stellar radii, 1 at the limb). */
function intensity(r: number, ld: LimbDarkening): number {
  const om = 1 - Math.sqrt(Math.max(0, 1 - r * r));
  return 1 - ld.u1 * om - ld.u2 * om * om;
}

/** The disc's total flux, integral of I(r) 2 pi r dr from 0 to 1. */
function totalFlux(ld: LimbDarkening): number {
  return Math.PI * (1 - ld.u1 / 3 - ld.u2 / 6);
}

/** Flux of the full rings from 0 to R: integral of I 2 pi r dr, written in mu = sqrt(1 - r^2). */
function centralFlux(radius: number, ld: LimbDarkening): number {
  const a = 1 - ld.u1 - ld.u2;
  const b = ld.u1 + 2 * ld.u2;
  const g = (mu: number) => (a * mu * mu) / 2 + (b * mu * mu * mu) / 3 - (ld.u2 * mu ** 4) / 4;
  const mu0 = Math.sqrt(Math.max(0, 1 - radius * radius));
  return 2 * Math.PI * (g(1) - g(mu0));
}

/**
 * Relative flux (1 out of transit) with the planet's centre at `z` stellar radii from the
 * star's, for a planet of radius `k`.
 */
export function occultedFlux(z: number, k: number, ld: LimbDarkening): number {
  z = Math.abs(z);
  if (!(k > 0) || z >= 1 + k) return 1;
  let blocked = 0;
  if (z < 1e-12) {
    blocked = centralFlux(Math.min(k, 1), ld);
  } else {
    // Rings wholly under the planet (it covers the star's centre).
    if (k > z) blocked += centralFlux(Math.min(k - z, 1), ld);
    const lo = Math.abs(z - k);
    const hi = Math.min(1, z + k);
    if (hi > lo) {
      const mid = (lo + hi) / 2;
      const half = (hi - lo) / 2;
      let sum = 0;
      for (let j = 0; j < RING_NODES; j++) {
        const phi = (Math.PI * (j + 0.5)) / RING_NODES;
        const r = mid - half * Math.cos(phi);
        const c = (r * r + z * z - k * k) / (2 * r * z);
        const arc = 2 * Math.acos(Math.min(1, Math.max(-1, c)));
        sum += intensity(r, ld) * r * arc * Math.sin(phi);
      }
      blocked += sum * half * (Math.PI / RING_NODES);
    }
  }
  return 1 - blocked / totalFlux(ld);
}

/** Separation of the centres (stellar radii) at `dt` days from mid-transit; Infinity behind the star. */
function separation(dt: number, s: TransitShape): number {
  const phase = (2 * Math.PI * dt) / s.periodDays;
  if (Math.cos(phase) <= 0) return Infinity;
  const cosI = s.impact / s.aRs;
  const sinP = Math.sin(phase);
  return s.aRs * Math.sqrt(sinP * sinP + cosI * cosI * Math.cos(phase) ** 2);
}

/** Model flux at `dt` days from mid-transit, averaged over the cadence's exposure. */
export function transitFlux(dt: number, s: TransitShape): number {
  const n = Math.max(1, Math.ceil(s.exposureDays / SUB_EXPOSURE_DAYS));
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const t = n === 1 ? dt : dt + s.exposureDays * ((j + 0.5) / n - 0.5);
    sum += occultedFlux(separation(t, s), s.rpRs, s.ld);
  }
  return (1 + s.offset) * (sum / n);
}

/** Total duration (first to fourth contact), hours; NaN when the planet never crosses the disc. */
export function t14Hours(s: TransitShape): number {
  const sinI = Math.sqrt(Math.max(0, 1 - (s.impact / s.aRs) ** 2));
  const chord = (1 + s.rpRs) ** 2 - s.impact ** 2;
  if (!(chord > 0) || !(sinI > 0)) return NaN;
  const x = Math.sqrt(chord) / (s.aRs * sinI);
  return x >= 1 ? NaN : ((s.periodDays / Math.PI) * Math.asin(x) * 24);
}

/**
 * The fit's best shape from its `max_likelihood`: t0, period, depth (the model's depth at
 * mid-transit), impact, t14_days, q1, q2, flux_offset, jitter, plus the radius ratio and scaled
 * semi-major axis the backend solved from them (`rp_rs`, `a_rs`, likelihood.cpp). Results stored
 * without those two get the small-planet approximation depth = k^2 I(b)/<I>.
 */
export function shapeFromSampled(
  values: Record<string, number>,
  exposureDays: number,
  solved: { rpRs?: number | null; aRs?: number | null } = {},
): TransitShape | null {
  const { period, depth, impact, t14_days: t14, q1, q2, flux_offset: offset } = values;
  if (![period, depth, impact, t14, q1, q2].every(Number.isFinite) || !(period > 0) || !(depth > 0) || !(t14 > 0)) return null;
  const ld = limbDarkeningFromKipping(q1, q2);
  const om = 1 - Math.sqrt(Math.max(0, 1 - impact * impact));
  const ratio = Math.max(0.05, 1 - ld.u1 * om - ld.u2 * om * om) / (1 - ld.u1 / 3 - ld.u2 / 6);
  const rpRs = solved.rpRs != null && solved.rpRs > 0 ? solved.rpRs : Math.sqrt(depth / ratio);
  const s = Math.sin((Math.PI * t14) / period);
  const chord = (1 + rpRs) ** 2 - impact * impact;
  if (!(chord > 0) || !(s > 0)) return null;
  const aRs = solved.aRs != null && solved.aRs > impact ? solved.aRs : Math.sqrt(chord / (s * s) + impact * impact);
  return { rpRs, aRs, impact, periodDays: period, ld, offset: Number.isFinite(offset) ? offset : 0, exposureDays: Math.max(0, exposureDays) };
}

/** The model sampled on `n` points across [-halfHours, halfHours] from mid-transit. */
export function modelCurve(s: TransitShape, halfHours: number, shiftHours = 0, n = 600): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const h = -halfHours + (2 * halfHours * i) / (n - 1);
    x.push(h);
    y.push(transitFlux((h - shiftHours) / 24, s));
  }
  return { x, y };
}

/** Data minus model at each point (hours from mid-transit). */
export function residuals(x: number[], y: number[], s: TransitShape, shiftHours = 0): number[] {
  return x.map((h, i) => (Number.isFinite(y[i]) ? y[i] - transitFlux((h - shiftHours) / 24, s) : NaN));
}
