// Deterministic initializers: Zeros, Ones, Constant, Identity.
import type { DType } from '../dtype.js';
import { tidy } from '../memory.js';
import { mul } from '../ops/binary.js';
import { fill } from '../ops/fill.js';
import { eye } from '../ops/sequences.js';
import type { Tensor } from '../tensor.js';
import { checkShape, Initializer } from './initializer.js';

/**
 * All zeros (Keras's 'zeros', the default bias initializer).
 *
 * @example
 * new tp.initializers.Zeros().apply([2]).print(); // [0, 0]
 */
export class Zeros extends Initializer {
  static override className = 'Zeros';
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return fill(checkShape(shape, 'Zeros'), 0, dtype);
  }
}

/**
 * All ones.
 *
 * @example
 * new tp.initializers.Ones().apply([2]).print(); // [1, 1]
 */
export class Ones extends Initializer {
  static override className = 'Ones';
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return fill(checkShape(shape, 'Ones'), 1, dtype);
  }
}

/**
 * Every element `value` (0 by default).
 *
 * @example
 * new tp.initializers.Constant({ value: 3 }).apply([2]).print(); // [3, 3]
 */
export class Constant extends Initializer {
  static override className = 'Constant';
  readonly value: number;
  constructor(args: { value?: number } = {}) {
    super();
    this.value = args.value ?? 0;
    if (typeof this.value !== 'number') throw new Error(`Constant: value must be a number, got ${typeof this.value}`);
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return fill(checkShape(shape, 'Constant'), this.value, dtype);
  }
  override getConfig(): object {
    return { value: this.value };
  }
}

/**
 * gain times the identity matrix, for 2-D shapes (rectangular ones get ones on the diagonal).
 *
 * @example
 * new tp.initializers.Identity({ gain: 2 }).apply([2, 2]).print(); // [[2, 0], [0, 2]]
 */
export class Identity extends Initializer {
  static override className = 'Identity';
  readonly gain: number;
  constructor(args: { gain?: number } = {}) {
    super();
    this.gain = args.gain ?? 1;
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    checkShape(shape, 'Identity');
    if (shape.length !== 2) throw new Error(`Identity: needs a 2-D shape, got [${shape.join(',')}]`);
    return tidy(() => mul(eye(shape[0]!, shape[1]!, undefined, dtype), this.gain));
  }
  override getConfig(): object {
    return { gain: this.gain };
  }
}
