// MNIST and Fashion-MNIST from IDX files the user supplies (bytes, file paths or URLs; gzipped
// or not). Nothing is downloaded from a default location.
import { readIdx } from '../data/idx.js';
import { readBytes, type ByteSource } from '../data/read_source.js';
import { tidy } from '../memory.js';
import { div } from '../ops/binary.js';
import { oneHot } from '../ops/gather_scatter.js';
import { reshape } from '../ops/shape.js';
import { cast } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';

/** The four IDX files of an MNIST-format data set; the test pair may be left out. */
export interface MnistFiles {
  trainImages: ByteSource;
  trainLabels: ByteSource;
  testImages?: ByteSource;
  testLabels?: ByteSource;
}

/** How the tensors are shaped. */
export interface MnistOptions {
  /** Images as float32 in [0, 1] (default true); false keeps int32 pixel values 0..255. */
  normalize?: boolean;
  /** Images as [n, 784] rows instead of [n, 28, 28, 1] (default false). */
  flatten?: boolean;
  /** Labels as float32 one-hot [n, 10] instead of int32 [n] (default false). */
  oneHot?: boolean;
}

/** One split: images `xs` and labels `ys`. The caller owns the tensors. */
export interface MnistSplit {
  xs: Tensor;
  ys: Tensor;
}

/** A loaded MNIST-format data set. */
export interface MnistData {
  train: MnistSplit;
  test: MnistSplit | null;
  classNames: string[];
}

const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

async function loadSplit(op: string, split: string, images: ByteSource, labels: ByteSource, options: MnistOptions, classes: number): Promise<MnistSplit> {
  const [imageBytes, labelBytes] = await Promise.all([readBytes(images, op), readBytes(labels, op)]);
  const img = readIdx(imageBytes, `${split}Images`);
  let lab: Tensor;
  try {
    lab = readIdx(labelBytes, `${split}Labels`);
  } catch (e) {
    img.dispose();
    throw e;
  }
  try {
    if (img.rank !== 3) throw new Error(`${op}: ${split}Images must be an IDX file of shape [n, rows, cols], got [${img.shape.join(',')}]`);
    if (lab.rank !== 1) throw new Error(`${op}: ${split}Labels must be an IDX file of shape [n], got [${lab.shape.join(',')}]`);
    if (img.shape[0] !== lab.shape[0])
      throw new Error(`${op}: ${split}Images has ${img.shape[0]} images but ${split}Labels has ${lab.shape[0]} labels`);
    const [n, rows, cols] = img.shape as [number, number, number];
    const labelValues = lab.dataSync();
    for (let i = 0; i < labelValues.length; i++)
      if (labelValues[i]! < 0 || labelValues[i]! >= classes)
        throw new Error(`${op}: ${split}Labels[${i}] is ${labelValues[i]}, expected a class index in [0, ${classes})`);
    return tidy(() => {
      const shaped = reshape(img, options.flatten ? [n, rows * cols] : [n, rows, cols, 1]);
      const xs = options.normalize ?? true ? div(cast(shaped, 'float32'), 255) : shaped;
      const ys = options.oneHot ? oneHot(lab, classes, 1, 0, 'float32') : cast(lab, 'int32');
      return { xs, ys };
    });
  } finally {
    img.dispose();
    lab.dispose();
  }
}

async function load(op: string, files: MnistFiles, options: MnistOptions, classNames: string[]): Promise<MnistData> {
  if (typeof files !== 'object' || files === null || files.trainImages === undefined || files.trainLabels === undefined)
    throw new Error(`${op}: expected {trainImages, trainLabels, testImages?, testLabels?} (bytes, file paths or URLs)`);
  if ((files.testImages === undefined) !== (files.testLabels === undefined))
    throw new Error(`${op}: give both testImages and testLabels, or neither`);
  const train = await loadSplit(op, 'train', files.trainImages, files.trainLabels, options, classNames.length);
  try {
    const test = files.testImages === undefined ? null : await loadSplit(op, 'test', files.testImages, files.testLabels!, options, classNames.length);
    return { train, test, classNames };
  } catch (e) {
    train.xs.dispose();
    train.ys.dispose();
    throw e;
  }
}

/**
 * MNIST from its IDX files (train-images-idx3-ubyte[.gz] and so on), given as bytes, file paths
 * (Node) or URLs. Images become float32 [n, 28, 28, 1] in [0, 1], labels int32 [n] (see
 * MnistOptions for other layouts).
 *
 * With the MNIST files at hand: `await tp.datasets.mnistFromIdx({trainImages:
 * 'mnist/train-images-idx3-ubyte.gz', trainLabels: 'mnist/train-labels-idx1-ubyte.gz', testImages:
 * 'mnist/t10k-images-idx3-ubyte.gz', testLabels: 'mnist/t10k-labels-idx1-ubyte.gz'})`.
 *
 * @example
 * // One 2x2 image labelled 7, as IDX bytes: magic 0x00000803, dims 1, 2, 2, then the pixels.
 * const trainImages = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 51, 102, 255]);
 * const trainLabels = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 7]);
 * const { train } = await tp.datasets.mnistFromIdx({ trainImages, trainLabels });
 * train.xs.print(); // [[[[0], [0.2]], [[0.4], [1]]]]
 * train.ys.print(); // [7]
 */
export function mnistFromIdx(files: MnistFiles, options: MnistOptions = {}): Promise<MnistData> {
  return load('mnistFromIdx', files, options, DIGITS);
}

/**
 * Fashion-MNIST from its IDX files (the same format and layout as mnistFromIdx), with the ten
 * class names ('T-shirt/top', 'Trouser', ..., 'Ankle boot').
 *
 * @example
 * const trainImages = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 128]); // one 1x1 image
 * const trainLabels = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 9]);
 * const data = await tp.datasets.fashionMnistFromIdx({ trainImages, trainLabels }, { oneHot: true });
 * console.log(data.classNames[9]); // 'Ankle boot'
 * data.train.ys.print(); // [[0, 0, 0, 0, 0, 0, 0, 0, 0, 1]]
 */
export function fashionMnistFromIdx(files: MnistFiles, options: MnistOptions = {}): Promise<MnistData> {
  return load('fashionMnistFromIdx', files, options, FASHION_CLASSES);
}
