// Regression losses as Keras's functions: per-sample values, the mean over the last axis
// (yTrue [b, k], yPred [b, k] -> [b]). Labels are cast to the predictions' dtype and aligned
// with Keras's squeeze-or-expand rule, so [b] labels meet [b, 1] predictions.
import type { TensorLike } from '../convert.js';
import { add, div, lessEqual, maximum, mul, sub, where } from '../ops/binary.js';
import { mean, sum } from '../ops/reduction.js';
import { abs, log1p, neg, softplus, square } from '../ops/unary.js';
import { checkArg, namedTidy } from '../ops/op_helpers.js';
import type { Tensor } from '../tensor.js';
import { EPSILON, floatPair, l2Normalize, squeezeOrExpandToSameRank } from './utils.js';

/** A loss function: labels and predictions in, per-sample losses out. */
export type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** @internal The mean over the last axis (a scalar stays a scalar). */
export function meanLastAxis(x: Tensor): Tensor {
  return x.rank === 0 ? x : mean(x, -1);
}

function aligned(yTrue: TensorLike, yPred: TensorLike): [Tensor, Tensor] {
  const [t, p] = floatPair(yTrue, yPred);
  return squeezeOrExpandToSameRank(t, p);
}

/**
 * mean((yPred - yTrue)², axis -1): one loss per sample (keras.losses.mean_squared_error).
 *
 * @example
 * tp.losses.meanSquaredError(tp.tensor([[0, 1], [0, 0]]), tp.tensor([[1, 1], [1, 0]])).print(); // [0.5, 0.5]
 */
export function meanSquaredError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return namedTidy('meanSquaredError', () => {
    const [t, p] = aligned(yTrue, yPred);
    return meanLastAxis(square(sub(p, t)));
  });
}

/**
 * mean(|yPred - yTrue|, axis -1) per sample (keras.losses.mean_absolute_error).
 *
 * @example
 * tp.losses.meanAbsoluteError(tp.tensor([[0, 1], [0, 0]]), tp.tensor([[1, 1], [1, 0]])).print(); // [0.5, 0.5]
 */
export function meanAbsoluteError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return namedTidy('meanAbsoluteError', () => {
    const [t, p] = aligned(yTrue, yPred);
    return meanLastAxis(abs(sub(p, t)));
  });
}

/**
 * 100 · mean(|yTrue - yPred| / max(|yTrue|, 1e-7), axis -1) per sample
 * (keras.losses.mean_absolute_percentage_error).
 *
 * @example
 * tp.losses.meanAbsolutePercentageError(tp.tensor([[2, 1], [2, 3]]), tp.tensor([[1, 1], [1, 0]])).print(); // [25, 75]
 */
export function meanAbsolutePercentageError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return namedTidy('meanAbsolutePercentageError', () => {
    const [t, p] = aligned(yTrue, yPred);
    return mul(meanLastAxis(abs(div(sub(t, p), maximum(abs(t), EPSILON)))), 100);
  });
}

/**
 * mean((log(1 + max(yPred, ε)) - log(1 + max(yTrue, ε)))², axis -1) per sample
 * (keras.losses.mean_squared_logarithmic_error).
 *
 * @example
 * tp.losses.meanSquaredLogarithmicError(tp.tensor([[0, 1]]), tp.tensor([[1, 1]])).print(); // [0.2402265]
 */
export function meanSquaredLogarithmicError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return namedTidy('meanSquaredLogarithmicError', () => {
    const [t, p] = aligned(yTrue, yPred);
    return meanLastAxis(square(sub(log1p(maximum(p, EPSILON)), log1p(maximum(t, EPSILON)))));
  });
}

/**
 * The Huber loss per sample: ½e² where |e| <= delta, else delta·|e| - ½delta², averaged over the
 * last axis (keras.losses.huber; e = yPred - yTrue). Quadratic near 0, linear for outliers.
 *
 * @example
 * tp.losses.huber(tp.tensor([[0, 1], [0, 0]]), tp.tensor([[0.6, 0.4], [0.4, 0.6]])).print(); // [0.18, 0.13]
 */
export function huber(yTrue: TensorLike, yPred: TensorLike, delta = 1): Tensor {
  checkArg(delta, 'number', 'huber', 'delta');
  return namedTidy('huber', () => {
    const [t, p] = aligned(yTrue, yPred);
    const error = sub(p, t);
    const absError = abs(error);
    const quadratic = mul(square(error), 0.5);
    const linear = sub(mul(absError, delta), 0.5 * delta * delta);
    return meanLastAxis(where(lessEqual(absError, delta), quadratic, linear));
  });
}

/**
 * mean(log(cosh(yPred - yTrue)), axis -1) per sample (keras.losses.log_cosh), computed as
 * x + softplus(-2x) - log 2 so large errors do not overflow cosh.
 *
 * @example
 * tp.losses.logCosh(tp.tensor([[0, 1], [0, 0]]), tp.tensor([[1, 1], [0, 0]])).print(); // [0.2168904, 0]
 */
export function logCosh(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return namedTidy('logCosh', () => {
    const [t, p] = aligned(yTrue, yPred);
    const x = sub(p, t);
    return meanLastAxis(sub(add(x, softplus(mul(x, -2))), Math.LN2));
  });
}

/**
 * Negative cosine similarity along `axis` (keras.losses.cosine_similarity): -1 for vectors
 * pointing the same way, 0 for orthogonal ones, 0 when either is all zeros.
 *
 * @example
 * tp.losses.cosineSimilarity(tp.tensor([[0, 1], [1, 1]]), tp.tensor([[1, 0], [1, 1]])).print(); // [0, -1]
 */
export function cosineSimilarity(yTrue: TensorLike, yPred: TensorLike, axis = -1): Tensor {
  checkArg(axis, 'integer', 'cosineSimilarity', 'axis');
  return namedTidy('cosineSimilarity', () => {
    const [t, p] = aligned(yTrue, yPred);
    return neg(sum(mul(l2Normalize(t, axis), l2Normalize(p, axis)), axis));
  });
}
