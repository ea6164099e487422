// Weight constraints (keras.constraints): projections the optimizer applies to a weight after
// each update (`variable.constraint`). Formulas as Keras, with epsilon 1e-7 guarding zero norms.
import { tidy } from '../memory.js';
import { add, div, greaterEqual, mul } from '../ops/binary.js';
import { sum } from '../ops/reduction.js';
import { cast, clipByValue, sqrt, square } from '../ops/unary.js';
import { Tensor } from '../tensor.js';

const EPSILON = 1e-7;

/**
 * A projection of a weight: `apply(w)` returns the constrained value. Subclass it for custom
 * constraints (with `className` and `getConfig()` to make them savable).
 *
 * @example
 * class Clip extends tp.constraints.Constraint {
 *   static override className = 'Clip';
 *   apply(w: tp.Tensor) { return tp.clipByValue(w, -1, 1); }
 * }
 * new Clip().apply(tp.tensor([-3, 0.5])).print(); // [-1, 0.5]
 */
export abstract class Constraint {
  static className = 'Constraint';
  abstract apply(w: Tensor): Tensor;
  getConfig(): object {
    return {};
  }
  getClassName(): string {
    return (this.constructor as typeof Constraint).className;
  }
}

function l2Norms(w: Tensor, axis: number | number[]): Tensor {
  return sqrt(sum(square(w), axis, true));
}

/**
 * Rescales slices whose L2 norm over `axis` (0: each column of a dense kernel, the weights into
 * one unit) exceeds `maxValue` (2) down to it: w * clip(norm, 0, maxValue) / (eps + norm).
 *
 * @example
 * new tp.constraints.MaxNorm({ maxValue: 1 }).apply(tp.tensor([[3, 0.6], [4, 0.8]])).print(); // [[0.6, 0.6], [0.8, 0.8]]
 */
export class MaxNorm extends Constraint {
  static override className = 'MaxNorm';
  readonly maxValue: number;
  readonly axis: number | number[];
  constructor(args: { maxValue?: number; axis?: number | number[] } = {}) {
    super();
    this.maxValue = args.maxValue ?? 2;
    this.axis = args.axis ?? 0;
  }
  apply(w: Tensor): Tensor {
    return tidy(() => {
      const norms = l2Norms(w, this.axis);
      return mul(w, div(clipByValue(norms, 0, this.maxValue), add(norms, EPSILON)));
    });
  }
  override getConfig(): object {
    return { maxValue: this.maxValue, axis: this.axis };
  }
}

/**
 * Sets negative weights to zero.
 *
 * @example
 * new tp.constraints.NonNeg().apply(tp.tensor([-1, 2])).print(); // [0, 2]
 */
export class NonNeg extends Constraint {
  static override className = 'NonNeg';
  apply(w: Tensor): Tensor {
    return tidy(() => mul(w, cast(greaterEqual(w, 0), w.dtype)));
  }
}

/**
 * Scales slices to unit L2 norm over `axis` (0): w / (eps + norm).
 *
 * @example
 * new tp.constraints.UnitNorm().apply(tp.tensor([[3], [4]])).print(); // [[0.6], [0.8]]
 */
export class UnitNorm extends Constraint {
  static override className = 'UnitNorm';
  readonly axis: number | number[];
  constructor(args: { axis?: number | number[] } = {}) {
    super();
    this.axis = args.axis ?? 0;
  }
  apply(w: Tensor): Tensor {
    return tidy(() => div(w, add(l2Norms(w, this.axis), EPSILON)));
  }
  override getConfig(): object {
    return { axis: this.axis };
  }
}

/**
 * Moves slice norms over `axis` into [minValue, maxValue] ([0, 1]) at `rate` (1: all the way):
 * desired = rate * clip(norm, min, max) + (1 - rate) * norm; w * desired / (eps + norm).
 *
 * @example
 * new tp.constraints.MinMaxNorm({ minValue: 1, maxValue: 2 }).apply(tp.tensor([[0.3], [0.4]])).print(); // [[0.6], [0.8]]
 */
export class MinMaxNorm extends Constraint {
  static override className = 'MinMaxNorm';
  readonly minValue: number;
  readonly maxValue: number;
  readonly rate: number;
  readonly axis: number | number[];
  constructor(args: { minValue?: number; maxValue?: number; rate?: number; axis?: number | number[] } = {}) {
    super();
    this.minValue = args.minValue ?? 0;
    this.maxValue = args.maxValue ?? 1;
    this.rate = args.rate ?? 1;
    this.axis = args.axis ?? 0;
    if (this.minValue > this.maxValue)
      throw new Error(`MinMaxNorm: minValue ${this.minValue} is larger than maxValue ${this.maxValue}`);
  }
  apply(w: Tensor): Tensor {
    return tidy(() => {
      const norms = l2Norms(w, this.axis);
      let desired = mul(clipByValue(norms, this.minValue, this.maxValue), this.rate);
      if (this.rate !== 1) desired = add(desired, mul(norms, 1 - this.rate));
      return mul(w, div(desired, add(norms, EPSILON)));
    });
  }
  override getConfig(): object {
    return { minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

/** A function of the weight used as a constraint. */
export type ConstraintFunction = (w: Tensor) => Tensor;

/**
 * A plain function used as a constraint (the course's my_positive_weights); saved under its name.
 *
 * @example
 * const myPositiveWeights = (w: tp.Tensor) => tp.where(w.less(0), tp.zerosLike(w), w);
 * new tp.constraints.FunctionConstraint(myPositiveWeights).apply(tp.tensor([-1, 2])).print(); // [0, 2]
 */
export class FunctionConstraint extends Constraint {
  static override className = 'FunctionConstraint';
  constructor(readonly fn: ConstraintFunction) {
    super();
  }
  apply(w: Tensor): Tensor {
    const r = this.fn(w);
    if (!(r instanceof Tensor)) throw new Error(`constraint '${this.getClassName()}': the function must return a tensor`);
    return r;
  }
  override getClassName(): string {
    return this.fn.name !== '' ? this.fn.name : 'custom_constraint';
  }
}
