// Reads a search result's input, settings and uncertainties into what the page shows, and writes
// the result's CSVs.
import { objectsToCsv, toCsv, type Cell } from './csv';
import type { FoldWindow } from './plotdata';
import type { Candidate, SearchResult } from './types';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export type StellarSource = NonNullable<SearchResult['input']['stellar']['sources'][string]>['source'];

export interface StellarValue {
  key: string;
  label: string;
  unit: string;
  value: number;
  err: number | null;
  /** Where the value came from (input.stellar.sources), when the API says. */
  source: string | null;
}

export interface SearchInput {
  file: string | null;
  target: string | null;
  mission: string | null;
  timeSystem: string | null;
  points: number | null;
  used: number | null;
  clipped: number | null;
  spanDays: number | null;
  /** Sectors, quarters or campaigns when the API names them. */
  segments: { name: string; values: string[] } | null;
  stellar: StellarValue[];
  /** The stellar values the search did not know (labels, in STELLAR's order). */
  stellarMissing: string[];
  /** The catalogue row looked up for the star, when one was ("TOI 114.01 (TIC 25155310)"). */
  catalogue: string | null;
  /** What the engine did to the data on its own, in words (times sorted, magnitudes converted, a
   * star that varies faster than the default trend follows). */
  notes: string[];
}

const STELLAR: { key: string; label: string; unit: string }[] = [
  { key: 'teff_k', label: 'Teff', unit: 'K' },
  { key: 'logg_cgs', label: 'log g', unit: 'cgs' },
  { key: 'radius_sun', label: 'R★', unit: 'R☉' },
  { key: 'mass_sun', label: 'M★', unit: 'M☉' },
  { key: 'density_cgs', label: 'ρ★', unit: 'g/cm³' },
  { key: 'magnitude', label: 'mag', unit: '' },
];

type StellarKey = 'teff_k' | 'logg_cgs' | 'radius_sun' | 'mass_sun' | 'density_cgs' | 'magnitude';

export function searchInput(result: SearchResult): SearchInput {
  const input = result.input;
  const stellar = input.stellar;
  let segments: SearchInput['segments'] = null;
  for (const name of ['sectors', 'quarters', 'campaigns'] as const) {
    const v = input[name];
    if (v?.length) segments = { name, values: v.map(String) };
  }
  // The catalogue row looked up: "TOI 114.01 (TIC 25155310)".
  const row = stellar.catalogue;
  const rowName = row ? [row.table.toUpperCase(), row.row].filter(Boolean).join(' ') : '';
  const catalogue = row?.id ? (rowName ? `${rowName} (${row.id})` : row.id) : rowName;
  const value = (key: string) => num(stellar[key as StellarKey]);
  const known = STELLAR.filter(({ key }) => value(key) !== null);
  return {
    file: str(input.file),
    target: str(input.target),
    mission: str(input.mission),
    timeSystem: str(input.time_system),
    points: num(input.n_points),
    used: num(input.n_used),
    clipped: num(input.n_clipped),
    spanDays: num(input.span_days),
    segments,
    stellar: known.map(({ key, label, unit }) => {
      const p = stellar.sources[key];
      // The density has no source of its own: the engine computes it from the other values.
      const source = p?.source ?? (key === 'density_cgs' ? 'derived' : null);
      return { key, label, unit, value: value(key) as number, err: num(p?.err), source };
    }),
    stellarMissing: STELLAR.filter((v) => !known.includes(v)).map((v) => v.label),
    catalogue: catalogue || null,
    notes: input.notes ?? [],
  };
}

// The candidate model's stellar inputs (ml/features.cpp star_input_names), as people say them.
const STAR_FEATURES: Record<string, string> = {
  stellar_teff_k: 'Teff',
  stellar_logg: 'log g',
  stellar_radius_sun: 'radius',
  magnitude: 'magnitude',
};

const list = (names: string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);

export interface StarScoring {
  /** with: the model read every stellar value it uses; partial / without: some or all were unknown. */
  kind: 'with' | 'partial' | 'without' | 'none';
  text: string;
}

/** In words: whether the verdict was made with the star, from the result's model.scored_with. */
export function starScoring(result: SearchResult): StarScoring {
  const model = result.model;
  if (!model) return { kind: 'none', text: 'No model scored these candidates.' };
  const sw = model.scored_with;
  if (!sw) return { kind: 'none', text: `Scored by ${model.id}; the result does not say which stellar values it used.` };
  const by = `scored by ${sw.id}`;
  const name = (f: string) => STAR_FEATURES[f] ?? f;
  const without = sw.without.map(name);
  const used = sw.features ? sw.features.filter((f) => f in STAR_FEATURES).map(name) : null;
  if (used && used.length === 0) return { kind: 'without', text: `The verdict was made without the star: the model that scored it (${sw.id}) reads no stellar values.` };
  if (sw.star === 'unknown' || (used && without.length >= used.length && without.length > 0))
    return { kind: 'without', text: `The verdict was made without the star: its ${list(without)} were not known (${by}).` };
  if (sw.star === 'partial' || without.length)
    return { kind: 'partial', text: `The verdict was made without the star's ${list(without)}, which were not known; it used the rest (${by}).` };
  return { kind: 'with', text: `The verdict used the star's ${list(used ?? Object.values(STAR_FEATURES))} (${by}).` };
}

/** Search settings the engine used (period range, durations, detrending window). */
export function searchSettings(result: SearchResult): {
  periodMin: number | null;
  periodMax: number | null;
  durations: number[];
  detrendDays: number | null;
  /** The trend followed the star with a quadratic in each window (a fast-varying star). */
  detrendQuadratic: boolean;
} {
  const s = result.search;
  return {
    periodMin: num(s?.period_min_days),
    periodMax: num(s?.period_max_days),
    durations: s?.durations_hours.filter((v) => num(v) !== null) ?? [],
    detrendDays: num(s?.detrend_window_days),
    detrendQuadratic: s?.detrend_degree === 2,
  };
}

/** Uncertainties a candidate may carry beyond the documented period and depth ones. */
export function candidateErrors(c: Candidate): { t0: number | null; duration: number | null } {
  return { t0: num(c.t0_err), duration: num(c.duration_err_hours) };
}

export const CANDIDATE_CSV_COLUMNS = [
  'candidate',
  'period',
  'period_err',
  't0',
  't0_err',
  'time_system',
  't0_bjd',
  'duration_hours',
  'duration_err_hours',
  'depth_ppm',
  'depth_err_ppm',
  'snr',
  'sde',
  'transit_count',
  'transits_with_data',
  'odd_even_mismatch',
  'secondary_depth_ppm',
  // Light outside the transits locked to the orbit, and the most a planet's own light gives.
  'phase_amplitude_ppm',
  'phase_amplitude_limit_ppm',
  'phase_variability_sigma',
  'rp_rs',
  'planet_radius_earth',
  'planet_probability',
  'label',
  'flags',
  // A known catalogue object on the same star with the same period (context, not a model input).
  'known_object',
  'known_disposition',
  // The searcher's own verdict and note, beside the model's label.
  'verdict',
  'note',
];

/**
 * The candidates as CSV, numbered as the table numbers them, at full precision, with the known
 * catalogue object each matches (`known`, in the candidates' order) when that was looked up.
 */
export function candidatesCsv(result: SearchResult, known: ({ name: string; disposition: string } | null)[] = []): string {
  const system = searchInput(result).timeSystem;
  return objectsToCsv(
    result.candidates.map((c, i) => ({
      ...c,
      candidate: i + 1,
      time_system: system,
      known_object: known[i]?.name,
      known_disposition: known[i]?.disposition,
      verdict: c.annotation?.verdict,
      note: c.annotation?.note,
    })),
    CANDIDATE_CSV_COLUMNS,
  );
}

/** A folded window's points and bins: hours from mid-transit and flux, one row each. */
export function foldCsv(window: FoldWindow): string {
  const rows: Cell[][] = [
    ...window.points.x.map((x, i): Cell[] => ['point', x, window.points.y[i]]),
    ...window.bins.x.map((x, i): Cell[] => ['bin', x, window.bins.y[i]]),
  ];
  return toCsv(['kind', 'hours_from_mid_transit', 'flux'], rows);
}
