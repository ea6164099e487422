// LabeledImages: uint8 images with a class label each, as tp.datasets.mnist() returns them, kept
// as bytes on the JS side (7.8 MB for 10,000 digits instead of 31 MB of float32) until the
// caller turns a split into tensors.
import { Dataset } from '../data/dataset.js';
import { fromTensorSlices } from '../data/sources.js';
import { prng, seedFromGlobalStream, shuffleInPlace } from '../data/prng.js';
import { tensor } from '../ops/tensor_from_values.js';
import type { Tensor } from '../tensor.js';
import { classLabels } from './class_labels.js';
import { splitCounts } from './split_counts.js';

/** Options of LabeledImages.toTensors. */
export interface ImageTensorsOptions {
  /** Pixels as float32 in [0, 1] (default true); false keeps the values 0..255 (as float32). */
  normalize?: boolean;
  /** Images as [n, height*width*channels] rows instead of [n, height, width, channels] (default false). */
  flatten?: boolean;
  /** Labels as float32 one-hot [n, classes] instead of int32 indices [n] (default false). */
  oneHot?: boolean;
}

/**
 * `size` images of `imageShape` ([height, width, channels], NHWC as TF.js) stored as uint8
 * `pixels`, image after image, and one class index per image in `labels`.
 *
 * @example
 * const imgs = new tp.datasets.LabeledImages(new Uint8Array([0, 255, 0, 255, 255, 0, 255, 0]), new Uint8Array([1, 0]), [2, 2, 1], ['a', 'b']);
 * const { xs, ys } = imgs.toTensors(); // xs [2, 2, 2, 1] in [0, 1], ys int32 [1, 0]
 */
export class LabeledImages {
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
  readonly imageShape: [number, number, number];
  readonly classNames: string[];

  constructor(pixels: Uint8Array, labels: Uint8Array, imageShape: [number, number, number], classNames: string[]) {
    const per = imageShape.reduce((a, b) => a * b, 1);
    if (imageShape.length !== 3 || !imageShape.every((d) => Number.isInteger(d) && d > 0))
      throw new Error(`LabeledImages: imageShape must be [height, width, channels] of positive integers, got [${imageShape.join(', ')}]`);
    if (pixels.length !== labels.length * per)
      throw new Error(`LabeledImages: ${labels.length} labels of [${imageShape.join(', ')}] images need ${labels.length * per} pixels, got ${pixels.length}`);
    const bad = labels.findIndex((l) => l >= classNames.length);
    if (bad >= 0) throw new Error(`LabeledImages: labels[${bad}] is ${labels[bad]}, expected a class index in [0, ${classNames.length})`);
    this.pixels = pixels;
    this.labels = labels;
    this.imageShape = imageShape;
    this.classNames = classNames;
  }

  /** Number of images. @example console.log((await tp.datasets.mnist()).size); // 10000 */
  get size(): number {
    return this.labels.length;
  }

  /**
   * The images at `indices`, in that order.
   *
   * @example
   * const firstTen = (await tp.datasets.mnist()).select([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
   */
  select(indices: readonly number[]): LabeledImages {
    const per = this.imageShape[0] * this.imageShape[1] * this.imageShape[2];
    const pixels = new Uint8Array(indices.length * per);
    const labels = new Uint8Array(indices.length);
    indices.forEach((i, k) => {
      if (!(Number.isInteger(i) && i >= 0 && i < this.size)) throw new Error(`LabeledImages.select: index ${i} is outside [0, ${this.size})`);
      pixels.set(this.pixels.subarray(i * per, (i + 1) * per), k * per);
      labels[k] = this.labels[i]!;
    });
    return new LabeledImages(pixels, labels, this.imageShape, this.classNames);
  }

  /**
   * A random train/test split (testSize a fraction, default 0.25, or a count; `seed` for a
   * reproducible order; `shuffle: false` keeps the stored order).
   *
   * @example
   * const { train, test } = (await tp.datasets.mnist()).split({ testSize: 2000, seed: 0 }); // 8000 / 2000
   */
  split(options: { testSize?: number; seed?: number; shuffle?: boolean } = {}): { train: LabeledImages; test: LabeledImages } {
    const [nTrain] = splitCounts(this.size, options.testSize, 'LabeledImages.split');
    const order = Array.from({ length: this.size }, (_, i) => i);
    if (options.shuffle ?? true) shuffleInPlace(order, prng(options.seed ?? seedFromGlobalStream()));
    return { train: this.select(order.slice(0, nTrain)), test: this.select(order.slice(nTrain)) };
  }

  /**
   * `{xs, ys}`: xs float32 [n, height, width, channels] (see ImageTensorsOptions), ys int32 [n]
   * class indices or float32 one-hot [n, classes]. The caller owns both.
   *
   * @example
   * const { xs, ys } = (await tp.datasets.mnist()).select([0, 1]).toTensors({ oneHot: true }); // [2, 28, 28, 1], [2, 10]
   */
  toTensors(options: ImageTensorsOptions = {}): { xs: Tensor; ys: Tensor } {
    const n = this.size;
    const scale = options.normalize ?? true ? 1 / 255 : 1;
    const values = new Float32Array(this.pixels.length);
    for (let i = 0; i < values.length; i++) values[i] = this.pixels[i]! * scale;
    const per = this.imageShape[0] * this.imageShape[1] * this.imageShape[2];
    const xs = tensor(values, options.flatten ? [n, per] : [n, ...this.imageShape]);
    return { xs, ys: classLabels(this.labels, this.classNames.length, options.oneHot ?? false) };
  }

  /**
   * A dataset of `{xs, ys}` elements, one image each (as toTensors), to shuffle and batch for
   * `model.fitDataset`.
   *
   * @example
   * const ds = (await tp.datasets.mnist()).select([0, 1, 2, 3]).toDataset().batch(2);
   */
  toDataset(options: ImageTensorsOptions = {}): Dataset<{ xs: Tensor; ys: Tensor }> {
    return fromTensorSlices(this.toTensors(options));
  }
}
