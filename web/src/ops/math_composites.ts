// TF.js ops that are one line over primitives; intermediates are freed by tidy.
import type { TensorLike } from '../convert.js';
import { tidy } from '../memory.js';
import { Tensor } from '../tensor.js';
import { add, mul, pow, sub } from './binary.js';
import { axisList, named, tensorList } from './op_helpers.js';
import { max, mean, min, sum, type Axis } from './reduction.js';
import { abs, cast, neg, softplus, sqrt, square } from './unary.js';
import { squeeze } from './shape.js';

/**
 * (a - b)², elementwise with broadcasting.
 *
 * @example
 * tp.squaredDifference(tp.tensor([1, 5]), tp.tensor([3, 2])).print(); // [4, 9]
 */
export function squaredDifference(a: TensorLike, b: TensorLike): Tensor {
  return named('squaredDifference', () => tidy(() => square(sub(a, b))));
}

/**
 * Sum of tensors of the same shape and dtype.
 *
 * @example
 * tp.addN([tp.tensor([1, 2]), tp.tensor([3, 4]), tp.tensor([5, 6])]).print(); // [9, 12]
 */
export function addN(tensors: readonly TensorLike[]): Tensor {
  tensorList(tensors, 'addN');
  // As TF.js: no broadcasting among the summands.
  const shapes = tensors.map((t) => (t instanceof Tensor ? t.shape : null));
  const first = shapes.find((s) => s !== null);
  if (first) {
    const bad = shapes.findIndex((s) => s !== null && s.join(',') !== first.join(','));
    if (bad >= 0) throw new Error(`addN: all tensors must have the same shape; tensor ${bad} has shape [${shapes[bad]!.join(',')}], expected [${first.join(',')}]`);
  }
  return named('addN', () => tidy(() => tensors.slice(1).reduce<Tensor>((acc, t) => add(acc, t), mul(tensors[0]!, 1))));
}

/**
 * log(sigmoid(x)) = -softplus(-x), without overflow.
 *
 * @example
 * tp.logSigmoid(tp.tensor([0])).print(); // [-0.6931472]
 */
export function logSigmoid(x: TensorLike): Tensor {
  return named('logSigmoid', () => tidy(() => neg(softplus(neg(x)))));
}

/**
 * Mean and variance over `axis` (all axes by default).
 *
 * @example
 * const { mean, variance } = tp.moments(tp.tensor([1, 2, 3, 4]));
 * mean.print(); // 2.5
 * variance.print(); // 1.25
 */
export function moments(x: TensorLike, axis: Axis = null, keepDims = false): { mean: Tensor; variance: Tensor } {
  return named('moments', () => tidy(() => {
    // int32 and bool statistics are float32, as TF.js (an integer mean would truncate).
    if (x instanceof Tensor && (x.dtype === 'int32' || x.dtype === 'bool')) x = cast(x, 'float32');
    const m = mean(x, axis, true);
    const variance = mean(square(sub(x, m)), axis, keepDims);
    return { mean: keepDims ? m : mean(x, axis, false), variance };
  }));
}

/** Norm orders: 'euclidean' (= 2 for vectors, Frobenius for matrices), 'fro', 1, 2, Infinity, -Infinity, or any p > 0 for vectors. */
export type NormOrder = number | 'euclidean' | 'fro';

/**
 * Vector norm over `axis` (one axis, or all when left out), or matrix norm over two axes
 * ('fro'/'euclidean', 1: max column sum, Infinity: max row sum, -1 / -Infinity: the minima).
 *
 * @example
 * tp.norm(tp.tensor([3, 4])).print(); // 5
 * tp.norm(tp.tensor([[1, -2], [3, 4]]), 1, [0, 1]).print(); // 6
 */
export function norm(x: TensorLike, ord: NormOrder = 'euclidean', axis: Axis = null, keepDims = false): Tensor {
  const axes = axisList(axis, 'norm');
  return named('norm', () => tidy(() => {
    if (axes.length === 2) {
      const [a, b] = axes as [number, number];
      let r: Tensor;
      if (ord === 'fro' || ord === 'euclidean') r = sqrt(sum(square(x), axes, true));
      else if (ord === 1 || ord === -1) r = (ord === 1 ? max : min)(sum(abs(x), a, true), b, true);
      else if (ord === Infinity || ord === -Infinity) r = (ord === Infinity ? max : min)(sum(abs(x), b, true), a, true);
      else throw new Error(`norm: order ${String(ord)} is not supported for matrices (use 'fro', 1, -1, Infinity or -Infinity)`);
      return keepDims ? r : squeeze(r, axes);
    }
    if (axes.length > 2) throw new Error(`norm: axis must name one or two axes, got [${axes.join(',')}]`);
    if (ord === 'euclidean' || ord === 2 || (ord === 'fro' && axes.length === 0)) return sqrt(sum(square(x), axis, keepDims));
    if (ord === 1) return sum(abs(x), axis, keepDims);
    if (ord === Infinity) return max(abs(x), axis, keepDims);
    if (ord === -Infinity) return min(abs(x), axis, keepDims);
    if (typeof ord === 'number' && ord > 0) return pow(sum(pow(abs(x), ord), axis, keepDims), 1 / ord);
    throw new Error(`norm: order ${String(ord)} is not supported for vectors`);
  }));
}
