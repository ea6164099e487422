// Indexing by integer tensors (core/ops/index.cpp). Index arguments given as arrays become int32.
import { convertToTensor, describeValue, type TensorLike } from '../convert.js';
import type { DType } from '../dtype.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { callOp1 } from './op_helpers.js';
import { expandDims } from './shape.js';

/**
 * Entries of x at `indices` along `axis` (tf.gather; `batchDims` leading dims are batch dims).
 *
 * @example
 * tp.gather(tp.tensor([10, 20, 30]), [2, 0]).print(); // [30, 10]
 * tp.gather(tp.tensor([[1, 2], [3, 4]]), [1], 1).print(); // [[2], [4]]
 */
export function gather(x: TensorLike, indices: TensorLike, axis = 0, batchDims = 0): Tensor {
  return callOp1('gather', [x, indices], { axis, batchDims }, [undefined, 'int32']);
}

/**
 * Entries of x at the index tuples in the last axis of `indices` (tf.gather_nd).
 *
 * @example
 * tp.gatherND(tp.tensor([[1, 2], [3, 4]]), [[1, 0], [0, 1]]).print(); // [3, 2]
 */
export function gatherND(x: TensorLike, indices: TensorLike): Tensor {
  return callOp1('gatherND', [x, indices], {}, [undefined, 'int32']);
}

/**
 * Zeros of `shape` with `updates` added at the index tuples of `indices` (tf.scatter_nd;
 * duplicate indices add up). Rank-1 indices are one index per update, as TF.js.
 *
 * @example
 * tp.scatterND([[1], [3]], tp.tensor([9, 10]), [5]).print(); // [0, 9, 0, 10, 0]
 * tp.scatterND([1, 3], tp.tensor([9, 10]), [5]).print(); // [0, 9, 0, 10, 0]
 */
export function scatterND(indices: TensorLike, updates: TensorLike, shape: readonly number[]): Tensor {
  return tidy(() => {
    const idx = convertToTensor(indices, 'int32', 'scatterND');
    const upd = convertToTensor(updates, undefined, 'scatterND');
    try {
      let i = idx.tensor;
      // As TF.js: rank-1 indices whose length is the updates' first dimension are one index each
      // (TensorFlow would read them as a single index of depth n, whose update has no such axis).
      if (i.rank === 1 && upd.tensor.rank >= 1 && upd.tensor.shape[0] === i.shape[0]) i = expandDims(i, -1);
      return callOp1('scatterND', [i, upd.tensor], { shape });
    } finally {
      if (idx.created) idx.tensor.dispose();
      if (upd.created) upd.tensor.dispose();
    }
  });
}

/**
 * One-hot rows of length `depth` for int32 indices (a new last axis). An index outside
 * [0, depth) gives a row of offValue. dtype defaults to int32, as TF.js's tf.oneHot.
 *
 * @example
 * tp.oneHot([0, 2], 3).print(); // [[1, 0, 0], [0, 0, 1]] (int32)
 * tp.oneHot([1], 2, 1, 0, 'float32').print(); // [[0, 1]]
 */
export function oneHot(indices: TensorLike, depth: number, onValue = 1, offValue = 0, dtype: DType = 'int32'): Tensor {
  if (!Number.isInteger(depth) || depth < 1) throw new Error(`oneHot: depth must be an integer >= 1, got ${typeof depth === 'number' ? depth : describeValue(depth)}`);
  return callOp1('oneHot', [indices], { depth, onValue, offValue, dtype }, ['int32']);
}
