// Plumbing shared by losses and metrics: Keras's epsilon, argument conversion, Keras's rank
// alignment of labels/predictions/weights and the weighted reduction of Loss.apply. Everything
// here is tensor ops only (static shapes may steer JS, values never), so it traces.
import type { TensorLike } from '../convert.js';
import type { DType } from '../dtype.js';
import { div, equal, maximum, mul, where } from '../ops/binary.js';
import { sum } from '../ops/reduction.js';
import { broadcastTo, expandDims, squeeze } from '../ops/shape.js';
import { tensor, scalar } from '../ops/tensor_from_values.js';
import { cast, sqrt, square } from '../ops/unary.js';
import { Tensor } from '../tensor.js';

/** Keras's fuzz factor `keras.backend.epsilon()`: clips probabilities and guards divisions. */
export const EPSILON = 1e-7;

/** @internal `x` as a tensor of `dtype` (arrays are converted; tensors cast when the dtype differs). */
export function asTensor(x: TensorLike, dtype?: DType): Tensor {
  if (x instanceof Tensor) {
    x.throwIfDisposed('losses');
    return dtype !== undefined && x.dtype !== dtype ? cast(x, dtype) : x;
  }
  return tensor(x, undefined, dtype ?? 'float32');
}

/** @internal `x` as a floating tensor: float32/float64 tensors stay, others become float32. */
export function asFloat(x: TensorLike): Tensor {
  if (x instanceof Tensor) return asTensor(x, x.dtype === 'float64' ? 'float64' : 'float32');
  return asTensor(x, 'float32');
}

/** @internal yPred as a float tensor and yTrue converted to its dtype, the first step of every loss. */
export function floatPair(yTrue: TensorLike, yPred: TensorLike): [Tensor, Tensor] {
  const p = asFloat(yPred);
  return [asTensor(yTrue, p.dtype), p];
}

function shapeText(t: Tensor): string {
  return `[${t.shape.join(',')}]`;
}

/**
 * @internal Keras's `squeeze_or_expand_to_same_rank`: when the ranks differ by one and the longer
 * ends in a dimension of 1, that dimension is squeezed (or, for a rank-1 partner, the partner is
 * expanded), so labels [b] meet predictions [b, 1] as [b, 1] and [b, 1].
 */
export function squeezeOrExpandToSameRank(a: Tensor, b: Tensor, expandRank1 = true): [Tensor, Tensor] {
  if (a.rank === b.rank) return [a, b];
  if (a.rank === b.rank + 1 && a.shape[a.rank - 1] === 1) {
    return b.rank === 1 && expandRank1 ? [a, expandDims(b, -1)] : [squeeze(a, [-1]), b];
  }
  if (b.rank === a.rank + 1 && b.shape[b.rank - 1] === 1) {
    return a.rank === 1 && expandRank1 ? [expandDims(a, -1), b] : [a, squeeze(b, [-1])];
  }
  return [a, b];
}

/** @internal a / b, and 0 where b is 0 (tf.math.divide_no_nan): an empty metric reads 0. */
export function divNoNan(a: TensorLike, b: Tensor): Tensor {
  return where(equal(b, 0), 0, div(a, b));
}

/** @internal x / max(‖x‖, √epsilon) along `axis` (tf.math.l2_normalize, epsilon 1e-12 on the squared norm). */
export function l2Normalize(x: Tensor, axis = -1, epsilon = 1e-12): Tensor {
  return div(x, sqrt(maximum(sum(square(x), axis, true), epsilon)));
}

/** How Loss.apply reduces the weighted per-sample losses (Keras's `reduction`). */
export type Reduction = 'sum_over_batch_size' | 'sum' | 'none' | 'mean' | 'mean_with_sample_weight';

export const REDUCTIONS: readonly Reduction[] = ['sum_over_batch_size', 'sum', 'none', 'mean', 'mean_with_sample_weight'];

/**
 * @internal Aligns sample weights with per-sample values as Keras does (squeeze/expand a trailing 1,
 * then add trailing axes so [b] weights scale [b, t] values), naming `where` in errors.
 */
export function alignSampleWeight(values: Tensor, sampleWeight: TensorLike, where: string): [Tensor, Tensor] {
  let sw = asTensor(sampleWeight, values.dtype);
  let v = values;
  [v, sw] = squeezeOrExpandToSameRank(v, sw);
  while (sw.rank < v.rank) sw = expandDims(sw, -1);
  const ok =
    sw.rank <= v.rank &&
    sw.shape.every((d, i) => {
      const o = v.shape[v.rank - sw.rank + i]!;
      return d === o || d === 1 || o === 1;
    });
  if (!ok)
    throw new Error(`${where}: sampleWeight of shape ${shapeText(sw)} does not broadcast against the per-sample values of shape ${shapeText(v)}`);
  return [v, sw];
}

/**
 * @internal Keras's `reduce_weighted_values`: values times sample weights, then summed ('sum'),
 * averaged over the number of values ('sum_over_batch_size' / 'mean', 0 when empty), averaged over
 * the weights ('mean_with_sample_weight'), or returned as they are ('none', and scalars).
 */
export function reduceWeightedValues(values: Tensor, sampleWeight: TensorLike | null | undefined, reduction: Reduction, where: string): Tensor {
  let v = values;
  let sw: Tensor | null = null;
  if (sampleWeight !== null && sampleWeight !== undefined) {
    [v, sw] = alignSampleWeight(v, sampleWeight, where);
    v = mul(v, sw);
  }
  if (reduction === 'none' || v.rank === 0) return v;
  const total = sum(v);
  if (reduction === 'sum') return total;
  if (reduction === 'mean_with_sample_weight' && sw !== null) return divNoNan(total, sum(broadcastTo(sw, v.shape)));
  return v.size === 0 ? scalar(0, v.dtype) : div(total, v.size);
}
