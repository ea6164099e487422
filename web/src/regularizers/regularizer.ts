// Weight regularizers (keras.regularizers): a penalty computed from a weight, added to the loss.
// Keras's formulas: L1 = l1 * sum(|w|), L2 = l2 * sum(w²) (no 1/2).
import { tidy } from '../memory.js';
import { add, mul } from '../ops/binary.js';
import { sum } from '../ops/reduction.js';
import { abs, square } from '../ops/unary.js';
import { Tensor } from '../tensor.js';

/**
 * A penalty on a weight: `apply(w)` returns a scalar that layers add to their losses. Subclass
 * it for custom regularizers (with `className` and `getConfig()` to make them savable).
 *
 * @example
 * class Sum extends tp.regularizers.Regularizer {
 *   static override className = 'Sum';
 *   apply(w: tp.Tensor) { return w.sum(); }
 * }
 * new Sum().apply(tp.tensor([1, 2])).print(); // 3
 */
export abstract class Regularizer {
  static className = 'Regularizer';
  /** The penalty for weight `w`: a scalar of w's dtype. */
  abstract apply(w: Tensor): Tensor;
  getConfig(): object {
    return {};
  }
  getClassName(): string {
    return (this.constructor as typeof Regularizer).className;
  }
}

/**
 * l1 * sum(|w|) + l2 * sum(w²) (both 0.01 by default, as TF.js and keras's l1_l2).
 *
 * @example
 * new tp.regularizers.L1L2({ l1: 0.1, l2: 0.5 }).apply(tp.tensor([1, -2])).print(); // 2.8
 */
export class L1L2 extends Regularizer {
  static override className = 'L1L2';
  readonly l1: number;
  readonly l2: number;
  constructor(args: { l1?: number; l2?: number } = {}) {
    super();
    this.l1 = args.l1 ?? 0.01;
    this.l2 = args.l2 ?? 0.01;
    for (const [k, v] of [['l1', this.l1], ['l2', this.l2]] as const)
      if (typeof v !== 'number' || !(v >= 0)) throw new Error(`${this.getClassName()}: ${k} must be a non-negative number, got ${String(v)}`);
  }
  apply(w: Tensor): Tensor {
    w.throwIfDisposed(this.getClassName());
    return tidy(() => {
      let r: Tensor | null = null;
      if (this.l1 !== 0) r = mul(sum(abs(w)), this.l1);
      if (this.l2 !== 0) {
        const p = mul(sum(square(w)), this.l2);
        r = r === null ? p : add(r, p);
      }
      return r ?? mul(sum(w), 0);
    });
  }
  override getConfig(): object {
    return { l1: this.l1, l2: this.l2 };
  }
}

/**
 * l1 * sum(|w|) (0.01 by default).
 *
 * @example
 * new tp.regularizers.L1({ l1: 0.5 }).apply(tp.tensor([1, -2])).print(); // 1.5
 */
export class L1 extends L1L2 {
  static override className = 'L1';
  constructor(args: { l1?: number } = {}) {
    super({ l1: args.l1 ?? 0.01, l2: 0 });
  }
  override getConfig(): object {
    return { l1: this.l1 };
  }
}

/**
 * l2 * sum(w²) (0.01 by default; Keras has no 1/2 factor).
 *
 * @example
 * new tp.regularizers.L2({ l2: 0.5 }).apply(tp.tensor([1, -2])).print(); // 2.5
 */
export class L2 extends L1L2 {
  static override className = 'L2';
  constructor(args: { l2?: number } = {}) {
    super({ l1: 0, l2: args.l2 ?? 0.01 });
  }
  override getConfig(): object {
    return { l2: this.l2 };
  }
}

/** A function of the weight used as a regularizer. */
export type RegularizerFunction = (w: Tensor) => Tensor;

/**
 * A plain function used as a regularizer (the course's my_l1_regularizer); saved under its name.
 *
 * @example
 * const myL1 = (w: tp.Tensor) => tp.sum(tp.abs(w.mul(0.01)));
 * new tp.regularizers.FunctionRegularizer(myL1).apply(tp.tensor([100, -200])).print(); // 3
 */
export class FunctionRegularizer extends Regularizer {
  static override className = 'FunctionRegularizer';
  constructor(readonly fn: RegularizerFunction) {
    super();
  }
  apply(w: Tensor): Tensor {
    const r = this.fn(w);
    if (!(r instanceof Tensor)) throw new Error(`regularizer '${this.getClassName()}': the function must return a tensor`);
    if (r.rank !== 0) throw new Error(`regularizer '${this.getClassName()}': must return a scalar, got shape [${r.shape.join(',')}]`);
    return r;
  }
  override getClassName(): string {
    return this.fn.name !== '' ? this.fn.name : 'custom_regularizer';
  }
}
