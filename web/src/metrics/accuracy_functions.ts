// Accuracy functions (keras.metrics.*_accuracy and TF.js's tf.metrics ones): one value per
// sample, 1 where the prediction is right and 0 where it is wrong, averaged over the last axis
// where Keras does (accuracy, binaryAccuracy).
import type { TensorLike } from '../convert.js';
import { asFloat, asTensor, floatPair, squeezeOrExpandToSameRank } from '../losses/utils.js';
import { equal, greater, less, mul } from '../ops/binary.js';
import { oneHot } from '../ops/gather_scatter.js';
import { argMax, mean, sum } from '../ops/reduction.js';
import { expandDims, squeeze } from '../ops/shape.js';
import { cast } from '../ops/unary.js';
import { checkArg, namedTidy } from '../ops/op_helpers.js';
import type { Tensor } from '../tensor.js';
import { METRIC_FUNCTION_NAMES } from './reduction_metrics.js';

function meanLast(x: Tensor): Tensor {
  return x.rank === 0 ? x : mean(x, -1);
}

/**
 * 1 where yTrue equals yPred exactly, averaged over the last axis (keras.metrics.accuracy).
 *
 * @example
 * tp.metrics.accuracy(tp.tensor([[1], [2], [3], [4]]), tp.tensor([[0], [2], [3], [4]])).print(); // [0, 1, 1, 1]
 */
export function accuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return namedTidy('accuracy', () => {
    const [t, p] = squeezeOrExpandToSameRank(...floatPair(yTrue, yPred));
    return meanLast(cast(equal(t, p), 'float32'));
  });
}

/**
 * 1 where (yPred > threshold) matches the 0/1 label, averaged over the last axis
 * (keras.metrics.binary_accuracy, tf.metrics.binaryAccuracy).
 *
 * @example
 * tp.metrics.binaryAccuracy(tp.tensor([[1], [1], [0], [0]]), tp.tensor([[0.98], [1], [0], [0.6]])).print(); // [1, 1, 1, 0]
 */
export function binaryAccuracy(yTrue: TensorLike, yPred: TensorLike, threshold = 0.5): Tensor {
  checkArg(threshold, 'number', 'binaryAccuracy', 'threshold');
  return namedTidy('binaryAccuracy', () => {
    const [t, p] = squeezeOrExpandToSameRank(...floatPair(yTrue, yPred));
    return meanLast(cast(equal(t, cast(greater(p, threshold), t.dtype)), 'float32'));
  });
}

/**
 * 1 where the largest prediction is at the one-hot label's position (keras.metrics.
 * categorical_accuracy, tf.metrics.categoricalAccuracy); one value per sample.
 *
 * @example
 * tp.metrics.categoricalAccuracy(tp.tensor([[0, 0, 1], [0, 1, 0]]), tp.tensor([[0.1, 0.9, 0.8], [0.05, 0.95, 0]])).print(); // [0, 1]
 */
export function categoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return namedTidy('categoricalAccuracy', () => {
    const [t, p] = floatPair(yTrue, yPred);
    return cast(equal(argMax(t, -1), argMax(p, -1)), 'float32');
  });
}

function sparseLabels(yTrue: TensorLike, p: Tensor): Tensor {
  let t = asTensor(yTrue, 'int32');
  if (t.rank === p.rank && t.shape[t.rank - 1] === 1) t = squeeze(t, [-1]);
  return t;
}

/**
 * 1 where the largest prediction is at the integer label (keras.metrics.
 * sparse_categorical_accuracy, tf.metrics.sparseCategoricalAccuracy); labels [b] or [b, 1].
 *
 * @example
 * tp.metrics.sparseCategoricalAccuracy(tp.tensor([[2], [1]]), tp.tensor([[0.1, 0.6, 0.3], [0.05, 0.95, 0]])).print(); // [0, 1]
 */
export function sparseCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return namedTidy('sparseCategoricalAccuracy', () => {
    const p = asFloat(yPred);
    return cast(equal(sparseLabels(yTrue, p), argMax(p, -1)), 'float32');
  });
}

// TF's in_top_k: the target is in the top k when fewer than k classes score strictly higher
// (so ties at the boundary count as in, as TF documents).
function inTopK(p: Tensor, target: Tensor, k: number): Tensor {
  const targetScore = sum(mul(oneHot(target, p.shape[p.rank - 1]!, 1, 0, p.dtype), p), -1);
  const higher = sum(cast(greater(p, expandDims(targetScore, -1)), 'float32'), -1);
  return cast(less(higher, k), 'float32');
}

/**
 * 1 where the one-hot label's class is among the k highest predictions (keras.metrics.
 * top_k_categorical_accuracy, k = 5 by default).
 *
 * @example
 * tp.metrics.topKCategoricalAccuracy(tp.tensor([[0, 0, 1], [0, 1, 0]]), tp.tensor([[0.1, 0.9, 0.8], [0.05, 0.95, 0]]), 1).print(); // [0, 1]
 */
export function topKCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike, k = 5): Tensor {
  checkArg(k, 'integer', 'topKCategoricalAccuracy', 'k');
  return namedTidy('topKCategoricalAccuracy', () => {
    const [t, p] = floatPair(yTrue, yPred);
    return inTopK(p, argMax(t, -1), k);
  });
}

/**
 * 1 where the integer label's class is among the k highest predictions (keras.metrics.
 * sparse_top_k_categorical_accuracy, k = 5 by default).
 *
 * @example
 * tp.metrics.sparseTopKCategoricalAccuracy(tp.tensor([2, 1]), tp.tensor([[0.1, 0.9, 0.8], [0.05, 0.95, 0]]), 2).print(); // [1, 1]
 */
export function sparseTopKCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike, k = 5): Tensor {
  checkArg(k, 'integer', 'sparseTopKCategoricalAccuracy', 'k');
  return namedTidy('sparseTopKCategoricalAccuracy', () => {
    const p = asFloat(yPred);
    return inTopK(p, sparseLabels(yTrue, p), k);
  });
}

METRIC_FUNCTION_NAMES.set(accuracy, 'accuracy');
METRIC_FUNCTION_NAMES.set(binaryAccuracy, 'binary_accuracy');
METRIC_FUNCTION_NAMES.set(categoricalAccuracy, 'categorical_accuracy');
METRIC_FUNCTION_NAMES.set(sparseCategoricalAccuracy, 'sparse_categorical_accuracy');
METRIC_FUNCTION_NAMES.set(topKCategoricalAccuracy, 'top_k_categorical_accuracy');
METRIC_FUNCTION_NAMES.set(sparseTopKCategoricalAccuracy, 'sparse_top_k_categorical_accuracy');
