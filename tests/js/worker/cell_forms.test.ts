// Library objects as a notebook cell's value: short readable forms (a History's per-epoch table,
// a model's summary, one line for layers, optimizers, datasets, losses), never their internals.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { inspect, sourceExcerpt, toOutput } from '../../../web/src/worker/format.js';

await tp.ready();

function model() {
  const m = tp.sequential({ layers: [tp.layers.dense({ units: 4, activation: 'relu', inputShape: [3] }), tp.layers.dense({ units: 1 })] });
  m.compile({ optimizer: tp.train.adam(0.01), loss: 'meanSquaredError', metrics: ['mae'] });
  return m;
}

describe('cell forms of library objects', () => {
  test('a History is its per-epoch table: epochs from 1, loss and metrics as fit logged them', async () => {
    const m = model();
    const h = await m.fit(tp.randomNormal([16, 3], 0, 1, 'float32', 1), tp.randomNormal([16, 1], 0, 1, 'float32', 2), { epochs: 3, verbose: 0 });
    const out = toOutput(h)!;
    expect(out.kind).toBe('table');
    if (out.kind !== 'table') return;
    expect(out.columns).toEqual(['epoch', 'loss', 'mae']);
    expect(out.rows.map((r) => r[0])).toEqual([1, 2, 3]);
    expect(out.rows.map((r) => r[1])).toEqual(h.history.loss);
    expect(out.rows.map((r) => r[2])).toEqual(h.history.mae);
    const text = inspect(h);
    expect(text.split('\n')[0]).toBe('History (3 epochs)');
    expect(text.split('\n')).toHaveLength(5);
    expect(text.length).toBeLessThan(300);
    m.dispose();
  });

  test('a model is its summary; its layers and optimizer one line each', () => {
    const m = model();
    const lines = [] as string[];
    m.summary(undefined, undefined, (l) => lines.push(l));
    expect(inspect(m)).toBe(lines.join('\n'));
    expect(String(toOutput(m) && (toOutput(m) as { text: string }).text)).toContain('Total params: 21');
    const [d0] = m.layers;
    expect(inspect(d0)).toBe(`Dense '${d0!.name}' · output (None, 4) · 16 params`);
    expect(inspect(m.optimizer)).toMatch(/^Adam '\w+' · learning rate 0\.01 · 0 steps$/);
    // Inside a plain object too, and without a dump of internals.
    const both = inspect({ model: m, optimizer: m.optimizer });
    expect(both).toContain('Total params: 21');
    expect(both).not.toMatch(/inboundNodes|_trainableWeights|slotMap/);
    m.dispose();
  });

  test('an unbuilt layer and model say so in one line', () => {
    const d = tp.layers.dense({ units: 2 });
    expect(inspect(d)).toBe(`Dense '${d.name}' · not built`);
    const m = tp.sequential({ layers: [tp.layers.dense({ units: 2 })] });
    expect(inspect(m)).toMatch(/^Sequential '\w+' · not built/);
  });

  test('datasets, losses and metrics: one line', () => {
    expect(inspect(tp.data.array([1, 2, 3, 4, 5]).batch(2))).toBe('Dataset · 3 elements');
    const loss = new tp.losses.Huber();
    expect(inspect(loss).split('\n')).toHaveLength(1);
    expect(inspect(loss)).toMatch(/^Huber/);
    expect(inspect(new tp.callbacks.EarlyStopping({ patience: 2 }))).toBe('EarlyStopping callback');
  });
});

describe('sourceExcerpt: the failing spot of a cell', () => {
  test('the line, with a caret under the column', () => {
    expect(sourceExcerpt('const ok = 1;\nconst = 2;', 2, 7)).toBe('2 | const = 2;\n  |       ^');
  });

  test('tabs are kept so the caret lines up; two-digit lines widen the gutter', () => {
    const src = `${'\n'.repeat(11)}\tlet x = ;`;
    expect(sourceExcerpt(src, 12, 10)).toBe('12 | \tlet x = ;\n   | \t        ^');
  });

  test('a column past the end points just after the text; a missing line gives nothing', () => {
    expect(sourceExcerpt('f(', 1, 99)).toBe('1 | f(\n  |   ^');
    expect(sourceExcerpt('x', 3, 1)).toBe('');
  });
});
