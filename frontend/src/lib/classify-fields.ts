// The single-candidate form of the Classify page: KOI column names (the API accepts them), with
// units and the physically sensible range each value must lie in before it is sent.

export interface FieldSpec {
  name: string;
  label: string;
  unit: string;
  min: number;
  max: number;
  /** Lower bound excluded (strictly greater than min). */
  exclusiveMin?: boolean;
  required?: boolean;
  example: number;
}

export const CLASSIFY_FIELDS: FieldSpec[] = [
  { name: 'koi_period', label: 'Orbital period', unit: 'days', min: 0, max: 2000, exclusiveMin: true, required: true, example: 3.2888 },
  { name: 'koi_duration', label: 'Transit duration', unit: 'hours', min: 0, max: 100, exclusiveMin: true, required: true, example: 3.44 },
  { name: 'koi_depth', label: 'Transit depth', unit: 'ppm', min: 0, max: 1e6, exclusiveMin: true, required: true, example: 7006 },
  { name: 'koi_prad', label: 'Planet radius', unit: 'R⊕', min: 0, max: 500, exclusiveMin: true, example: 10.7 },
  { name: 'koi_impact', label: 'Impact parameter', unit: '', min: 0, max: 3, example: 0.3 },
  { name: 'koi_model_snr', label: 'Transit SNR', unit: 'σ', min: 0, max: 1e5, example: 60 },
  { name: 'koi_teq', label: 'Equilibrium temperature', unit: 'K', min: 0, max: 1e4, example: 1470 },
  { name: 'koi_insol', label: 'Insolation', unit: 'S⊕', min: 0, max: 1e6, example: 780 },
  { name: 'koi_steff', label: 'Stellar effective temperature', unit: 'K', min: 2000, max: 60000, example: 5800 },
  { name: 'koi_slogg', label: 'Stellar surface gravity', unit: 'log₁₀(cm s⁻²)', min: 0, max: 6, example: 4.2 },
  { name: 'koi_srad', label: 'Stellar radius', unit: 'R☉', min: 0, max: 200, exclusiveMin: true, example: 1.27 },
  { name: 'koi_kepmag', label: 'Stellar magnitude (Kepler or TESS band)', unit: 'mag', min: -2, max: 25, example: 10.99 },
];

export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string>;

/** Checks every field; returns messages keyed by field name (empty when all is valid). */
export function validateClassify(values: FormValues, fields: FieldSpec[] = CLASSIFY_FIELDS): FormErrors {
  const errors: FormErrors = {};
  for (const f of fields) {
    const raw = (values[f.name] ?? '').trim();
    if (raw === '') {
      if (f.required) errors[f.name] = `${f.label} is required`;
      continue;
    }
    // Number('') is 0 and Number('1e') NaN; reject anything that is not a plain finite number.
    const v = Number(raw);
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw) || !Number.isFinite(v)) {
      errors[f.name] = `${f.label} must be a number`;
    } else if (f.exclusiveMin ? v <= f.min : v < f.min) {
      errors[f.name] = `${f.label} must be ${f.exclusiveMin ? 'greater than' : 'at least'} ${f.min}${f.unit ? ' ' + f.unit : ''}`;
    } else if (v > f.max) {
      errors[f.name] = `${f.label} must be at most ${f.max}${f.unit ? ' ' + f.unit : ''}`;
    }
  }
  const period = Number(values.koi_period);
  const duration = Number(values.koi_duration);
  if (!errors.koi_period && !errors.koi_duration && period > 0 && duration > 0 && duration >= period * 24) {
    errors.koi_duration = 'Transit duration must be shorter than the orbital period';
  }
  return errors;
}

/** The validated form as one API row: numbers for filled fields, empty ones left out. */
export function formToRow(values: FormValues, fields: FieldSpec[] = CLASSIFY_FIELDS): Record<string, number> {
  const row: Record<string, number> = {};
  for (const f of fields) {
    const raw = (values[f.name] ?? '').trim();
    if (raw !== '') row[f.name] = Number(raw);
  }
  return row;
}

// TOI and K2 column names that mean the same as a form field (the form uses KOI names).
const ALIASES: Record<string, string[]> = {
  koi_period: ['koi_period', 'pl_orbper', 'period'],
  koi_duration: ['koi_duration', 'pl_trandurh', 'duration_hours'],
  koi_depth: ['koi_depth', 'pl_trandep', 'depth_ppm'],
  koi_prad: ['koi_prad', 'pl_rade', 'planet_radius_earth'],
  koi_impact: ['koi_impact', 'pl_imppar'],
  koi_model_snr: ['koi_model_snr', 'snr'],
  koi_teq: ['koi_teq', 'pl_eqt'],
  koi_insol: ['koi_insol', 'pl_insol'],
  koi_steff: ['koi_steff', 'st_teff'],
  koi_slogg: ['koi_slogg', 'st_logg'],
  koi_srad: ['koi_srad', 'st_rad'],
  koi_kepmag: ['koi_kepmag', 'st_tmag'],
};

/** Form values from a catalogue row (KOI, TOI or K2 columns); unknown columns are ignored. */
export function rowToForm(row: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [field, names] of Object.entries(ALIASES)) {
    for (const n of names) {
      const v = row[n];
      if (v !== null && v !== undefined && v !== '' && Number.isFinite(Number(v))) {
        values[field] = String(v);
        break;
      }
    }
  }
  return values;
}
