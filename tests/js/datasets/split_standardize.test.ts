// trainTestSplit and standardize on small hand-checked inputs.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

describe('trainTestSplit', () => {
  test('pairs stay together; the parts are disjoint and cover every row; seeded reproducible', () => {
    const n = 20;
    const x = tp.tensor(Array.from({ length: n }, (_, i) => [i, -i]));
    const y = tp.tensor(Array.from({ length: n }, (_, i) => 100 + i));
    const s = tp.datasets.trainTestSplit(x, y, { testSize: 0.3, seed: 4 });
    expect([s.xTrain.shape, s.xTest.shape, s.yTrain.shape, s.yTest.shape]).toEqual([[14, 2], [6, 2], [14], [6]]);
    const rows = [...(s.xTrain.arraySync() as number[][]), ...(s.xTest.arraySync() as number[][])];
    const labels = [...(s.yTrain.arraySync() as number[]), ...(s.yTest.arraySync() as number[])];
    rows.forEach((r, k) => expect([r[1], labels[k]]).toEqual([-r[0]!, 100 + r[0]!]));
    expect(rows.map((r) => r[0]).sort((a, b) => a! - b!)).toEqual(Array.from({ length: n }, (_, i) => i));
    const again = tp.datasets.trainTestSplit(x, y, { testSize: 0.3, seed: 4 });
    expect(again.yTest.arraySync()).toEqual(s.yTest.arraySync());
    tp.dispose([x, y, s.xTrain, s.xTest, s.yTrain, s.yTest, again.xTrain, again.xTest, again.yTrain, again.yTest]);
  });

  test('shuffle false takes the last rows for test; counts; arrays; errors', () => {
    const s = tp.datasets.trainTestSplit([1, 2, 3, 4, 5], ['a', 'b', 'c', 'd', 'e'], { testSize: 2, shuffle: false });
    expect(s).toEqual({ xTrain: [1, 2, 3], xTest: [4, 5], yTrain: ['a', 'b', 'c'], yTest: ['d', 'e'] });
    expect(tp.datasets.trainTestSplit([1, 2, 3], [1, 2, 3], { testSize: 0.1, seed: 1 }).xTest.length).toBe(1); // ceil(0.3)
    expect(() => tp.datasets.trainTestSplit([1, 2], [1], {})).toThrow('trainTestSplit: x has 2 rows but y has 1');
    expect(() => tp.datasets.trainTestSplit([1, 2], [1, 2], { testSize: 1.5 })).toThrow(/testSize must be a fraction in \(0, 1\) or a row count in \[0, 2\], got 1.5/);
  });
});

describe('Standardizer', () => {
  test('mean and population variance per feature; constant features map to 0', () => {
    const s = tp.datasets.Standardizer.adapt(tp.tensor([[1, 5, 0], [3, 5, 4], [5, 5, 8]]));
    expect(Array.from(s.mean.dataSync())).toEqual([3, 5, 4]);
    expect(Array.from(s.variance.dataSync()).map((v) => +v.toFixed(5))).toEqual([+(8 / 3).toFixed(5), 0, +(32 / 3).toFixed(5)]);
    const out = s.apply(tp.tensor([[3, 5, 4], [7, 6, 0]])).arraySync() as number[][];
    expect(out[0]).toEqual([0, 0, 0]);
    expect(out[1]![0]).toBeCloseTo(4 / Math.sqrt(8 / 3), 5);
    expect(out[1]![1]).toBeCloseTo(1 / 1e-7, -2); // std 0: divided by epsilon, as Keras
    expect(out[1]![2]).toBeCloseTo(-4 / Math.sqrt(32 / 3), 5);
    expect(() => s.apply(tp.tensor([[1, 2]]))).toThrow('Standardizer.apply: expected rows of shape [3] (x of shape [n,3]), got shape [1,2]');
    s.dispose();
  });
});
