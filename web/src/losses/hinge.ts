// Hinge losses as Keras's functions (maximum-margin classification), one value per sample.
import type { TensorLike } from '../convert.js';
import { add, equal, logicalOr, maximum, mul, sub, where } from '../ops/binary.js';
import { all, max, sum } from '../ops/reduction.js';
import { square } from '../ops/unary.js';
import { namedTidy } from '../ops/op_helpers.js';
import type { Tensor } from '../tensor.js';
import { meanLastAxis } from './regression.js';
import { floatPair, squeezeOrExpandToSameRank } from './utils.js';

// Keras converts {0, 1} labels to {-1, 1}; the test is on values, so it is a tensor select.
function hingeLabels(t: Tensor): Tensor {
  const binary = all(logicalOr(equal(t, 0), equal(t, 1)));
  return where(binary, sub(mul(t, 2), 1), t);
}

function margins(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = squeezeOrExpandToSameRank(...floatPair(yTrue, yPred));
  return maximum(sub(1, mul(hingeLabels(t), p)), 0);
}

/**
 * mean(max(1 - yTrue·yPred, 0)) over the last axis (keras.losses.hinge). Labels are -1/1;
 * labels given as 0/1 are converted.
 *
 * @example
 * tp.losses.hinge(tp.tensor([[0, 1], [0, 0]]), tp.tensor([[0.6, 0.4], [0.4, 0.6]])).print(); // [1.1, 1.5]
 */
export function hinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return namedTidy('hinge', () => meanLastAxis(margins(yTrue, yPred)));
}

/**
 * mean(max(1 - yTrue·yPred, 0)²) over the last axis (keras.losses.squared_hinge); 0/1 labels
 * are converted to -1/1.
 *
 * @example
 * tp.losses.squaredHinge(tp.tensor([[0, 1], [0, 0]]), tp.tensor([[0.6, 0.4], [0.4, 0.6]])).print(); // [1.46, 2.26]
 */
export function squaredHinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return namedTidy('squaredHinge', () => meanLastAxis(square(margins(yTrue, yPred))));
}

/**
 * max(max((1 - yTrue)·yPred) - Σ yTrue·yPred + 1, 0) over the last axis, for one-hot labels
 * (keras.losses.categorical_hinge).
 *
 * @example
 * tp.losses.categoricalHinge(tp.tensor([[0, 1]]), tp.tensor([[0.6, 0.4]])).print(); // [1.2]
 */
export function categoricalHinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return namedTidy('categoricalHinge', () => {
    const [t, p] = floatPair(yTrue, yPred);
    const pos = sum(mul(t, p), -1);
    const neg = max(mul(sub(1, t), p), -1);
    return maximum(add(sub(neg, pos), 1), 0);
  });
}
