// Tensors from JavaScript values: tp.tensor (tf.constant), scalar and the rank-checked tensorNd.
import { describeValue, makeTensor, prepareValues, type TensorValues } from '../convert.js';
import type { DType } from '../dtype.js';
import { Tensor, type Rank, type Scalar, type Tensor1D } from '../tensor.js';
import { named } from './op_helpers.js';
import { clone, reshape } from './shape.js';
import { cast } from './unary.js';

/**
 * A tensor holding `values`: nested arrays, a typed array, or flat values with a `shape`
 * (a single value with a shape fills it). The dtype is inferred as in TF: numbers give float32
 * (integers too, unless 'int32' is asked for), booleans bool, typed arrays their own type
 * (Int32Array and Uint8Array int32, Float64Array float64). A tensor is copied (and cast).
 *
 * @example
 * const t = tp.tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(t.shape, t.dtype); // [2, 3] 'float32'
 * tp.tensor([1, 2, 3, 4], [2, 2], 'int32').print();
 */
export function tensor(values: TensorValues | Tensor, shape?: number[], dtype?: DType): Tensor {
  if (values instanceof Tensor) {
    // As tf.constant(t): a copy, converted to dtype and reshaped to shape when given.
    return named('tensor', () => {
      const copy = dtype !== undefined && dtype !== values.dtype ? cast(values, dtype) : clone(values);
      if (shape === undefined) return copy;
      try {
        return reshape(copy, shape);
      } finally {
        copy.dispose();
      }
    });
  }
  const p = prepareValues(values, shape, dtype, 'tensor');
  return makeTensor(p.data, p.shape, p.dtype);
}

/** TF's name for `tensor`. @example tp.constant([[1, 2], [3, 4]]).print(); */
export const constant = tensor;

/**
 * A rank-0 tensor.
 *
 * @example
 * tp.scalar(3.5).print(); // 3.5
 */
export function scalar(value: number | boolean, dtype?: DType): Scalar {
  if (typeof value !== 'number' && typeof value !== 'boolean')
    throw new Error(`scalar: expected a number or boolean, got ${Array.isArray(value) ? 'an array' : typeof value}; use tp.tensor for arrays`);
  return named('scalar', () => tensor(value, [], dtype)) as Scalar;
}

// TF.js's tensorNd: nested values of rank N, or flat values with an N-long shape.
function rankChecked<R extends Rank>(rank: number) {
  return (values: TensorValues, shape?: number[], dtype?: DType): Tensor<R> => {
    const name = `tensor${rank}d`;
    if (shape !== undefined && shape !== null && (!Array.isArray(shape) || shape.length !== rank))
      throw new Error(`${name}: shape must be a list of ${rank} dimensions, got ${describeValue(shape)}`);
    const p = prepareValues(values, shape ?? undefined, dtype, name);
    const flat = Array.isArray(values) ? !Array.isArray(values[0]) && !ArrayBuffer.isView(values[0]) : ArrayBuffer.isView(values);
    if ((shape === undefined || shape === null) && flat && rank > 1)
      throw new Error(`${name}: flat values need a shape (got ${p.data.length} values and no shape)`);
    if (p.shape.length !== rank)
      throw new Error(`${name}: expected rank ${rank}, got shape [${p.shape.join(',')}] (rank ${p.shape.length})`);
    return makeTensor(p.data, p.shape, p.dtype) as Tensor<R>;
  };
}

/**
 * A rank-1 tensor; the second argument is the dtype, as in TF.js.
 *
 * @example
 * tp.tensor1d([1, 2, 3]).print();
 * tp.tensor1d([1, 2, 3], 'int32').print();
 */
export function tensor1d(values: TensorValues, dtype?: DType): Tensor1D {
  if (Array.isArray(dtype) || (dtype !== undefined && typeof dtype !== 'string'))
    throw new Error(`tensor1d: the second argument is the dtype (tensor1d(values, dtype)), got ${describeValue(dtype)}`);
  const p = prepareValues(values, undefined, dtype, 'tensor1d');
  if (p.shape.length !== 1)
    throw new Error(`tensor1d: expected rank 1, got shape [${p.shape.join(',')}] (rank ${p.shape.length})`);
  return makeTensor(p.data, p.shape, p.dtype) as Tensor1D;
}
/** A rank-2 tensor. @example tp.tensor2d([[1, 2], [3, 4]]).print(); tp.tensor2d([1, 2, 3, 4], [2, 2], 'int32').print(); */
export const tensor2d = rankChecked<'R2'>(2);
/** A rank-3 tensor. @example tp.tensor3d([[[1], [2]]]).print(); */
export const tensor3d = rankChecked<'R3'>(3);
/** A rank-4 tensor. @example tp.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]).print(); */
export const tensor4d = rankChecked<'R4'>(4);
/** A rank-5 tensor. @example tp.tensor5d([1, 2], [1, 1, 1, 1, 2]).print(); */
export const tensor5d = rankChecked<'R5'>(5);
/** A rank-6 tensor. @example tp.tensor6d([1, 2], [1, 1, 1, 1, 1, 2]).print(); */
export const tensor6d = rankChecked<'R6'>(6);
