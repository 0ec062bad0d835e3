import { describe, expect, it } from 'vitest';

import { errorFrom } from '@/lib/api';
import { importance, rocPoints, toDetail, toSummaries } from '@/lib/models';

describe('model cards', () => {
  it('reads the list with the active id', () => {
    const list = toSummaries({ models: [{ id: 'a', version: '1', metrics: { roc_auc: 0.9 } }, { id: 'b' }], active: 'b' });
    expect(list.map((m) => m.active)).toEqual([false, true]);
    expect(list[0].rocAuc).toBe(0.9);
    expect(toSummaries([{ id: 'x', active: true }])[0].active).toBe(true);
  });
  it('reads ROC points in either layout, sorted by false positive rate', () => {
    expect(rocPoints([[1, 1], [0, 0], [0.1, 0.7]])).toEqual({ fpr: [0, 0.1, 1], tpr: [0, 0.7, 1] });
    expect(rocPoints({ fpr: [1, 0], tpr: [1, 0] })).toEqual({ fpr: [0, 1], tpr: [0, 1] });
  });
  it('orders feature importance', () => {
    expect(importance({ a: 1, b: 3 }).map((f) => f.name)).toEqual(['b', 'a']);
    expect(importance([{ feature: 'x', importance: 2 }])[0]).toEqual({ feature: 0, name: 'x', value: 2 });
  });
  it('builds the detail card', () => {
    const d = toDetail({ id: 'm', labels: ['FP', 'PL'], metrics: { roc_auc: 0.95, confusion_matrix: [[5, 1], [2, 9]], roc_curve: { fpr: [0, 1], tpr: [0, 1] } } });
    expect(d.confusion).toEqual([[5, 1], [2, 9]]);
    expect(d.metrics.roc_auc).toBe(0.95);
    expect(d.labels).toEqual(['FP', 'PL']);
  });
});

describe('API errors', () => {
  it('shows the API message', async () => {
    const e = await errorFrom(new Response(JSON.stringify({ error: { code: 'bad_file', message: 'not a light curve' } }), { status: 400 }));
    expect(e.message).toBe('not a light curve');
    expect(e.code).toBe('bad_file');
    expect(e.status).toBe(400);
  });
  it('falls back to the body text or status', async () => {
    expect((await errorFrom(new Response('upstream down', { status: 502 }))).message).toBe('upstream down');
    expect((await errorFrom(new Response('', { status: 500, statusText: 'Server Error' }))).message).toMatch(/500/);
  });
});
