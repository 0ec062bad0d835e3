import { describe, expect, it } from 'vitest';
import { TRAIN_FIELDS } from '@/lib/api-forms';
import { trainBody, trainFields } from '@/lib/train-fields';

describe('retrain form', () => {
  it('draws every documented training option, the choices first', () => {
    const names = trainFields().map((f) => f.name);
    expect([...names].sort()).toEqual(TRAIN_FIELDS.map((f) => f.name).sort());
    expect(names.slice(0, 2)).toEqual(['catalog', 'task']);
    expect(trainFields().find((f) => f.name === 'n_trees')).toMatchObject({ type: 'integer', minimum: 1 });
  });
  it('sends what was typed and leaves the rest to the API defaults', () => {
    const form = new FormData();
    form.set('catalog', 'toi');
    form.set('task', 'binary');
    form.set('n_trees', ' 40 ');
    form.set('learning_rate', '');
    form.set('balance_classes', 'on');
    const body = trainBody(form);
    expect(body).toMatchObject({ catalog: 'toi', task: 'binary', n_trees: 40, balance_classes: true });
    expect(body).not.toHaveProperty('learning_rate');
    expect(body).not.toHaveProperty('seed');
  });
  it('an unchecked switch is false', () => {
    expect(trainBody(new FormData()).balance_classes).toBe(false);
  });
});
