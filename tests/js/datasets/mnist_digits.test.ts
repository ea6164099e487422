// tp.datasets.mnist(): the build's binary asset against the mnist package's own JSON digits, and
// LabeledImages (split, select, tensors).
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { zlibSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { decodeDigitsAsset } from '../../../web/src/datasets/digits_asset.js';

await tp.ready();

const ASSET = new URL('../../../web/src/datasets/data/mnist_digits.bin', import.meta.url);
const pkgDir = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
const source = Array.from({ length: 10 }, (_, d) => (JSON.parse(readFileSync(join(pkgDir, 'src', 'digits', `${d}.json`), 'utf8')) as { data: number[] }).data);

describe('mnist', () => {
  test('the asset is compact and decodes to the package source, pixel for pixel', async () => {
    const bytes = statSync(ASSET).size;
    expect(bytes).toBeLessThan(2_000_000); // 21 MB of JSON in the package
    const digits = await tp.datasets.mnist();
    const counts = source.map((a) => a.length / 784);
    expect(digits.size).toBe(counts.reduce((a, b) => a + b, 0));
    expect(digits.size).toBe(10000);
    expect(digits.imageShape).toEqual([28, 28, 1]);
    expect(digits.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    let at = 0;
    let mismatches = 0;
    for (let d = 0; d < 10; d++) {
      for (let i = 0; i < counts[d]!; i++) expect(digits.labels[at + i]).toBe(d);
      const src = source[d]!;
      const px = digits.pixels.subarray(at * 784, (at + counts[d]!) * 784);
      // The package stores pixel/255 rounded to three decimals.
      for (let k = 0; k < src.length; k++) if (Math.abs(px[k]! / 255 - src[k]!) > 0.0005 + 1e-9) mismatches++;
      at += counts[d]!;
    }
    expect(mismatches).toBe(0);
    expect(await tp.datasets.mnist()).toBe(digits); // loaded once
  });

  test('split: seeded, disjoint, complete; toTensors shapes, scaling, one-hot, flatten; no leaks', async () => {
    const digits = await tp.datasets.mnist();
    const a = digits.split({ testSize: 0.2, seed: 3 });
    const b = digits.split({ testSize: 0.2, seed: 3 });
    expect([a.train.size, a.test.size]).toEqual([8000, 2000]);
    const same = (u: Uint8Array, v: Uint8Array): boolean => u.length === v.length && u.every((x, i) => x === v[i]);
    expect(same(a.test.labels, b.test.labels) && same(a.test.pixels, b.test.pixels)).toBe(true);
    const c = digits.split({ testSize: 0.2, seed: 4 });
    expect(same(a.test.labels, c.test.labels)).toBe(false);
    // Every class lands in the test split, about 200 each.
    const perClass = Array.from({ length: 10 }, (_, c) => a.test.labels.filter((l) => l === c).length);
    perClass.forEach((c) => expect(c).toBeGreaterThan(120));
    // Train and test together hold every image once: compare class histograms and pixel sums.
    const sum = (u: Uint8Array): number => u.reduce((s, v) => s + v, 0);
    expect(sum(a.train.pixels) + sum(a.test.pixels)).toBe(sum(digits.pixels));
    const before = tp.memory().numTensors;
    const few = digits.select([5, 2000, 9999]);
    const { xs, ys } = few.toTensors();
    expect([xs.shape, xs.dtype, ys.shape, ys.dtype]).toEqual([[3, 28, 28, 1], 'float32', [3], 'int32']);
    const xv = xs.dataSync();
    for (let k = 0; k < 3 * 784; k++) expect(Math.abs(xv[k]! - few.pixels[k]! / 255)).toBeLessThan(1e-7);
    expect(Array.from(ys.dataSync())).toEqual([digits.labels[5], digits.labels[2000], digits.labels[9999]]);
    const raw = few.toTensors({ normalize: false, flatten: true, oneHot: true });
    expect(raw.xs.shape).toEqual([3, 784]);
    expect(Array.from(raw.xs.dataSync())).toEqual(Array.from(few.pixels));
    expect((raw.ys.arraySync() as number[][]).map((r) => r.indexOf(1))).toEqual(Array.from(few.labels));
    tp.dispose([xs, ys, raw.xs, raw.ys]);
    expect(tp.memory().numTensors).toBe(before);
  });

  test('a dataset for fitDataset yields batches of images and labels', async () => {
    const few = (await tp.datasets.mnist()).select([0, 1500, 3000, 4500, 6000]);
    const batches = await few.toDataset().batch(2).toArray();
    expect(batches.map((b) => b.xs.shape)).toEqual([[2, 28, 28, 1], [2, 28, 28, 1], [1, 28, 28, 1]]);
    expect(batches.flatMap((b) => Array.from(b.ys.dataSync()))).toEqual(Array.from(few.labels));
    batches.forEach((b) => tp.dispose([b.xs, b.ys]));
  });

  test('bad assets and bad arguments give errors that say what is wrong', () => {
    expect(() => decodeDigitsAsset(new Uint8Array([1, 2, 3]), 'mnist')).toThrow(/mnist: the digits asset does not inflate/);
    expect(() => decodeDigitsAsset(zlibSync(new Uint8Array(12)), 'mnist')).toThrow(/does not start with 'TPD1'/);
    const short = new Uint8Array([0x54, 0x50, 0x44, 0x31, 2, 0, 0, 0, 2, 2, 1, 0, 9]);
    expect(() => decodeDigitsAsset(zlibSync(short), 'mnist')).toThrow('mnist: the digits asset holds 13 bytes, its header promises 20');
    const ok = decodeDigitsAsset(zlibSync(new Uint8Array([...short.subarray(0, 12), 1, 2, 3, 4, 5, 6, 7, 8])), 'mnist');
    expect([ok.n, ok.rows, ok.cols, Array.from(ok.labels), Array.from(ok.pixels)]).toEqual([2, 2, 2, [1, 0], [1, 2, 3, 4, 5, 6, 7, 8]]);
    const L = tp.datasets.LabeledImages;
    expect(() => new L(new Uint8Array(3), new Uint8Array(1), [2, 2, 1], ['a'])).toThrow('LabeledImages: 1 labels of [2, 2, 1] images need 4 pixels, got 3');
    expect(() => new L(new Uint8Array(4), new Uint8Array([1]), [2, 2, 1], ['a'])).toThrow('labels[0] is 1, expected a class index in [0, 1)');
    expect(() => new L(new Uint8Array(4), new Uint8Array([0]), [4, 1] as never, ['a'])).toThrow(/imageShape must be \[height, width, channels\]/);
    const one = new L(new Uint8Array(4), new Uint8Array([0]), [2, 2, 1], ['a']);
    expect(() => one.select([1])).toThrow('LabeledImages.select: index 1 is outside [0, 1)');
    expect(() => one.split({ testSize: 2 })).toThrow(/LabeledImages.split: testSize must be/);
  });
});
