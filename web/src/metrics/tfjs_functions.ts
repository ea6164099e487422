// TF.js's stateless metric functions that are not Keras accuracy/loss functions: precision and
// recall of 0/1 predictions over a whole batch, and cosineProximity.
import type { TensorLike } from '../convert.js';
import { floatPair } from '../losses/utils.js';
import { add, div, equal, greater, logicalAnd, maximum, mul, where } from '../ops/binary.js';
import { sum } from '../ops/reduction.js';
import { cast, neg, sqrt, square } from '../ops/unary.js';
import { namedTidy } from '../ops/op_helpers.js';
import type { Tensor } from '../tensor.js';
import { EPSILON } from '../losses/utils.js';

function countWhere(yTrue: Tensor, yPred: Tensor, label: number, pred: number): Tensor {
  return sum(cast(logicalAnd(equal(yTrue, label), equal(yPred, pred)), 'float32'));
}

/**
 * Precision of binary (0/1) predictions over the whole batch, as tf.metrics.precision: a scalar
 * tp / (tp + fp), 0 when nothing is predicted positive. Predictions are compared with 1 exactly
 * (threshold probabilities first; the streaming tp.metrics.Precision thresholds for you).
 *
 * @example
 * tp.metrics.precision(tp.tensor([0, 1, 1, 1]), tp.tensor([1, 0, 1, 1])).print(); // 0.6666667
 */
export function precision(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return namedTidy('precision', () => {
    const [t, p] = floatPair(yTrue, yPred);
    const tp = countWhere(t, p, 1, 1);
    const denominator = add(tp, countWhere(t, p, 0, 1));
    return where(greater(denominator, 0), div(tp, maximum(denominator, 1e-30)), 0);
  });
}

/**
 * Recall of binary (0/1) predictions over the whole batch, as tf.metrics.recall: a scalar
 * tp / (tp + fn), 0 when there are no positive labels.
 *
 * @example
 * tp.metrics.recall(tp.tensor([0, 1, 1, 1]), tp.tensor([1, 0, 1, 1])).print(); // 0.6666667
 */
export function recall(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return namedTidy('recall', () => {
    const [t, p] = floatPair(yTrue, yPred);
    const tp = countWhere(t, p, 1, 1);
    const denominator = add(tp, countWhere(t, p, 1, 0));
    return where(greater(denominator, 0), div(tp, maximum(denominator, 1e-30)), 0);
  });
}

// TF.js's l2Normalize: x / sqrt(max(Σx², ε)) with ε = 1e-7.
function l2NormalizeTfjs(x: Tensor): Tensor {
  return div(x, sqrt(maximum(sum(square(x), -1, true), EPSILON)));
}

/**
 * Negative cosine similarity over the last axis, per sample (tf.metrics.cosineProximity).
 *
 * @example
 * tp.metrics.cosineProximity(tp.tensor([[1, 0], [1, 0]]), tp.tensor([[2, 0], [0, 3]])).print(); // [-1, 0]
 */
export function cosineProximity(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return namedTidy('cosineProximity', () => {
    const [t, p] = floatPair(yTrue, yPred);
    return neg(sum(mul(l2NormalizeTfjs(t), l2NormalizeTfjs(p)), -1));
  });
}
