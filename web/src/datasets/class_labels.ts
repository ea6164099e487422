// Class labels of a data set as the tensor models train on.
import { oneHot } from '../ops/gather_scatter.js';
import { tensor } from '../ops/tensor_from_values.js';
import type { Tensor } from '../tensor.js';

/** int32 class indices [n], or float32 one-hot rows [n, numClasses] (what losses take). */
export function classLabels(labels: ArrayLike<number>, numClasses: number, asOneHot: boolean): Tensor {
  const idx = tensor(Int32Array.from(labels), [labels.length]);
  if (!asOneHot) return idx;
  try {
    return oneHot(idx, numClasses, 1, 0, 'float32');
  } finally {
    idx.dispose();
  }
}
