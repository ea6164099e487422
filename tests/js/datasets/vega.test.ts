// Auto MPG and Palmer penguins from the vega-datasets package: row counts after cleaning,
// features, the statistics their documentation gives, splitting and standardizing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const column = (rows: number[][], j: number): number[] => rows.map((r) => r[j]!);

describe('autoMpg', () => {
  test('392 complete rows (of 406 in cars.json: 398 with MPG, 6 of them without horsepower); features as the TF tutorial', async () => {
    const cars = await tp.datasets.autoMpg();
    expect(cars.size).toBe(392);
    expect(cars.featureNames).toEqual(['Cylinders', 'Displacement', 'Horsepower', 'Weight', 'Acceleration', 'Model Year', 'Europe', 'Japan', 'USA']);
    expect(cars.labelName).toBe('MPG');
    // Means of the 392 complete rows of UCI Auto MPG (as the TF regression tutorial's describe() shows).
    expect(mean(cars.labels)).toBeCloseTo(23.445918, 5);
    expect(mean(column(cars.features, 0))).toBeCloseTo(5.471939, 5);
    expect(mean(column(cars.features, 1))).toBeCloseTo(194.41199, 4);
    expect(mean(column(cars.features, 2))).toBeCloseTo(104.469388, 5);
    expect(mean(column(cars.features, 3))).toBeCloseTo(2977.584184, 4);
    expect(mean(column(cars.features, 4))).toBeCloseTo(15.541327, 5);
    // Origin one-hot: 68 European, 79 Japanese, 245 American cars; exactly one 1 per row.
    expect([6, 7, 8].map((j) => column(cars.features, j).reduce((a, b) => a + b, 0))).toEqual([68, 79, 245]);
    cars.features.forEach((r) => expect(r[6]! + r[7]! + r[8]!).toBe(1));
    const years = column(cars.features, 5);
    expect([Math.min(...years), Math.max(...years)]).toEqual([70, 82]);
  });

  test('the source option: rows, or the JSON file by path', async () => {
    const path = createRequire(import.meta.url).resolve('vega-datasets').replace(/build[\\/]index\.js$/, 'data/cars.json');
    const rows = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>[];
    expect((await tp.datasets.autoMpg({ source: rows.slice(0, 10) })).size).toBe(10); // the first 10 are complete
    expect((await tp.datasets.autoMpg({ source: path })).labels).toEqual((await tp.datasets.autoMpg()).labels);
    await expect(tp.datasets.autoMpg({ source: [{ ...rows[0], Origin: 'Mars' }] })).rejects.toThrow(/row 0 has Origin "Mars"/);
  });

  test('split 80/20, standardize on train: train features mean 0, std 1; test uses the train statistics', async () => {
    const cars = await tp.datasets.autoMpg();
    const { xs, ys } = cars.toTensors();
    const before = tp.memory().numTensors;
    const { xTrain, xTest, yTrain, yTest } = tp.datasets.trainTestSplit(xs, ys, { testSize: 0.2, seed: 0 });
    expect([xTrain.shape, xTest.shape, yTrain.shape, yTest.shape]).toEqual([[313, 9], [79, 9], [313, 1], [79, 1]]);
    const { train, others, standardizer } = tp.datasets.standardize(xTrain, xTest);
    const t = train.arraySync() as number[][];
    for (let j = 0; j < 9; j++) {
      const c = column(t, j);
      expect(Math.abs(mean(c))).toBeLessThan(1e-5);
      expect(Math.sqrt(mean(c.map((v) => v * v)))).toBeCloseTo(1, 4);
    }
    // A test value by hand from the raw train column's mean and population std.
    const rawTrain = xTrain.arraySync() as number[][];
    const w = column(rawTrain, 3);
    const m = mean(w);
    const sd = Math.sqrt(mean(w.map((v) => (v - m) ** 2)));
    const rawTest = xTest.arraySync() as number[][];
    expect((others[0]!.arraySync() as number[][])[0]![3]).toBeCloseTo((rawTest[0]![3]! - m) / sd, 4);
    tp.dispose([xTrain, xTest, yTrain, yTest, train, ...others]);
    standardizer.dispose();
    expect(tp.memory().numTensors).toBe(before);
    tp.dispose([xs, ys]);
  });
});

describe('penguins', () => {
  test('333 complete rows of 344; species counts 146 / 68 / 119; class-index labels', async () => {
    const p = await tp.datasets.penguins();
    expect(p.size).toBe(333);
    expect(p.classNames).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(p.featureNames).toEqual(['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)']);
    expect([0, 1, 2].map((k) => p.labels.filter((l) => l === k).length)).toEqual([146, 68, 119]);
    const { xs, ys } = p.toTensors();
    expect([xs.shape, ys.shape, ys.dtype]).toEqual([[333, 4], [333], 'int32']);
    const oh = p.toTensors({ oneHot: true });
    expect([oh.ys.shape, oh.ys.dtype]).toEqual([[333, 3], 'float32']);
    expect((oh.ys.arraySync() as number[][]).map((r) => r.indexOf(1))).toEqual(p.labels);
    tp.dispose([xs, ys, oh.xs, oh.ys]);
    // Gentoo penguins are the heavy ones: mean body mass above 5 kg, the others below 4 kg.
    const mass = (k: number) => mean(p.features.filter((_, i) => p.labels[i] === k).map((r) => r[3]!));
    expect(mass(2)).toBeGreaterThan(5000);
    expect(Math.max(mass(0), mass(1))).toBeLessThan(4000);
  });

  test('categorical: one-hot island and sex', async () => {
    const p = await tp.datasets.penguins({ categorical: true });
    expect(p.featureNames.slice(4)).toEqual(['Biscoe', 'Dream', 'Torgersen', 'FEMALE', 'MALE']);
    p.features.forEach((r) => {
      expect(r[4]! + r[5]! + r[6]!).toBe(1);
      expect(r[7]! + r[8]!).toBe(1);
    });
    // Gentoo live only on Biscoe (palmerpenguins documentation).
    p.features.forEach((r, i) => {
      if (p.labels[i] === 2) expect(r[4]).toBe(1);
    });
  });
});

describe('TabularData helpers', () => {
  test('split and toDataset', async () => {
    const p = await tp.datasets.penguins();
    const { train, test } = p.split({ testSize: 0.25, seed: 3 });
    expect([train.size, test.size]).toEqual([249, 84]);
    const all = [...train.features, ...test.features].map((r) => r.join()).sort();
    expect(all).toEqual(p.features.map((r) => r.join()).sort());
    const before = tp.memory().numTensors;
    const ds = test.toDataset().batch(32);
    const sizes: number[] = [];
    for await (const b of ds) {
      sizes.push(b.xs.shape[0]!);
      expect(b.ys.dtype).toBe('int32');
      tp.dispose(b);
    }
    expect(sizes).toEqual([32, 32, 20]);
    expect(tp.memory().numTensors).toBe(before + 2); // the dataset's xs and ys
  });
});
