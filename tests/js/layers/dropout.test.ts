// Dropout: 1/(1-rate) scaling in training, identity at inference.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';

await tp.ready();

describe('tp.layers.dropout', () => {
  test('training keeps each unit with probability 1 - rate, scaled by 1 / (1 - rate)', () => {
    tp.setSeed(1);
    const drop = tp.layers.dropout({ rate: 0.25 });
    const n = 20000;
    const y = drop.apply(tp.ones([1, n]), { training: true }) as tp.Tensor;
    const values = Array.from(y.dataSync());
    const scaled = 1 / 0.75;
    expect(values.every((v) => v === 0 || Math.abs(v - scaled) < 1e-6)).toBe(true);
    const kept = values.filter((v) => v !== 0).length / n;
    // binomial: sd = sqrt(0.75 * 0.25 / n) ~ 0.003
    expect(Math.abs(kept - 0.75)).toBeLessThan(0.015);
    // The mean is preserved in expectation.
    expect(Math.abs(values.reduce((a, b) => a + b) / n - 1)).toBeLessThan(0.02);
  });

  test('identity at inference (and without training given)', () => {
    const drop = tp.layers.dropout({ rate: 0.5 });
    const x = tp.tensor([[1, 2, 3]]);
    expectTensor(drop.apply(x), [[1, 2, 3]], 'float32');
    expectTensor(drop.apply(x, { training: false }), [[1, 2, 3]], 'float32');
    const y = drop.apply(x) as tp.Tensor;
    y.dispose();
    expect(x.isDisposed).toBe(false);
  });

  test('successive training calls draw different masks; a seed repeats its mask', () => {
    const drop = tp.layers.dropout({ rate: 0.5 });
    const a = (drop.apply(tp.ones([1, 64]), { training: true }) as tp.Tensor).arraySync();
    const b = (drop.apply(tp.ones([1, 64]), { training: true }) as tp.Tensor).arraySync();
    expect(a).not.toEqual(b);
    const seeded = tp.layers.dropout({ rate: 0.5, seed: 7 });
    const c = (seeded.apply(tp.ones([1, 64]), { training: true }) as tp.Tensor).arraySync();
    const d = (seeded.apply(tp.ones([1, 64]), { training: true }) as tp.Tensor).arraySync();
    expect(c).toEqual(d);
  });

  test('noiseShape broadcasts one mask over an axis', () => {
    const drop = tp.layers.dropout({ rate: 0.5, noiseShape: [null, 1, 8] });
    const y = (drop.apply(tp.ones([2, 3, 8]), { training: true }) as tp.Tensor).arraySync() as number[][][];
    for (const sample of y) for (const row of sample) expect(row).toEqual(sample[0]);
  });

  test('a compiled training step draws a fresh mask on every run', () => {
    const drop = tp.layers.dropout({ rate: 0.5 });
    const f = tp.function((x: tp.Tensor) => drop.apply(x, { training: true }) as tp.Tensor);
    const a = f(tp.ones([1, 64])).arraySync();
    const b = f(tp.ones([1, 64])).arraySync();
    expect(f.traceCount).toBe(1);
    expect(a).not.toEqual(b);
  });

  test('config and errors', () => {
    expect(tp.layers.dropout({ rate: 0.3, name: 'dr' }).getConfig()).toMatchObject({ rate: 0.3, noiseShape: null, seed: null, name: 'dr' });
    expect(() => tp.layers.dropout({ rate: 1 })).toThrow('rate must be a number in [0, 1)');
  });
});
