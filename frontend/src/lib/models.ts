// The parts of a model card that /openapi.json leaves loose, read in the one shape the API sends:
// metrics.roc_curve is a list of [false positive rate, true positive rate] pairs and
// metrics.feature_importance a list of {feature, gain, mean_abs_shap}.
import type { ModelCard } from './types';

export function rocPoints(card: ModelCard): { fpr: number[]; tpr: number[] } {
  const raw: unknown = card.metrics?.roc_curve;
  const pairs = Array.isArray(raw) ? raw.filter((p): p is [number, number] => Array.isArray(p) && p.length >= 2) : [];
  return { fpr: pairs.map((p) => p[0]), tpr: pairs.map((p) => p[1]) };
}

export interface Importance {
  name: string;
  gain: number;
}

/** Features by gain, largest first. */
export function importance(card: ModelCard): Importance[] {
  const raw: unknown = card.metrics?.feature_importance;
  if (!Array.isArray(raw)) return [];
  return raw
    .map((e: { feature?: unknown; gain?: unknown }) => ({ name: String(e.feature), gain: Number(e.gain) }))
    .filter((f) => Number.isFinite(f.gain))
    .sort((a, b) => b.gain - a.gain);
}

/** Headline metrics as label and number; a per-class F1 becomes one entry per class. */
export function headlineMetrics(metrics: ModelCard['metrics'] | undefined): [string, number][] {
  const out: [string, number][] = [];
  for (const key of ['roc_auc', 'pr_auc', 'accuracy', 'f1'] as const) {
    const v = metrics?.[key];
    if (typeof v === 'number') out.push([key, v]);
    else if (v && typeof v === 'object') for (const [cls, x] of Object.entries(v)) out.push([`${key} (${cls.replace('_', ' ')})`, x]);
  }
  return out;
}
