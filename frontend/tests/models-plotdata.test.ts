import { describe, expect, it } from 'vitest';

import { errorFrom } from '@/lib/api';
import { headlineMetrics, importance, rocPoints } from '@/lib/models';
import { completeFold, coversWindow } from '@/lib/plotdata';
import type { ModelCard } from '@/lib/types';

// The card layout of GET /models/{id} (metrics as exodetect train writes them).
const card = {
  id: 'exo-1',
  active: true,
  labels: ['false_positive', 'planet'],
  metrics: {
    roc_auc: 0.99,
    f1: { false_positive: 0.96, planet: 0.94 },
    confusion_matrix: [
      [4679, 160],
      [170, 2576],
    ],
    roc_curve: [
      [0, 0],
      [0, 0.027],
      [1, 1],
    ],
    feature_importance: [
      { feature: 'duration_err_hours', gain: 16.8, mean_abs_shap: 0.67 },
      { feature: 'stellar_teff_err_k', gain: 32.8, mean_abs_shap: 0.65 },
    ],
  },
} as unknown as ModelCard;

describe('model cards', () => {
  it('reads the ROC pairs', () => {
    expect(rocPoints(card)).toEqual({ fpr: [0, 0, 1], tpr: [0, 0.027, 1] });
    expect(rocPoints({ id: 'x', active: false, task: 'binary', features: [], labels: [] })).toEqual({ fpr: [], tpr: [] });
  });
  it('orders features by gain', () => {
    expect(importance(card).map((f) => f.name)).toEqual(['stellar_teff_err_k', 'duration_err_hours']);
  });
  it('lists a per-class F1 per class', () => {
    expect(headlineMetrics(card.metrics)).toEqual([
      ['roc_auc', 0.99],
      ['f1 (false positive)', 0.96],
      ['f1 (planet)', 0.94],
    ]);
  });
});

describe('API errors', () => {
  it('shows the API message', async () => {
    const e = await errorFrom(new Response(JSON.stringify({ error: { code: 'bad_file', message: 'not a light curve' } }), { status: 400 }));
    expect(e.message).toBe('not a light curve');
    expect(e.code).toBe('bad_file');
    expect(e.status).toBe(400);
  });
  it('gives the rows\' own reasons when no row could be scored (422)', async () => {
    const body = {
      error: { code: 'no_scorable_rows', message: "no row could be scored; see 'errors'" },
      errors: [
        { row: 1, message: 'koi_period must be a positive number' },
        { row: 2, message: 'koi_duration is missing' },
      ],
    };
    const e = await errorFrom(new Response(JSON.stringify(body), { status: 422 }));
    expect(e.status).toBe(422);
    expect(e.code).toBe('no_scorable_rows');
    expect(e.rowErrors).toHaveLength(2);
    expect(e.message).toBe('No row could be scored: row 1: koi_period must be a positive number (and 1 more row)');
  });
  it('falls back to the body text or status', async () => {
    expect((await errorFrom(new Response('upstream down', { status: 502 }))).message).toBe('upstream down');
    expect((await errorFrom(new Response('', { status: 500, statusText: 'Server Error' }))).message).toMatch(/500/);
  });
});

describe('fold windows', () => {
  const box = { x: [-9, -2, -2, 2, 2, 9], y: [1, 1, 0.998, 0.998, 1, 1] };
  const win = (x: number[]) => ({ points: { x, y: x.map(() => 1) }, bins: { x: [], y: [] }, model: box });
  it('tells a window thinned to its box from one whose points reach its edges', () => {
    expect(coversWindow(win([-8.7, -1, 0, 1, 8.8]))).toBe(true);
    expect(coversWindow(win([-2.1, -1, 0, 1, 2.1]))).toBe(false);
    expect(coversWindow(win([]))).toBe(false);
  });
  it('rebuilds a thinned fold from the odd and even windows, which hold every epoch between them', () => {
    const folded = completeFold(win([-2, 0, 2]), win([-8.9, -1, 8.5]), win([-8.6, 0.5, 8.9]));
    expect(folded.points.x).toEqual([-8.9, -8.6, -1, 0.5, 8.5, 8.9]);
    // A fold that already covers its window, or halves that do not, stay as they are.
    const whole = win([-8.8, 0, 8.8]);
    expect(completeFold(whole, win([-8.9, 8.5]), win([-8.6, 8.9]))).toBe(whole);
    const thin = win([-2, 2]);
    expect(completeFold(thin, win([-2, 2]), win([-8.6, 8.9]))).toBe(thin);
  });
});
