// The Loss base class (keras.losses.Loss): `call` gives per-sample losses, `apply` weights them
// by sampleWeight and reduces them. LossFunctionWrapper turns any per-sample function into one.
import type { TensorLike } from '../convert.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import type { LossFn } from './regression.js';
import { REDUCTIONS, asFloat, reduceWeightedValues, type Reduction } from './utils.js';

/** Constructor arguments every Loss takes. */
export interface LossArgs {
  /** Name of the loss (Keras's snake_case default of each class when left out). */
  name?: string;
  /** How per-sample losses are reduced; default 'sum_over_batch_size' (the mean). */
  reduction?: Reduction;
}

/** What `getConfig()` returns: constructor arguments that rebuild the loss. */
export interface LossConfig {
  name: string;
  reduction: Reduction;
  [key: string]: unknown;
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/**
 * Base class of losses with a reduction (keras.losses.Loss). Subclasses implement `call(yTrue,
 * yPred)` returning per-sample losses with tensor ops only (it runs inside compiled training
 * steps); `apply(yTrue, yPred, sampleWeight?)` converts the arguments (arrays become float32,
 * integer tensors are cast to float32), runs `call`, multiplies by the sample weights and reduces:
 * 'sum_over_batch_size' (default; also 'mean') divides the sum by the number of values, 'sum'
 * sums, 'mean_with_sample_weight' divides by the sum of the weights, 'none' keeps the values.
 * Add `getConfig()` entries for your own constructor arguments so `fromConfig` rebuilds it.
 *
 * @example
 * class HuberLoss extends tp.losses.Loss {
 *   threshold: number;
 *   constructor(args: { threshold?: number; name?: string } = {}) {
 *     super(args);
 *     this.threshold = args.threshold ?? 1;
 *   }
 *   call(yTrue: tp.Tensor, yPred: tp.Tensor): tp.Tensor {
 *     const error = yTrue.sub(yPred);
 *     const isSmall = tp.abs(error).less(this.threshold);
 *     const squared = tp.square(error).div(2);
 *     const linear = tp.abs(error).mul(this.threshold).sub(this.threshold ** 2 / 2);
 *     return tp.where(isSmall, squared, linear);
 *   }
 *   getConfig() { return { ...super.getConfig(), threshold: this.threshold }; }
 * }
 * const loss = new HuberLoss({ threshold: 2 });
 * loss.apply(tp.tensor([0, 0]), tp.tensor([1, 3])).print(); // 2.25
 * console.log(loss.getConfig()); // { name: 'huber_loss', reduction: 'sum_over_batch_size', threshold: 2 }
 */
export abstract class Loss {
  /** Registered class name (serialization), as TF.js layers have. */
  static className = 'Loss';
  readonly name: string;
  readonly reduction: Reduction;

  constructor(args: LossArgs = {}) {
    const reduction = args.reduction ?? 'sum_over_batch_size';
    if (!REDUCTIONS.includes(reduction))
      throw new Error(`Loss '${args.name ?? this.constructor.name}': reduction must be one of ${REDUCTIONS.map((r) => `'${r}'`).join(', ')}, got '${String(reduction)}'`);
    this.reduction = reduction;
    this.name = args.name ?? snakeCase(this.constructor.name);
  }

  /** Per-sample losses of float labels and predictions; subclasses implement it with tensor ops. */
  abstract call(yTrue: Tensor, yPred: Tensor): Tensor;

  /**
   * The weighted, reduced loss: a scalar, or per-sample values for reduction 'none'.
   *
   * @example
   * const mse = new tp.losses.MeanSquaredError();
   * mse.apply([[0, 1], [0, 0]], [[1, 1], [1, 0]]).print(); // 0.5
   * mse.apply([[0, 1], [0, 0]], [[1, 1], [1, 0]], [0.7, 0.3]).print(); // 0.25
   */
  apply(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike | null): Tensor {
    return tidy(() => {
      const values = this.call(asFloat(yTrue), asFloat(yPred));
      return reduceWeightedValues(values, sampleWeight, this.reduction, `loss '${this.name}'`);
    });
  }

  /**
   * The constructor arguments as a plain object (Keras's get_config).
   *
   * @example
   * console.log(new tp.losses.Huber({ delta: 2 }).getConfig()); // { name: 'huber_loss', reduction: 'sum_over_batch_size', delta: 2 }
   */
  getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction };
  }

  /**
   * Rebuilds a loss from `getConfig()` output (the class's constructor takes that object).
   *
   * @example
   * const huber = tp.losses.Huber.fromConfig({ name: 'h', reduction: 'sum', delta: 0.5 });
   * console.log(huber.name, huber.reduction); // h sum
   */
  static fromConfig<T extends Loss>(this: new (config: never) => T, config: object): T {
    return new this(config as never);
  }
}

/**
 * A Loss around a per-sample loss function (Keras's LossFunctionWrapper): what `tp.losses.get`
 * makes of a function such as the course's huber_fn.
 *
 * @example
 * const huberFn = (yTrue: tp.Tensor, yPred: tp.Tensor) => {
 *   const error = yTrue.sub(yPred);
 *   return tp.where(tp.abs(error).less(1), tp.square(error).div(2), tp.abs(error).sub(0.5));
 * };
 * const loss = new tp.losses.LossFunctionWrapper(huberFn, { reduction: 'sum' });
 * loss.apply(tp.tensor([0, 0]), tp.tensor([0.5, 3])).print(); // 2.625
 * console.log(loss.name); // huberFn
 */
export class LossFunctionWrapper extends Loss {
  static override className = 'LossFunctionWrapper';
  /** The wrapped per-sample function. */
  readonly fn: LossFn;

  constructor(fn: LossFn, args: LossArgs = {}) {
    if (typeof fn !== 'function') throw new Error(`LossFunctionWrapper: expected a loss function (yTrue, yPred) => Tensor, got ${typeof fn}`);
    super({ ...args, name: args.name ?? (fn.name !== '' ? fn.name : 'loss') });
    this.fn = fn;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return this.fn(yTrue, yPred);
  }
}
