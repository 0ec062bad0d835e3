// Model cards as the Models page shows them, read tolerantly from the API's card JSON.

export interface ModelSummary {
  id: string;
  version: string;
  created: string;
  catalog: string;
  task: string;
  active: boolean;
  rocAuc: number | null;
}

export interface ModelDetail extends ModelSummary {
  metrics: Record<string, number>;
  labels: string[];
  confusion: number[][];
  roc: { fpr: number[]; tpr: number[] };
  importance: { feature: number; name: string; value: number }[];
  hyperparameters: Record<string, unknown>;
  features: string[];
}

type Obj = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : v === undefined || v === null ? d : String(v));

export function toSummary(raw: unknown, activeId?: string): ModelSummary {
  const o = (raw ?? {}) as Obj;
  const metrics = (o.metrics ?? {}) as Obj;
  const id = str(o.id);
  return {
    id,
    version: str(o.version, id.slice(0, 8)),
    created: str(o.created),
    catalog: str(o.catalog),
    task: str(o.task),
    active: o.active === true || (activeId !== undefined && activeId === id),
    rocAuc: num(metrics.roc_auc),
  };
}

/** GET /models answers either a bare array or {"models": [...], "active": id}. */
export function toSummaries(raw: unknown): ModelSummary[] {
  if (Array.isArray(raw)) return raw.map((m) => toSummary(m));
  const o = (raw ?? {}) as Obj;
  const activeRaw = o.active ?? o.active_id;
  const activeId = typeof activeRaw === 'string' ? activeRaw : typeof activeRaw === 'object' && activeRaw ? str((activeRaw as Obj).id) : undefined;
  const list = (o.models ?? o.items ?? []) as unknown[];
  return list.map((m) => toSummary(m, activeId));
}

/** ROC points given as {fpr, tpr} arrays or as [[fpr, tpr], ...] / [{fpr, tpr}, ...]. */
export function rocPoints(raw: unknown): { fpr: number[]; tpr: number[] } {
  if (Array.isArray(raw)) {
    const pts = raw.map((p) => (Array.isArray(p) ? [Number(p[0]), Number(p[1])] : [Number((p as Obj).fpr), Number((p as Obj).tpr)]));
    pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return { fpr: pts.map((p) => p[0]), tpr: pts.map((p) => p[1]) };
  }
  const o = (raw ?? {}) as Obj;
  const fpr = Array.isArray(o.fpr) ? (o.fpr as number[]) : [];
  const tpr = Array.isArray(o.tpr) ? (o.tpr as number[]) : [];
  const idx = fpr.map((_, i) => i).sort((a, b) => fpr[a] - fpr[b] || tpr[a] - tpr[b]);
  return { fpr: idx.map((i) => fpr[i]), tpr: idx.map((i) => tpr[i]) };
}

/** Feature importance as {name: value} or [{feature, importance}], largest first. */
export function importance(raw: unknown): { feature: number; name: string; value: number }[] {
  let pairs: [string, number][] = [];
  if (Array.isArray(raw)) {
    pairs = raw.map((e) => {
      const o = e as Obj;
      return [str(o.feature ?? o.name), Number(o.importance ?? o.gain ?? o.value)];
    });
  } else if (raw && typeof raw === 'object') {
    pairs = Object.entries(raw as Obj).map(([k, v]) => [k, Number(v)]);
  }
  return pairs
    .filter(([, v]) => Number.isFinite(v))
    .sort((a, b) => b[1] - a[1])
    .map(([name, value], i) => ({ feature: i, name, value }));
}

export function toDetail(raw: unknown): ModelDetail {
  const o = (raw ?? {}) as Obj;
  const m = (o.metrics ?? {}) as Obj;
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) if (typeof v === 'number' && Number.isFinite(v)) metrics[k] = v;
  const cm = Array.isArray(m.confusion_matrix) ? (m.confusion_matrix as unknown[]).map((r) => (Array.isArray(r) ? r.map(Number) : [])) : [];
  const labels = Array.isArray(o.labels) ? (o.labels as unknown[]).map((l) => str(l)) : cm.length === 2 ? ['false positive', 'planet'] : [];
  return {
    ...toSummary(raw),
    metrics,
    labels,
    confusion: cm,
    roc: rocPoints(m.roc_curve),
    importance: importance(m.feature_importance),
    hyperparameters: (o.hyperparameters ?? {}) as Record<string, unknown>,
    features: Array.isArray(o.features) ? (o.features as unknown[]).map((f) => (typeof f === 'string' ? f : str((f as Obj).name))) : [],
  };
}
