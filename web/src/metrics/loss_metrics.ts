// Keras's metric classes that stream the weighted mean of a loss function (MeanSquaredError,
// BinaryCrossentropy, Hinge, ...), plus RootMeanSquaredError (the square root of such a mean).
import type { TensorLike } from '../convert.js';
import { categoricalHinge, hinge, squaredHinge } from '../losses/hinge.js';
import { binaryCrossentropy, categoricalCrossentropy, klDivergence, poisson, sparseCategoricalCrossentropy } from '../losses/probabilistic.js';
import {
  cosineSimilarity as cosineLoss,
  logCosh,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  meanSquaredLogarithmicError,
} from '../losses/regression.js';
import { asTensor, divNoNan, squeezeOrExpandToSameRank } from '../losses/utils.js';
import { tidy } from '../memory.js';
import { sub } from '../ops/binary.js';
import { neg, sqrt, square } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import type { MetricArgs, MetricConfig } from './metric.js';
import { Mean, MeanMetricWrapper, METRIC_FUNCTION_NAMES } from './reduction_metrics.js';

function named(args: MetricArgs, name: string): MetricArgs {
  return { ...args, name: args.name ?? name };
}

/**
 * Cosine similarity of labels and predictions along `axis` (keras.metrics.cosine_similarity):
 * 1 for vectors pointing the same way (the loss of the same name is its negative).
 *
 * @example
 * tp.metrics.cosineSimilarity(tp.tensor([[0, 1], [1, 1]]), tp.tensor([[1, 0], [1, 1]])).print(); // [0, 1]
 */
export function cosineSimilarity(yTrue: TensorLike, yPred: TensorLike, axis = -1): Tensor {
  return tidy(() => neg(cosineLoss(yTrue, yPred, axis)));
}
METRIC_FUNCTION_NAMES.set(cosineSimilarity, 'cosine_similarity');

/**
 * Mean squared error (keras.metrics.MeanSquaredError).
 *
 * @example
 * const m = new tp.metrics.MeanSquaredError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);
 * m.result().print(); // 0.25
 */
export class MeanSquaredError extends MeanMetricWrapper {
  static override className = 'MeanSquaredError';
  constructor(args: MetricArgs = {}) {
    super(meanSquaredError, named(args, 'mean_squared_error'));
  }
}

/**
 * Mean absolute error (keras.metrics.MeanAbsoluteError).
 *
 * @example
 * const m = new tp.metrics.MeanAbsoluteError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]], [1, 0]);
 * m.result().print(); // 0.5
 */
export class MeanAbsoluteError extends MeanMetricWrapper {
  static override className = 'MeanAbsoluteError';
  constructor(args: MetricArgs = {}) {
    super(meanAbsoluteError, named(args, 'mean_absolute_error'));
  }
}

/**
 * Mean absolute percentage error (keras.metrics.MeanAbsolutePercentageError).
 *
 * @example
 * const m = new tp.metrics.MeanAbsolutePercentageError();
 * m.updateState([[2, 1], [2, 3]], [[1, 1], [1, 0]]);
 * m.result().print(); // 50
 */
export class MeanAbsolutePercentageError extends MeanMetricWrapper {
  static override className = 'MeanAbsolutePercentageError';
  constructor(args: MetricArgs = {}) {
    super(meanAbsolutePercentageError, named(args, 'mean_absolute_percentage_error'));
  }
}

/**
 * Mean squared logarithmic error (keras.metrics.MeanSquaredLogarithmicError).
 *
 * @example
 * const m = new tp.metrics.MeanSquaredLogarithmicError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);
 * m.result().print(); // 0.1201133
 */
export class MeanSquaredLogarithmicError extends MeanMetricWrapper {
  static override className = 'MeanSquaredLogarithmicError';
  constructor(args: MetricArgs = {}) {
    super(meanSquaredLogarithmicError, named(args, 'mean_squared_logarithmic_error'));
  }
}

/**
 * Mean of log(cosh(error)) (keras.metrics.LogCoshError).
 *
 * @example
 * const m = new tp.metrics.LogCoshError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);
 * m.result().print(); // 0.1084452
 */
export class LogCoshError extends MeanMetricWrapper {
  static override className = 'LogCoshError';
  constructor(args: MetricArgs = {}) {
    super(logCosh, named(args, 'logcosh'));
  }
}

/**
 * Mean cosine similarity along `axis` (keras.metrics.CosineSimilarity, default axis -1).
 *
 * @example
 * const m = new tp.metrics.CosineSimilarity({ axis: 1 });
 * m.updateState([[0, 1], [1, 1]], [[1, 0], [1, 1]]);
 * m.result().print(); // 0.5
 */
export class CosineSimilarity extends MeanMetricWrapper {
  static override className = 'CosineSimilarity';
  readonly axis: number;
  constructor(args: MetricArgs & { axis?: number } = {}) {
    const axis = args.axis ?? -1;
    super((yTrue: Tensor, yPred: Tensor) => cosineSimilarity(yTrue, yPred, axis), named(args, 'cosine_similarity'));
    this.axis = axis;
  }
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/**
 * The square root of the weighted mean squared error (keras.metrics.RootMeanSquaredError).
 *
 * @example
 * const m = new tp.metrics.RootMeanSquaredError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);
 * m.result().print(); // 0.5
 */
export class RootMeanSquaredError extends Mean {
  static override className = 'RootMeanSquaredError';
  constructor(args: MetricArgs = {}) {
    super(named(args, 'root_mean_squared_error'));
  }

  override updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    if (yPred === undefined || yPred === null) throw new Error(`metric '${this.name}': updateState needs yTrue and yPred`);
    const [t, p] = squeezeOrExpandToSameRank(asTensor(yTrue, this.dtype), asTensor(yPred, this.dtype));
    super.updateState(square(sub(p, t)), sampleWeight);
  }

  override result(): Tensor {
    return sqrt(divNoNan(this.total, this.count));
  }
}

/** Options of the cross-entropy metrics. */
export interface CrossentropyMetricArgs extends MetricArgs {
  fromLogits?: boolean;
  labelSmoothing?: number;
  axis?: number;
}

/**
 * Mean binary cross-entropy (keras.metrics.BinaryCrossentropy).
 *
 * @example
 * const m = new tp.metrics.BinaryCrossentropy();
 * m.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]);
 * m.result().print(); // 0.8149245
 */
export class BinaryCrossentropy extends MeanMetricWrapper {
  static override className = 'BinaryCrossentropy';
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  constructor(args: CrossentropyMetricArgs = {}) {
    const fromLogits = args.fromLogits ?? false;
    const labelSmoothing = args.labelSmoothing ?? 0;
    super((yTrue: Tensor, yPred: Tensor) => binaryCrossentropy(yTrue, yPred, fromLogits, labelSmoothing, args.axis ?? -1), named(args, 'binary_crossentropy'));
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
  }
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}

/**
 * Mean categorical cross-entropy (keras.metrics.CategoricalCrossentropy).
 *
 * @example
 * const m = new tp.metrics.CategoricalCrossentropy();
 * m.updateState([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]);
 * m.result().print(); // 1.1769392
 */
export class CategoricalCrossentropy extends MeanMetricWrapper {
  static override className = 'CategoricalCrossentropy';
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  constructor(args: CrossentropyMetricArgs = {}) {
    const fromLogits = args.fromLogits ?? false;
    const labelSmoothing = args.labelSmoothing ?? 0;
    super((yTrue: Tensor, yPred: Tensor) => categoricalCrossentropy(yTrue, yPred, fromLogits, labelSmoothing, args.axis ?? -1), named(args, 'categorical_crossentropy'));
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
  }
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}

/**
 * Mean cross-entropy of integer labels (keras.metrics.SparseCategoricalCrossentropy).
 *
 * @example
 * const m = new tp.metrics.SparseCategoricalCrossentropy();
 * m.updateState([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]);
 * m.result().print(); // 1.1769392
 */
export class SparseCategoricalCrossentropy extends MeanMetricWrapper {
  static override className = 'SparseCategoricalCrossentropy';
  readonly fromLogits: boolean;
  constructor(args: MetricArgs & { fromLogits?: boolean } = {}) {
    const fromLogits = args.fromLogits ?? false;
    super((yTrue: Tensor, yPred: Tensor) => sparseCategoricalCrossentropy(yTrue, yPred, fromLogits), named(args, 'sparse_categorical_crossentropy'));
    this.fromLogits = fromLogits;
  }
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits };
  }
}

/**
 * Mean Kullback-Leibler divergence (keras.metrics.KLDivergence).
 *
 * @example
 * const m = new tp.metrics.KLDivergence();
 * m.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]);
 * m.result().print(); // 0.458143
 */
export class KLDivergence extends MeanMetricWrapper {
  static override className = 'KLDivergence';
  constructor(args: MetricArgs = {}) {
    super(klDivergence, named(args, 'kl_divergence'));
  }
}

/**
 * Mean Poisson loss (keras.metrics.Poisson).
 *
 * @example
 * const m = new tp.metrics.Poisson();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);
 * m.result().print(); // 0.5
 */
export class Poisson extends MeanMetricWrapper {
  static override className = 'Poisson';
  constructor(args: MetricArgs = {}) {
    super(poisson, named(args, 'poisson'));
  }
}

/**
 * Mean hinge loss (keras.metrics.Hinge).
 *
 * @example
 * const m = new tp.metrics.Hinge();
 * m.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]);
 * m.result().print(); // 1.3
 */
export class Hinge extends MeanMetricWrapper {
  static override className = 'Hinge';
  constructor(args: MetricArgs = {}) {
    super(hinge, named(args, 'hinge'));
  }
}

/**
 * Mean squared hinge loss (keras.metrics.SquaredHinge).
 *
 * @example
 * const m = new tp.metrics.SquaredHinge();
 * m.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]);
 * m.result().print(); // 1.86
 */
export class SquaredHinge extends MeanMetricWrapper {
  static override className = 'SquaredHinge';
  constructor(args: MetricArgs = {}) {
    super(squaredHinge, named(args, 'squared_hinge'));
  }
}

/**
 * Mean categorical hinge loss (keras.metrics.CategoricalHinge).
 *
 * @example
 * const m = new tp.metrics.CategoricalHinge();
 * m.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]);
 * m.result().print(); // 1.4
 */
export class CategoricalHinge extends MeanMetricWrapper {
  static override className = 'CategoricalHinge';
  constructor(args: MetricArgs = {}) {
    super(categoricalHinge, named(args, 'categorical_hinge'));
  }
}
