// Keras's built-in Loss classes: each wraps its per-sample function with its options and
// Keras's default name, and reports those options in getConfig().
import type { Tensor } from '../tensor.js';
import { categoricalHinge, hinge, squaredHinge } from './hinge.js';
import { LossFunctionWrapper, type LossArgs, type LossConfig } from './loss.js';
import { binaryCrossentropy, categoricalCrossentropy, klDivergence, poisson, sparseCategoricalCrossentropy } from './probabilistic.js';
import {
  cosineSimilarity,
  huber,
  logCosh,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  meanSquaredLogarithmicError,
} from './regression.js';

function named(args: LossArgs, name: string): LossArgs {
  return { ...args, name: args.name ?? name };
}

/**
 * Mean of squared errors (keras.losses.MeanSquaredError).
 *
 * @example
 * new tp.losses.MeanSquaredError().apply([[0, 1], [0, 0]], [[1, 1], [1, 0]]).print(); // 0.5
 */
export class MeanSquaredError extends LossFunctionWrapper {
  static override className = 'MeanSquaredError';
  constructor(args: LossArgs = {}) {
    super(meanSquaredError, named(args, 'mean_squared_error'));
  }
}

/**
 * Mean of absolute errors (keras.losses.MeanAbsoluteError).
 *
 * @example
 * new tp.losses.MeanAbsoluteError({ reduction: 'sum' }).apply([[0, 1], [0, 0]], [[1, 1], [1, 0]]).print(); // 1
 */
export class MeanAbsoluteError extends LossFunctionWrapper {
  static override className = 'MeanAbsoluteError';
  constructor(args: LossArgs = {}) {
    super(meanAbsoluteError, named(args, 'mean_absolute_error'));
  }
}

/**
 * Mean absolute percentage error (keras.losses.MeanAbsolutePercentageError).
 *
 * @example
 * new tp.losses.MeanAbsolutePercentageError().apply([[2, 1], [2, 3]], [[1, 1], [1, 0]]).print(); // 50
 */
export class MeanAbsolutePercentageError extends LossFunctionWrapper {
  static override className = 'MeanAbsolutePercentageError';
  constructor(args: LossArgs = {}) {
    super(meanAbsolutePercentageError, named(args, 'mean_absolute_percentage_error'));
  }
}

/**
 * Mean squared logarithmic error (keras.losses.MeanSquaredLogarithmicError).
 *
 * @example
 * new tp.losses.MeanSquaredLogarithmicError({ reduction: 'none' }).apply([[0, 1]], [[1, 1]]).print(); // [0.2402265]
 */
export class MeanSquaredLogarithmicError extends LossFunctionWrapper {
  static override className = 'MeanSquaredLogarithmicError';
  constructor(args: LossArgs = {}) {
    super(meanSquaredLogarithmicError, named(args, 'mean_squared_logarithmic_error'));
  }
}

/**
 * Huber loss with threshold `delta` (keras.losses.Huber, default delta 1).
 *
 * @example
 * new tp.losses.Huber().apply([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]).print(); // 0.155
 */
export class Huber extends LossFunctionWrapper {
  static override className = 'Huber';
  readonly delta: number;
  constructor(args: LossArgs & { delta?: number } = {}) {
    const delta = args.delta ?? 1;
    super((yTrue: Tensor, yPred: Tensor) => huber(yTrue, yPred, delta), named(args, 'huber_loss'));
    this.delta = delta;
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), delta: this.delta };
  }
}

/**
 * Logarithm of the hyperbolic cosine of the error (keras.losses.LogCosh).
 *
 * @example
 * new tp.losses.LogCosh({ reduction: 'sum' }).apply([[0, 1], [0, 0]], [[1, 1], [0, 0]]).print(); // 0.2168904
 */
export class LogCosh extends LossFunctionWrapper {
  static override className = 'LogCosh';
  constructor(args: LossArgs = {}) {
    super(logCosh, named(args, 'log_cosh'));
  }
}

/** Options of the cross-entropy losses. */
export interface CrossentropyArgs extends LossArgs {
  /** yPred holds logits rather than probabilities (more stable). Default false. */
  fromLogits?: boolean;
  /** Moves the labels toward the uniform distribution by this amount in [0, 1]. Default 0. */
  labelSmoothing?: number;
  /** The axis of the classes / values averaged. Default -1. */
  axis?: number;
}

/**
 * Binary cross-entropy (keras.losses.BinaryCrossentropy) for labels in {0, 1}.
 *
 * @example
 * const bce = new tp.losses.BinaryCrossentropy({ fromLogits: true });
 * bce.apply([[0, 1], [0, 0]], [[-18.6, 0.51], [2.94, -12.8]]).print(); // 0.865458
 */
export class BinaryCrossentropy extends LossFunctionWrapper {
  static override className = 'BinaryCrossentropy';
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;
  constructor(args: CrossentropyArgs = {}) {
    const fromLogits = args.fromLogits ?? false;
    const labelSmoothing = args.labelSmoothing ?? 0;
    const axis = args.axis ?? -1;
    super((yTrue: Tensor, yPred: Tensor) => binaryCrossentropy(yTrue, yPred, fromLogits, labelSmoothing, axis), named(args, 'binary_crossentropy'));
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.axis = axis;
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}

/**
 * Categorical cross-entropy (keras.losses.CategoricalCrossentropy) for one-hot labels.
 *
 * @example
 * const cce = new tp.losses.CategoricalCrossentropy();
 * cce.apply([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]).print(); // 1.1769392
 */
export class CategoricalCrossentropy extends LossFunctionWrapper {
  static override className = 'CategoricalCrossentropy';
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;
  constructor(args: CrossentropyArgs = {}) {
    const fromLogits = args.fromLogits ?? false;
    const labelSmoothing = args.labelSmoothing ?? 0;
    const axis = args.axis ?? -1;
    super((yTrue: Tensor, yPred: Tensor) => categoricalCrossentropy(yTrue, yPred, fromLogits, labelSmoothing, axis), named(args, 'categorical_crossentropy'));
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.axis = axis;
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}

/**
 * Cross-entropy for integer class labels (keras.losses.SparseCategoricalCrossentropy).
 *
 * @example
 * const scce = new tp.losses.SparseCategoricalCrossentropy();
 * scce.apply([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]).print(); // 1.1769392
 */
export class SparseCategoricalCrossentropy extends LossFunctionWrapper {
  static override className = 'SparseCategoricalCrossentropy';
  readonly fromLogits: boolean;
  constructor(args: LossArgs & { fromLogits?: boolean } = {}) {
    const fromLogits = args.fromLogits ?? false;
    super((yTrue: Tensor, yPred: Tensor) => sparseCategoricalCrossentropy(yTrue, yPred, fromLogits), named(args, 'sparse_categorical_crossentropy'));
    this.fromLogits = fromLogits;
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits };
  }
}

/**
 * Negative cosine similarity along `axis` (keras.losses.CosineSimilarity, default axis -1).
 *
 * @example
 * new tp.losses.CosineSimilarity({ axis: 1 }).apply([[0, 1], [1, 1]], [[1, 0], [1, 1]]).print(); // -0.5
 */
export class CosineSimilarity extends LossFunctionWrapper {
  static override className = 'CosineSimilarity';
  readonly axis: number;
  constructor(args: LossArgs & { axis?: number } = {}) {
    const axis = args.axis ?? -1;
    super((yTrue: Tensor, yPred: Tensor) => cosineSimilarity(yTrue, yPred, axis), named(args, 'cosine_similarity'));
    this.axis = axis;
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/**
 * Hinge loss (keras.losses.Hinge); 0/1 labels are converted to -1/1.
 *
 * @example
 * new tp.losses.Hinge().apply([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]).print(); // 1.3
 */
export class Hinge extends LossFunctionWrapper {
  static override className = 'Hinge';
  constructor(args: LossArgs = {}) {
    super(hinge, named(args, 'hinge'));
  }
}

/**
 * Squared hinge loss (keras.losses.SquaredHinge).
 *
 * @example
 * new tp.losses.SquaredHinge().apply([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]).print(); // 1.86
 */
export class SquaredHinge extends LossFunctionWrapper {
  static override className = 'SquaredHinge';
  constructor(args: LossArgs = {}) {
    super(squaredHinge, named(args, 'squared_hinge'));
  }
}

/**
 * Categorical hinge loss (keras.losses.CategoricalHinge).
 *
 * @example
 * new tp.losses.CategoricalHinge().apply([[0, 1]], [[0.6, 0.4]]).print(); // 1.2
 */
export class CategoricalHinge extends LossFunctionWrapper {
  static override className = 'CategoricalHinge';
  constructor(args: LossArgs = {}) {
    super(categoricalHinge, named(args, 'categorical_hinge'));
  }
}

/**
 * Kullback-Leibler divergence (keras.losses.KLDivergence).
 *
 * @example
 * new tp.losses.KLDivergence().apply([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]).print(); // 0.458143
 */
export class KLDivergence extends LossFunctionWrapper {
  static override className = 'KLDivergence';
  constructor(args: LossArgs = {}) {
    super(klDivergence, named(args, 'kl_divergence'));
  }
}

/**
 * Poisson loss (keras.losses.Poisson).
 *
 * @example
 * new tp.losses.Poisson().apply([[0, 1], [0, 0]], [[1, 1], [0, 0]]).print(); // 0.5
 */
export class Poisson extends LossFunctionWrapper {
  static override className = 'Poisson';
  constructor(args: LossArgs = {}) {
    super(poisson, named(args, 'poisson'));
  }
}
