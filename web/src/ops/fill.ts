// Tensors of one repeated value (the core's fill op).
import { describeValue, type TensorLike } from '../convert.js';
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { callOp1, withTensor } from './op_helpers.js';

/**
 * A tensor of `shape` with every element `value` (dtype: bool for a boolean, else float32).
 *
 * @example
 * tp.fill([2, 2], 7).print(); // [[7, 7], [7, 7]]
 */
export function fill(shape: readonly number[], value: number | boolean, dtype?: DType): Tensor {
  if (typeof value !== 'number' && typeof value !== 'boolean') throw new Error(`fill: value must be a number or boolean, got ${typeof value === 'string' ? `the string '${value}' (tensorpad has no string dtype)` : describeValue(value)}`);
  return callOp1('fill', [], { shape, value: Number(value), dtype: dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32') });
}

// fill under the name the user called, so its errors name that function.
function fillAs(op: string, shape: readonly number[], value: number, dtype: DType): Tensor {
  try {
    return fill(shape, value, dtype);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('fill:')) throw new Error(`${op}:${e.message.slice(5)}`, { cause: e });
    throw e;
  }
}

/**
 * A tensor of zeros.
 *
 * @example
 * tp.zeros([2, 3]).print();
 */
export function zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return fillAs('zeros', shape, 0, dtype);
}

/**
 * A tensor of ones.
 *
 * @example
 * tp.ones([3], 'int32').print(); // [1, 1, 1]
 */
export function ones(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return fillAs('ones', shape, 1, dtype);
}

/**
 * Zeros with the shape and dtype of `x`.
 *
 * @example
 * tp.zerosLike(tp.tensor([[1, 2]])).print(); // [[0, 0]]
 * tp.zerosLike([1, 2]).print(); // [0, 0]
 */
export function zerosLike(x: TensorLike): Tensor {
  return filledLike(x, 0, 'zerosLike');
}

/**
 * Ones with the shape and dtype of `x`.
 *
 * @example
 * tp.onesLike(tp.tensor([[1, 2]])).print(); // [[1, 1]]
 */
export function onesLike(x: TensorLike): Tensor {
  return filledLike(x, 1, 'onesLike');
}

function filledLike(x: TensorLike, value: number, op: string): Tensor {
  return withTensor(x, op, (t) => fillAs(op, t.shape, value, t.dtype));
}
