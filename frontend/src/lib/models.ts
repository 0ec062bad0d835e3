// The plot data of a model card, read from the generated types of /openapi.json.
import type { ModelCard } from './types';

export function rocPoints(card: ModelCard): { fpr: number[]; tpr: number[] } {
  const pairs = card.metrics?.roc_curve ?? [];
  return { fpr: pairs.map((p) => p[0]), tpr: pairs.map((p) => p[1]) };
}

export interface Importance {
  name: string;
  gain: number;
}

/** Features by gain, largest first. */
export function importance(card: ModelCard): Importance[] {
  return (card.metrics?.feature_importance ?? [])
    .map((e) => ({ name: e.feature, gain: e.gain }))
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
