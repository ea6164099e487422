// Reductions over axes (core/ops/reduction.cpp), with TF.js names and TF's reduce* aliases.
// `axis` is a number or list (negative counts from the end); left out, every axis is reduced.
import type { TensorLike } from '../convert.js';
import { tidy } from '../memory.js';
import { Tensor } from '../tensor.js';
import { axisList, callOp1 } from './op_helpers.js';

/** Axes to reduce: one axis, a list, or null/undefined for all axes. */
export type Axis = number | readonly number[] | null;

function reduceOp(name: string, dtype?: 'bool'): (x: TensorLike, axis?: Axis, keepDims?: boolean) => Tensor {
  // A tensor-like input of any/all is read as bool, as TF.js converts it.
  return (x, axis = null, keepDims = false) => callOp1(name, [x], { axis: axisList(axis, name), keepDims }, dtype && [dtype]);
}

/** `f` of x, with a bool tensor first cast to `to` (TF.js's reductions of bool tensors). */
function boolAs(x: TensorLike, to: 'int32' | 'float32', f: (x: TensorLike) => Tensor): Tensor {
  if (!(x instanceof Tensor) || x.dtype !== 'bool') return f(x);
  return tidy(() => f(callOp1('cast', [x], { dtype: to })));
}

/**
 * Sum over `axis` (all axes by default); a bool tensor counts its trues as int32 (as TF.js).
 *
 * @example
 * tp.sum(tp.tensor([[1, 2], [3, 4]]), 1).print(); // [3, 7]
 * tp.sum(tp.tensor([true, false, true])).print(); // 2
 */
export function sum(x: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  const axes = axisList(axis, 'sum');
  return boolAs(x, 'int32', (v) => callOp1('sum', [v], { axis: axes, keepDims }));
}
const meanOp = reduceOp('mean');
/** Mean over `axis`; of a bool tensor, the float32 fraction of trues (as TF.js). @example tp.mean(tp.tensor([[1, 2], [3, 4]])).print(); // 2.5 */
export function mean(x: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  return boolAs(x, 'float32', (v) => meanOp(v, axis, keepDims));
}
/** Maximum over `axis`. @example tp.max(tp.tensor([[1, 5], [3, 4]]), 0).print(); // [3, 5] */
export const max = reduceOp('max');
/** Minimum over `axis`. @example tp.min(tp.tensor([[1, 5], [3, 4]]), 0).print(); // [1, 4] */
export const min = reduceOp('min');
const prodOp = reduceOp('prod');
/** Product over `axis`; of a bool tensor, int32 (as TF.js). @example tp.prod(tp.tensor([1, 2, 3, 4])).print(); // 24 */
export function prod(x: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  return boolAs(x, 'int32', (v) => prodOp(v, axis, keepDims));
}
/** log(sum(exp(x))) over `axis`, computed stably. @example tp.logSumExp(tp.tensor([0, 0])).print(); // 0.6931472 */
export const logSumExp = reduceOp('logSumExp');
/** Logical OR over `axis` of a bool tensor. @example tp.any(tp.tensor([false, true])).print(); // true */
export const any = reduceOp('any', 'bool');
/** Logical AND over `axis` of a bool tensor. @example tp.all(tp.tensor([false, true])).print(); // false */
export const all = reduceOp('all', 'bool');

/** TF's name for `sum`. @example tp.reduceSum(tp.tensor([1, 2, 3])).print(); // 6 */
export const reduceSum = sum;
/** TF's name for `mean`. @example tp.reduceMean(tp.tensor([1, 2, 3])).print(); // 2 */
export const reduceMean = mean;
/** TF's name for `max`. @example tp.reduceMax(tp.tensor([1, 2, 3])).print(); // 3 */
export const reduceMax = max;
/** TF's name for `min`. @example tp.reduceMin(tp.tensor([1, 2, 3])).print(); // 1 */
export const reduceMin = min;
/** TF's name for `prod`. @example tp.reduceProd(tp.tensor([1, 2, 3])).print(); // 6 */
export const reduceProd = prod;
/** TF's name for `logSumExp`. @example tp.reduceLogSumExp(tp.tensor([0, 0])).print(); // 0.6931472 */
export const reduceLogSumExp = logSumExp;
/** TF's name for `any`. @example tp.reduceAny(tp.tensor([false, true])).print(); // true */
export const reduceAny = any;
/** TF's name for `all`. @example tp.reduceAll(tp.tensor([false, true])).print(); // false */
export const reduceAll = all;

/**
 * Index of the largest value along `axis` (int32; the first one on ties). NaN is skipped (0 when
 * every value is NaN); a bool tensor counts true as 1.
 *
 * @example
 * tp.argMax(tp.tensor([[1, 9], [7, 2]]), 1).print(); // [1, 0]
 */
export function argMax(x: TensorLike, axis = 0): Tensor {
  return boolAs(x, 'int32', (v) => callOp1('argMax', [v], { axis }));
}

/**
 * Index of the smallest value along `axis` (int32; the first one on ties). NaN is skipped (0 when
 * every value is NaN); a bool tensor counts true as 1.
 *
 * @example
 * tp.argMin(tp.tensor([[1, 9], [7, 2]]), 1).print(); // [0, 1]
 */
export function argMin(x: TensorLike, axis = 0): Tensor {
  return boolAs(x, 'int32', (v) => callOp1('argMin', [v], { axis }));
}
