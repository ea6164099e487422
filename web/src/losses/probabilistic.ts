// Probabilistic losses as Keras's functions: cross-entropies, Kullback-Leibler divergence and
// Poisson, one value per sample. Logits go through softplus / logSoftmax (no overflow for any
// finite logit); probabilities are clipped to [1e-7, 1 - 1e-7] as Keras does before the log.
import type { TensorLike } from '../convert.js';
import { add, div, mul, sub } from '../ops/binary.js';
import { oneHot } from '../ops/gather_scatter.js';
import { sum } from '../ops/reduction.js';
import { squeeze } from '../ops/shape.js';
import { logSoftmax } from '../ops/softmax.js';
import { clipByValue, log, neg, softplus } from '../ops/unary.js';
import { checkArg, namedTidy } from '../ops/op_helpers.js';
import type { Tensor } from '../tensor.js';
import { meanLastAxis } from './regression.js';
import { EPSILON, asFloat, asTensor, floatPair, squeezeOrExpandToSameRank } from './utils.js';

function normAxis(axis: number, rank: number, where: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`${where}: axis ${axis} is out of range for predictions of rank ${rank}`);
  return a;
}

function checkSameShape(t: Tensor, p: Tensor, where: string): void {
  if (t.rank !== p.rank || t.shape.some((d, i) => d !== p.shape[i]))
    throw new Error(`${where}: yTrue of shape [${t.shape.join(',')}] and yPred of shape [${p.shape.join(',')}] must have the same shape`);
}

/**
 * Binary cross-entropy per sample, averaged over `axis` (keras.losses.binary_crossentropy).
 * `fromLogits` reads yPred as logits (computed as softplus(x) - x·y, finite for any x);
 * `labelSmoothing` moves labels toward 0.5: y·(1 - s) + s/2.
 *
 * @example
 * const yTrue = tp.tensor([[0, 1], [0, 0]]);
 * tp.losses.binaryCrossentropy(yTrue, tp.tensor([[0.6, 0.4], [0.4, 0.6]])).print(); // [0.9162907, 0.7135582]
 * tp.losses.binaryCrossentropy(yTrue, tp.tensor([[100, -100], [0, 0]]), true).print(); // [100, 0.6931472]
 */
export function binaryCrossentropy(yTrue: TensorLike, yPred: TensorLike, fromLogits = false, labelSmoothing = 0, axis = -1): Tensor {
  checkArg(fromLogits, 'boolean', 'binaryCrossentropy', 'fromLogits');
  checkArg(labelSmoothing, 'number', 'binaryCrossentropy', 'labelSmoothing');
  checkArg(axis, 'integer', 'binaryCrossentropy', 'axis');
  return namedTidy('binaryCrossentropy', () => {
    let [t, p] = floatPair(yTrue, yPred);
    [t, p] = squeezeOrExpandToSameRank(t, p);
    if (labelSmoothing !== 0) t = add(mul(t, 1 - labelSmoothing), 0.5 * labelSmoothing);
    let perElement: Tensor;
    if (fromLogits) {
      perElement = sub(softplus(p), mul(p, t));
    } else {
      const q = clipByValue(p, EPSILON, 1 - EPSILON);
      perElement = neg(add(mul(t, log(q)), mul(sub(1, t), log(sub(1, q)))));
    }
    if (perElement.rank === 0) return perElement;
    return meanOverAxis(perElement, normAxis(axis, perElement.rank, 'binaryCrossentropy'));
  });
}

function meanOverAxis(x: Tensor, axis: number): Tensor {
  return axis === x.rank - 1 ? meanLastAxis(x) : div(sum(x, axis), x.shape[axis]!);
}

/**
 * Categorical cross-entropy per sample: -Σ yTrue·log(yPred) over `axis`, for one-hot (or soft)
 * labels (keras.losses.categorical_crossentropy). Probabilities are renormalised and clipped;
 * `fromLogits` uses logSoftmax; `labelSmoothing` gives y·(1 - s) + s/numClasses.
 *
 * @example
 * const yTrue = tp.tensor([[0, 1, 0], [0, 0, 1]]);
 * tp.losses.categoricalCrossentropy(yTrue, tp.tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]])).print(); // [0.0512933, 2.3025851]
 */
export function categoricalCrossentropy(yTrue: TensorLike, yPred: TensorLike, fromLogits = false, labelSmoothing = 0, axis = -1): Tensor {
  checkArg(fromLogits, 'boolean', 'categoricalCrossentropy', 'fromLogits');
  checkArg(labelSmoothing, 'number', 'categoricalCrossentropy', 'labelSmoothing');
  checkArg(axis, 'integer', 'categoricalCrossentropy', 'axis');
  return namedTidy('categoricalCrossentropy', () => {
    let [t, p] = floatPair(yTrue, yPred);
    checkSameShape(t, p, 'categoricalCrossentropy');
    const a = normAxis(axis, p.rank, 'categoricalCrossentropy');
    if (labelSmoothing !== 0) t = add(mul(t, 1 - labelSmoothing), labelSmoothing / p.shape[a]!);
    const logProbs = fromLogits ? logSoftmax(p, a) : log(clipByValue(div(p, sum(p, a, true)), EPSILON, 1 - EPSILON));
    return neg(sum(mul(t, logProbs), a));
  });
}

/**
 * Categorical cross-entropy for integer labels (keras.losses.sparse_categorical_crossentropy):
 * yTrue holds class indices of shape [b] (or [b, 1]), yPred [b, numClasses]. Probabilities are
 * clipped and their logs renormalised; `fromLogits` uses logSoftmax directly. A label outside
 * [0, numClasses) gives loss 0 (its one-hot row is empty).
 *
 * @example
 * tp.losses.sparseCategoricalCrossentropy(tp.tensor([1, 2]), tp.tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]])).print(); // [0.0512933, 2.3025851]
 */
export function sparseCategoricalCrossentropy(yTrue: TensorLike, yPred: TensorLike, fromLogits = false, axis = -1): Tensor {
  checkArg(fromLogits, 'boolean', 'sparseCategoricalCrossentropy', 'fromLogits');
  checkArg(axis, 'integer', 'sparseCategoricalCrossentropy', 'axis');
  return namedTidy('sparseCategoricalCrossentropy', () => {
    const p = asFloat(yPred);
    let t = asTensor(yTrue, 'int32');
    if (t.rank === p.rank && t.shape[t.rank - 1] === 1) t = squeeze(t, [-1]);
    const a = normAxis(axis, p.rank, 'sparseCategoricalCrossentropy');
    if (a !== p.rank - 1) throw new Error('sparseCategoricalCrossentropy: only the last axis (-1) can hold the classes');
    if (t.rank !== p.rank - 1 || t.shape.some((d, i) => d !== p.shape[i]))
      throw new Error(
        `sparseCategoricalCrossentropy: labels of shape [${t.shape.join(',')}] do not match predictions of shape [${p.shape.join(',')}] ` +
          '(expected the predictions\' shape without its last dimension, or with it as 1)',
      );
    const logProbs = logSoftmax(fromLogits ? p : log(clipByValue(p, EPSILON, 1 - EPSILON)), -1);
    // One-hot rows pick each sample's log-probability (a gather whose gradient is a plain product).
    return neg(sum(mul(oneHot(t, p.shape[a]!, 1, 0, p.dtype), logProbs), -1));
  });
}

/**
 * Kullback-Leibler divergence per sample: Σ yTrue·log(yTrue / yPred) over the last axis, both
 * clipped to [1e-7, 1] (keras.losses.kl_divergence).
 *
 * @example
 * tp.losses.klDivergence(tp.tensor([[0, 1]]), tp.tensor([[0.6, 0.4]])).print(); // [0.9162892]
 */
export function klDivergence(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return namedTidy('klDivergence', () => {
    const [t0, p0] = squeezeOrExpandToSameRank(...floatPair(yTrue, yPred));
    const t = clipByValue(t0, EPSILON, 1);
    const p = clipByValue(p0, EPSILON, 1);
    const terms = mul(t, log(div(t, p)));
    return terms.rank === 0 ? terms : sum(terms, -1);
  });
}

/**
 * Poisson loss per sample: mean(yPred - yTrue·log(yPred + 1e-7)) over the last axis
 * (keras.losses.poisson), for count data with yPred the predicted rate.
 *
 * @example
 * tp.losses.poisson(tp.tensor([[0, 1]]), tp.tensor([[1, 1]])).print(); // [0.9999999]
 */
export function poisson(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return namedTidy('poisson', () => {
    const [t, p] = squeezeOrExpandToSameRank(...floatPair(yTrue, yPred));
    return meanLastAxis(sub(p, mul(t, log(add(p, EPSILON)))));
  });
}
