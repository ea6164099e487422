// fitDataset / evaluateDataset on tp.data datasets of batches.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { maxAbsDiff, mlp, weightValues } from './helpers.js';

await tp.ready();

const x = tp.randomNormal([40, 3], 0, 1, 'float32', 1);
const y = tp.randomNormal([40, 1], 0, 1, 'float32', 2);

describe('fitDataset', () => {
  test('{xs, ys} batches train exactly as fit on the same batches (shuffle off)', async () => {
    const a = mlp([3, 4, 1], { seed: 3 });
    const b = mlp([3, 4, 1], { seed: 3 });
    for (const m of [a, b]) m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
    const ha = await a.fit(x, y, { epochs: 3, batchSize: 16, shuffle: false, verbose: 0 });
    const ds = tp.data.fromTensorSlices({ xs: x, ys: y }).batch(16);
    const hb = await b.fitDataset(ds, { epochs: 3, verbose: 0 });
    for (const k of ['loss', 'mae']) ha.history[k]!.forEach((v, i) => expect(hb.history[k]![i]!).toBeCloseTo(v, 5));
    expect(maxAbsDiff(weightValues(a), weightValues(b))).toBeLessThan(1e-5);
  });

  test('[xs, ys] elements, batchesPerEpoch over a repeated dataset, dataset validation', async () => {
    const m = mlp([3, 4, 1], { seed: 5 });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const ds = tp.data.zip([tp.data.fromTensorSlices(x), tp.data.fromTensorSlices(y)]).batch(10).repeat();
    const val = tp.data.fromTensorSlices({ xs: x, ys: y }).batch(40);
    const batches: number[] = [];
    const h = await m.fitDataset(ds, { epochs: 2, batchesPerEpoch: 3, validationData: val, verbose: 0, callbacks: { onBatchEnd: (b: number) => { batches.push(b); } } });
    expect(batches).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Object.keys(h.history)).toEqual(['loss', 'val_loss']);
    const loss = (m.evaluate(x, y, { batchSize: 40 }) as tp.Tensor).dataSync()[0]!;
    expect(h.history.val_loss![1]!).toBeCloseTo(loss, 5);
  });

  test('evaluateDataset equals evaluate; memory stays flat', async () => {
    const m = mlp([3, 4, 1], { seed: 6 });
    m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    const ds = tp.data.fromTensorSlices({ xs: x, ys: y }).batch(16);
    await m.fitDataset(ds, { epochs: 1, verbose: 0 });
    const before = tp.memory().numTensors;
    await m.fitDataset(ds, { epochs: 2, verbose: 0 });
    const r = (await m.evaluateDataset(ds)) as tp.Tensor[];
    const e = m.evaluate(x, y, { batchSize: 16 }) as tp.Tensor[];
    r.forEach((t, i) => expect(t.dataSync()[0]!).toBeCloseTo(e[i]!.dataSync()[0]!, 5));
    tp.dispose([r, e]);
    expect(tp.memory().numTensors).toBe(before);
  });
});
