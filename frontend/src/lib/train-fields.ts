// How the Retrain form draws the training options /openapi.json documents (TRAIN_FIELDS): the
// types, bounds and defaults come from the API; only the labels and the order live here. An option
// the API adds later is drawn after these, under its own name.
import { TRAIN_FIELDS } from './api-forms';
import type { FormField } from './form-field';

export const TRAIN_LABELS: Record<string, string> = {
  catalog: 'Catalogue',
  task: 'Task',
  n_trees: 'Trees',
  max_depth: 'Max depth',
  learning_rate: 'Learning rate',
  subsample: 'Row subsample',
  colsample: 'Column subsample',
  min_child_weight: 'Min child weight',
  bags: 'Bagged boosters',
  folds: 'CV folds',
  seed: 'Seed',
  balance_classes: 'Balance classes',
};

export const TRAIN_OPTION_LABELS: Record<string, string> = {
  koi: 'Kepler KOI',
  toi: 'TESS TOI',
  k2: 'K2',
  binary: 'binary (planet / false positive)',
  multiclass: 'multiclass',
};

const ORDER = Object.keys(TRAIN_LABELS);
const rank = (name: string) => {
  const i = ORDER.indexOf(name);
  return i < 0 ? ORDER.length : i;
};

/** The training options in the form's order. */
export function trainFields(fields: readonly FormField[] = TRAIN_FIELDS): FormField[] {
  return [...fields].sort((a, b) => rank(a.name) - rank(b.name));
}

/**
 * The JSON body of POST /models/train from the form's values: choices and switches as they are,
 * numbers only where the user typed one (the API's default otherwise).
 */
export function trainBody(form: FormData, fields: readonly FormField[] = TRAIN_FIELDS): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.type === 'boolean') {
      body[f.name] = form.get(f.name) === 'on';
      continue;
    }
    const v = String(form.get(f.name) ?? '').trim();
    if (v === '') continue;
    body[f.name] = f.type === 'number' || f.type === 'integer' ? Number(v) : v;
  }
  return body;
}
