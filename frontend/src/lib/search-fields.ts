// How the search form's documented fields (api-forms.ts, from /openapi.json) read in the Lab:
// label, unit and group. Fields the API documents and this table does not name still show
// (under "Other", by their API name); fields the API does not document never do.
import { SEARCH_FIELDS } from './api-forms';
import type { FormField } from './form-field';

/** `main` fields sit beside the submit button, `star` in the star panel, the rest under Advanced. */
export type Group = 'main' | 'star' | 'search' | 'columns' | 'other';

export interface FieldLook {
  label: string;
  unit?: string;
  group: Exclude<Group, 'other'>;
  options?: Record<string, string>;
  placeholder?: string;
}

export const LOOK: Record<string, FieldLook> = {
  fit: { label: 'Fit a limb-darkened transit to each candidate', unit: 'posteriors, about a second each', group: 'main' },
  target: { label: 'Target id', unit: 'TIC, KIC, EPIC, K2, TOI', group: 'star', placeholder: 'e.g. TIC 25155310' },
  teff: { label: 'Teff', unit: 'K', group: 'star' },
  logg: { label: 'log g', unit: 'cgs', group: 'star' },
  radius: { label: 'Radius', unit: 'R☉', group: 'star' },
  mass: { label: 'Mass', unit: 'M☉', group: 'star' },
  magnitude: { label: 'Magnitude', unit: 'Kepler or TESS', group: 'star' },
  period_min: { label: 'Min period', unit: 'days', group: 'search' },
  period_max: { label: 'Max period', unit: 'days', group: 'search' },
  durations: { label: 'Durations', unit: 'hours, comma separated', group: 'search' },
  detrend_window: { label: 'Detrending window', unit: 'days', group: 'search' },
  max_planets: { label: 'Max planets', group: 'search' },
  snr_min: { label: 'Min SNR', group: 'search' },
  sde_min: { label: 'Min SDE', group: 'search' },
  fit_max_steps: { label: 'Fit: most sampler steps', unit: '0: the default; raise it when a fit did not converge', group: 'search' },
  flux: {
    label: 'Flux (FITS)',
    group: 'columns',
    // What fits_reader does: PDCSAP_FLUX, else a column named FLUX (HLSPs); never SAP by itself.
    options: { pdcsap: 'PDCSAP_FLUX (or FLUX in HLSPs)', sap: 'SAP_FLUX' },
  },
  flux_unit: { label: 'Flux unit', group: 'columns' },
  time_column: { label: 'Time column', group: 'columns' },
  flux_column: { label: 'Flux column', group: 'columns' },
  flux_err_column: { label: 'Flux error column', group: 'columns' },
};

const ORDER = Object.keys(LOOK);
const order = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);

export const groupOf = (name: string): Group => LOOK[name]?.group ?? 'other';

/** The documented fields of one group, in the table's order. */
export function fieldsOf(group: Group, fields: readonly FormField[] = SEARCH_FIELDS): FormField[] {
  return fields.filter((f) => groupOf(f.name) === group).sort((a, b) => order(a.name) - order(b.name));
}
