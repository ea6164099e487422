// Evenly spaced values and identity matrices (core/ops/creation.cpp).
import { describeValue } from '../convert.js';
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { callOp1 } from './op_helpers.js';

/**
 * start, start + step, ... up to but excluding stop. With one argument, 0 .. stop-1 (as TF).
 *
 * @example
 * tp.range(0, 5).print(); // [0, 1, 2, 3, 4]
 * tp.range(4).print(); // [0, 1, 2, 3]
 * tp.range(10, 0, -3, 'int32').print(); // [10, 7, 4, 1]
 * tp.range(3, 0).print(); // [3, 2, 1] (counts down, as TF.js)
 */
export function range(start: number, stop?: number, step?: number, dtype: DType = 'float32'): Tensor {
  if (stop === undefined || stop === null) return callOp1('range', [], { start: 0, stop: start, step: step ?? 1, dtype });
  // As TF.js: a step of 1 (or none) counts down when stop < start.
  if ((step === undefined || step === 1) && stop < start) step = -1;
  return callOp1('range', [], { start, stop, step: step ?? 1, dtype });
}

/**
 * `num` evenly spaced values from start to stop, both included.
 *
 * @example
 * tp.linspace(0, 1, 5).print(); // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, stop: number, num: number, dtype: DType = 'float32'): Tensor {
  if (typeof num !== 'number' || !(num > 0)) throw new Error(`linspace: num must be positive, got ${describeValue(num)}`);
  return callOp1('linspace', [], { start, stop, num, dtype });
}

/**
 * An identity matrix (ones on the diagonal), optionally rectangular and batched.
 *
 * @example
 * tp.eye(2).print(); // [[1, 0], [0, 1]]
 * console.log(tp.eye(2, 3, [4]).shape); // [4, 2, 3]
 */
export function eye(numRows: number, numColumns?: number, batchShape?: readonly number[], dtype: DType = 'float32'): Tensor {
  return callOp1('eye', [], { numRows, numColumns: numColumns ?? numRows, batchShape: batchShape ?? [], dtype });
}
