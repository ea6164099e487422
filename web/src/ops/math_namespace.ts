// tp.math: TF.js's tf.math namespace (confusionMatrix).
import type { TensorLike } from '../convert.js';
import type { Tensor } from '../tensor.js';
import { oneHot } from './gather_scatter.js';
import { matMul } from './linalg.js';
import { checkArg, namedTidy, withTensor } from './op_helpers.js';
import { cast } from './unary.js';

/**
 * The confusion matrix of integer class labels and predictions (vectors of one length): entry
 * [r, c] counts the examples of class r predicted as class c, as int32 [numClasses, numClasses].
 * Labels are truncated to integers; a class outside [0, numClasses) is not counted, as TF.js.
 *
 * @example
 * tp.math.confusionMatrix([0, 1, 2, 1, 0], [0, 2, 2, 1, 0], 3).print(); // [[2, 0, 0], [0, 1, 1], [0, 0, 1]]
 */
export function confusionMatrix(labels: TensorLike, predictions: TensorLike, numClasses: number): Tensor {
  const op = 'confusionMatrix';
  checkArg(numClasses, 'integer', op, 'numClasses');
  if (numClasses < 1) throw new Error(`${op}: numClasses must be a positive integer, got ${numClasses}`);
  return withTensor(labels, op, (l) =>
    withTensor(predictions, op, (p) => {
      if (l.rank !== 1 || p.rank !== 1 || l.shape[0] !== p.shape[0])
        throw new Error(`${op}: labels [${l.shape.join(',')}] and predictions [${p.shape.join(',')}] must be vectors of one length`);
      if (l.dtype === 'bool' || p.dtype === 'bool') throw new Error(`${op}: labels and predictions must be numeric, got ${l.dtype} and ${p.dtype}`);
      return namedTidy(op, () => {
        const hot = (t: Tensor) => oneHot(t.dtype === 'int32' ? t : cast(t, 'int32'), numClasses, 1, 0, 'float32');
        // Counts are exact in float32 up to 2^24 examples.
        return cast(matMul(hot(l), hot(p), true, false), 'int32');
      });
    }),
  );
}
