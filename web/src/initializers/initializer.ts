// The Initializer base class (keras.initializers.Initializer) and the wrapper that makes a plain
// function (shape, dtype) => Tensor, like the course's my_glorot_initializer, an initializer.
import type { DType } from '../dtype.js';
import { Tensor } from '../tensor.js';

/**
 * Makes the initial value of a weight from its shape. `apply(shape, dtype)` is Keras's
 * `initializer(shape, dtype)`; subclasses also give `className` and `getConfig()` so layers can
 * save which initializer they used.
 *
 * @example
 * class Twos extends tp.initializers.Initializer {
 *   static override className = 'Twos';
 *   apply(shape: number[], dtype: tp.DType = 'float32') { return tp.fill(shape, 2, dtype); }
 * }
 * new Twos().apply([2]).print(); // [2, 2]
 */
export abstract class Initializer {
  /** The name the initializer is saved under (Keras's class name). */
  static className = 'Initializer';

  /** A new tensor of `shape` and `dtype` (float32 by default) holding initial values. */
  abstract apply(shape: number[], dtype?: DType): Tensor;

  /** The constructor arguments that recreate this initializer. */
  getConfig(): object {
    return {};
  }

  /** The class name of this initializer (the static `className`). */
  getClassName(): string {
    return (this.constructor as typeof Initializer).className;
  }
}

/** @internal Checks an initializer's shape argument. */
export function checkShape(shape: readonly number[], who: string): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))
    throw new Error(`${who}: shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
  return [...shape];
}

/** A function (shape, dtype) => Tensor used as an initializer. */
export type InitializerFunction = (shape: number[], dtype: DType) => Tensor;

/**
 * A plain function used as an initializer (Keras accepts functions wherever it accepts
 * initializers); saved under the function's name.
 *
 * @example
 * const myGlorot = (shape: number[], dtype: tp.DType) => tp.randomNormal(shape, 0, Math.sqrt(2 / (shape[0]! + shape[1]!)), dtype);
 * const init = new tp.initializers.FunctionInitializer(myGlorot);
 * console.log(init.apply([3, 4]).shape, init.getClassName()); // [3, 4] 'myGlorot'
 */
export class FunctionInitializer extends Initializer {
  static override className = 'FunctionInitializer';

  constructor(readonly fn: InitializerFunction) {
    super();
  }

  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    const name = this.getClassName();
    const t = this.fn(checkShape(shape, `initializer '${name}'`), dtype);
    if (!(t instanceof Tensor)) throw new Error(`initializer '${name}': the function must return a tensor`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i]))
      throw new Error(`initializer '${name}': asked for shape [${shape.join(',')}], the function returned shape [${t.shape.join(',')}]`);
    return t;
  }

  override getClassName(): string {
    return this.fn.name !== '' ? this.fn.name : 'custom_initializer';
  }
}
