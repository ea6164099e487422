// TabularData: a small in-memory table of numeric features and one label per row, as the
// built-in data sets return it, with conversion to tensors and datasets.
import { Dataset } from '../data/dataset.js';
import { fromTensorSlices } from '../data/sources.js';
import { prng, seedFromGlobalStream, shuffleInPlace } from '../data/prng.js';
import { tensor } from '../ops/tensor_from_values.js';
import type { Tensor } from '../tensor.js';
import { classLabels } from './class_labels.js';
import { splitCounts } from './split_counts.js';

/** Options of TabularData.toTensors. */
export interface ToTensorsOptions {
  /** For class labels: one-hot float32 rows [n, classes] instead of int32 indices [n]. */
  oneHot?: boolean;
}

/**
 * Rows of numeric features with one label each. `labels` are numbers (regression targets, or
 * 0/1 for binary sets) or, when `classNames` is set, class indices into it.
 *
 * @example
 * const t = new tp.datasets.TabularData(['x'], 'y', [[1], [2]], [0, 1]);
 * const { xs, ys } = t.toTensors(); // xs [2, 1], ys [2, 1]
 */
export class TabularData {
  readonly featureNames: string[];
  readonly labelName: string;
  readonly features: number[][];
  readonly labels: number[];
  /** Names of the classes for class-index labels; null for numeric labels. */
  readonly classNames: string[] | null;

  constructor(featureNames: string[], labelName: string, features: number[][], labels: number[], classNames: string[] | null = null) {
    if (features.length !== labels.length) throw new Error(`TabularData: ${features.length} feature rows but ${labels.length} labels`);
    features.forEach((r, i) => {
      if (r.length !== featureNames.length)
        throw new Error(`TabularData: row ${i} has ${r.length} features, expected ${featureNames.length} (${featureNames.join(', ')})`);
    });
    this.featureNames = featureNames;
    this.labelName = labelName;
    this.features = features;
    this.labels = labels;
    this.classNames = classNames;
  }

  /** Number of rows. @example console.log(new tp.datasets.TabularData(['x'], 'y', [[1]], [2]).size); // 1 */
  get size(): number {
    return this.features.length;
  }

  /**
   * `{xs: float32 [n, features], ys}`: ys is float32 [n, 1] for numeric labels, int32 [n] class
   * indices for class labels (float32 one-hot [n, classes] with `oneHot`). The caller owns both.
   *
   * @example
   * const { xs, ys } = (await tp.datasets.penguins()).toTensors({ oneHot: true }); // ys [333, 3]
   */
  toTensors(options: ToTensorsOptions = {}): { xs: Tensor; ys: Tensor } {
    const n = this.size;
    const xs = tensor(Float32Array.from(this.features.flat()), [n, this.featureNames.length]);
    if (this.classNames === null) return { xs, ys: tensor(Float32Array.from(this.labels), [n, 1]) };
    return { xs, ys: classLabels(this.labels, this.classNames.length, options.oneHot ?? false) };
  }

  /**
   * A dataset of `{xs, ys}` rows (as toTensors, one row per element), ready to shuffle and batch
   * for `model.fitDataset`.
   *
   * @example
   * const ds = tp.datasets.circle({ numSamples: 100, seed: 1 }).toDataset().shuffle(100).batch(10);
   */
  toDataset(options: ToTensorsOptions = {}): Dataset<{ xs: Tensor; ys: Tensor }> {
    return fromTensorSlices(this.toTensors(options));
  }

  /**
   * The rows at `indices`, in that order.
   *
   * @example
   * const first = tp.datasets.xor({ numSamples: 10, seed: 1 }).select([0]);
   */
  select(indices: readonly number[]): TabularData {
    return new TabularData(
      this.featureNames,
      this.labelName,
      indices.map((i) => this.features[i]!.slice()),
      indices.map((i) => this.labels[i]!),
      this.classNames,
    );
  }

  /**
   * A random train/test split of the rows (see trainTestSplit for the options).
   *
   * @example
   * const { train, test } = tp.datasets.gauss({ numSamples: 100, seed: 1 }).split({ testSize: 0.2, seed: 0 }); // 80 / 20
   */
  split(options: { testSize?: number; seed?: number; shuffle?: boolean } = {}): { train: TabularData; test: TabularData } {
    const [nTrain] = splitCounts(this.size, options.testSize, 'split');
    const order = Array.from({ length: this.size }, (_, i) => i);
    if (options.shuffle ?? true) shuffleInPlace(order, prng(options.seed ?? seedFromGlobalStream()));
    return { train: this.select(order.slice(0, nTrain)), test: this.select(order.slice(nTrain)) };
  }
}
