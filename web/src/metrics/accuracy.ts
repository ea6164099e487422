// Keras's accuracy metric classes: running weighted means of the accuracy functions.
import type { Tensor } from '../tensor.js';
import {
  accuracy,
  binaryAccuracy,
  categoricalAccuracy,
  sparseCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
  topKCategoricalAccuracy,
} from './accuracy_functions.js';
import type { MetricArgs, MetricConfig } from './metric.js';
import { MeanMetricWrapper } from './reduction_metrics.js';

function named(args: MetricArgs, name: string): MetricArgs {
  return { ...args, name: args.name ?? name };
}

/**
 * How often predictions equal labels exactly (keras.metrics.Accuracy).
 *
 * @example
 * const m = new tp.metrics.Accuracy();
 * m.updateState([[1], [2], [3], [4]], [[0], [2], [3], [4]]);
 * m.result().print(); // 0.75
 */
export class Accuracy extends MeanMetricWrapper {
  static override className = 'Accuracy';
  constructor(args: MetricArgs = {}) {
    super(accuracy, named(args, 'accuracy'));
  }
}

/**
 * How often (yPred > threshold) matches the binary label (keras.metrics.BinaryAccuracy,
 * threshold 0.5).
 *
 * @example
 * const m = new tp.metrics.BinaryAccuracy();
 * m.updateState([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]);
 * m.result().print(); // 0.75
 */
export class BinaryAccuracy extends MeanMetricWrapper {
  static override className = 'BinaryAccuracy';
  readonly threshold: number;
  constructor(args: MetricArgs & { threshold?: number } = {}) {
    const threshold = args.threshold ?? 0.5;
    if (!(threshold > 0 && threshold < 1)) throw new Error(`BinaryAccuracy: threshold must be in (0, 1), got ${threshold}`);
    super((yTrue: Tensor, yPred: Tensor) => binaryAccuracy(yTrue, yPred, threshold), named(args, 'binary_accuracy'));
    this.threshold = threshold;
  }
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), threshold: this.threshold };
  }
}

/**
 * How often the arg-max of the predictions matches the one-hot label
 * (keras.metrics.CategoricalAccuracy).
 *
 * @example
 * const m = new tp.metrics.CategoricalAccuracy();
 * m.updateState([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], [0.7, 0.3]);
 * m.result().print(); // 0.3
 */
export class CategoricalAccuracy extends MeanMetricWrapper {
  static override className = 'CategoricalAccuracy';
  constructor(args: MetricArgs = {}) {
    super(categoricalAccuracy, named(args, 'categorical_accuracy'));
  }
}

/**
 * How often the arg-max of the predictions matches the integer label
 * (keras.metrics.SparseCategoricalAccuracy).
 *
 * @example
 * const m = new tp.metrics.SparseCategoricalAccuracy();
 * m.updateState([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]);
 * m.result().print(); // 0.5
 */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  static override className = 'SparseCategoricalAccuracy';
  constructor(args: MetricArgs = {}) {
    super(sparseCategoricalAccuracy, named(args, 'sparse_categorical_accuracy'));
  }
}

/**
 * How often the one-hot label's class is in the top k predictions
 * (keras.metrics.TopKCategoricalAccuracy, k = 5).
 *
 * @example
 * const m = new tp.metrics.TopKCategoricalAccuracy({ k: 1 });
 * m.updateState([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
 * m.result().print(); // 0.5
 */
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  static override className = 'TopKCategoricalAccuracy';
  readonly k: number;
  constructor(args: MetricArgs & { k?: number } = {}) {
    const k = args.k ?? 5;
    super((yTrue: Tensor, yPred: Tensor) => topKCategoricalAccuracy(yTrue, yPred, k), named(args, 'top_k_categorical_accuracy'));
    this.k = k;
  }
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), k: this.k };
  }
}

/**
 * How often the integer label's class is in the top k predictions
 * (keras.metrics.SparseTopKCategoricalAccuracy, k = 5).
 *
 * @example
 * const m = new tp.metrics.SparseTopKCategoricalAccuracy({ k: 1 });
 * m.updateState([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
 * m.result().print(); // 0.5
 */
export class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  static override className = 'SparseTopKCategoricalAccuracy';
  readonly k: number;
  constructor(args: MetricArgs & { k?: number } = {}) {
    const k = args.k ?? 5;
    super((yTrue: Tensor, yPred: Tensor) => sparseTopKCategoricalAccuracy(yTrue, yPred, k), named(args, 'sparse_top_k_categorical_accuracy'));
    this.k = k;
  }
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), k: this.k };
  }
}
