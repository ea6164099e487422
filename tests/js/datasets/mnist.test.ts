// MNIST-format loading from IDX files written by the test (bytes, paths, gzip).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { writeIdx } from '../data/idx_writer.js';

await tp.ready();

const N = 5;
const pixels = Array.from({ length: N * 28 * 28 }, (_, i) => (i * 31 + 7) % 256);
const labels = [3, 0, 9, 1, 3];
const images = writeIdx('ubyte', [N, 28, 28], pixels);
const labelFile = writeIdx('ubyte', [N], labels);

describe('mnistFromIdx', () => {
  test('images float32 [n, 28, 28, 1] = pixel / 255, labels int32; test split from gzipped files on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-mnist-'));
    writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(images));
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(labelFile));
    const before = tp.memory().numTensors;
    const d = await tp.datasets.mnistFromIdx({
      trainImages: images,
      trainLabels: labelFile,
      testImages: join(dir, 't10k-images-idx3-ubyte.gz'),
      testLabels: join(dir, 't10k-labels-idx1-ubyte.gz'),
    });
    expect(tp.memory().numTensors).toBe(before + 4);
    for (const s of [d.train, d.test!]) {
      expect([s.xs.shape, s.xs.dtype, s.ys.shape, s.ys.dtype]).toEqual([[N, 28, 28, 1], 'float32', [N], 'int32']);
      const got = s.xs.dataSync();
      pixels.forEach((p, i) => expect(Math.abs(got[i]! - p / 255)).toBeLessThan(1e-7));
      expect(Array.from(s.ys.dataSync())).toEqual(labels);
    }
    expect(d.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    tp.dispose([d.train.xs, d.train.ys, d.test!.xs, d.test!.ys]);
  });

  test('flatten, oneHot, normalize false; fashion class names; no test split', async () => {
    const d = await tp.datasets.fashionMnistFromIdx({ trainImages: images, trainLabels: labelFile }, { flatten: true, oneHot: true, normalize: false });
    expect(d.test).toBeNull();
    expect([d.train.xs.shape, d.train.xs.dtype]).toEqual([[N, 784], 'int32']);
    expect(Array.from(d.train.xs.dataSync())).toEqual(pixels);
    expect(d.train.ys.shape).toEqual([N, 10]);
    expect((d.train.ys.arraySync() as number[][]).map((r) => r.indexOf(1))).toEqual(labels);
    expect(d.classNames[0]).toBe('T-shirt/top');
    expect(d.classNames[9]).toBe('Ankle boot');
    tp.dispose([d.train.xs, d.train.ys]);
  });

  test('mismatched counts, bad labels, wrong ranks, a lone test file, bad magic: clear errors and no leaks', async () => {
    const before = tp.memory().numTensors;
    await expect(tp.datasets.mnistFromIdx({ trainImages: images, trainLabels: writeIdx('ubyte', [4], [1, 2, 3, 4]) })).rejects.toThrow(
      'mnistFromIdx: trainImages has 5 images but trainLabels has 4 labels',
    );
    await expect(tp.datasets.mnistFromIdx({ trainImages: images, trainLabels: writeIdx('ubyte', [5], [1, 2, 10, 4, 5]) })).rejects.toThrow(
      'mnistFromIdx: trainLabels[2] is 10, expected a class index in [0, 10)',
    );
    await expect(tp.datasets.mnistFromIdx({ trainImages: labelFile, trainLabels: labelFile })).rejects.toThrow(/trainImages must be an IDX file of shape \[n, rows, cols\], got \[5\]/);
    await expect(tp.datasets.mnistFromIdx({ trainImages: images, trainLabels: labelFile, testImages: images })).rejects.toThrow(/both testImages and testLabels/);
    const bad = images.slice();
    bad[1] = 1;
    await expect(tp.datasets.mnistFromIdx({ trainImages: images, trainLabels: labelFile, testImages: bad, testLabels: labelFile })).rejects.toThrow(
      /testImages is not a valid IDX file: the magic number/,
    );
    await expect(tp.datasets.mnistFromIdx({ trainImages: '/nonexistent/train.idx', trainLabels: labelFile })).rejects.toThrow(/cannot read '\/nonexistent\/train.idx'/);
    expect(tp.memory().numTensors).toBe(before);
  });
});
