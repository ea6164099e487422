// Layout ops (core/ops/shape.cpp). All are views of the input's storage except clone.
import type { TensorLike } from '../convert.js';
import type { Tensor } from '../tensor.js';
import { axisList, callOp1, named } from './op_helpers.js';

/**
 * Same values in a new shape (row-major); one dimension may be -1 and is inferred.
 *
 * @example
 * tp.reshape(tp.tensor([1, 2, 3, 4, 5, 6]), [2, -1]).print(); // [[1, 2, 3], [4, 5, 6]]
 */
export function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  return callOp1('reshape', [x], { shape });
}

/**
 * Permutes the axes (reverses them when `perm` is left out).
 *
 * @example
 * tp.transpose(tp.tensor([[1, 2, 3], [4, 5, 6]])).print(); // [[1, 4], [2, 5], [3, 6]]
 */
export function transpose(x: TensorLike, perm?: readonly number[]): Tensor {
  return callOp1('transpose', [x], { perm: perm ?? [] });
}

/**
 * Inserts a dimension of size 1 at `axis`.
 *
 * @example
 * console.log(tp.expandDims(tp.tensor([1, 2]), 1).shape); // [2, 1]
 */
export function expandDims(x: TensorLike, axis = 0): Tensor {
  return callOp1('expandDims', [x], { axis });
}

/**
 * Removes size-1 dimensions: those listed in `axis`, or all of them.
 *
 * @example
 * console.log(tp.squeeze(tp.zeros([1, 3, 1])).shape); // [3]
 */
export function squeeze(x: TensorLike, axis?: number | readonly number[]): Tensor {
  return callOp1('squeeze', [x], { axis: axisList(axis, 'squeeze') });
}

/**
 * Broadcasts to `shape` (NumPy rules) without copying.
 *
 * @example
 * tp.broadcastTo(tp.tensor([1, 2]), [2, 2]).print(); // [[1, 2], [1, 2]]
 */
export function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  return callOp1('broadcastTo', [x], { shape });
}

/**
 * Reverses the order of elements along `axis` (all axes when left out).
 *
 * @example
 * tp.reverse(tp.tensor([1, 2, 3])).print(); // [3, 2, 1]
 */
export function reverse(x: TensorLike, axis?: number | readonly number[]): Tensor {
  return callOp1('reverse', [x], { axis: axisList(axis, 'reverse') });
}

/**
 * A copy with its own storage (the op table's `copy`).
 *
 * @example
 * tp.clone(tp.tensor([1, 2])).print(); // [1, 2]
 */
export function clone(x: TensorLike): Tensor {
  return named('clone', () => callOp1('copy', [x]));
}

/**
 * The values as a 1-D tensor (a view when possible).
 *
 * @example
 * tp.flatten(tp.tensor([[1, 2], [3, 4]])).print(); // [1, 2, 3, 4]
 */
export function flatten(x: TensorLike): Tensor {
  return named('flatten', () => reshape(x, [-1]));
}

/**
 * The same values treated as a constant by gradients: nothing flows back through it.
 *
 * @example
 * tp.stopGradient(tp.tensor([1, 2])).print(); // [1, 2]
 */
export function stopGradient(x: TensorLike): Tensor {
  return callOp1('stopGradient', [x]);
}
