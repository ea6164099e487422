// TF.js's rank-suffixed forms (concat1d, slice2d, reverse3d, pad4d, ...): the general op after a
// check that the input has that rank.
import { describeValue, type TensorLike } from '../convert.js';
import type { Tensor } from '../tensor.js';
import { concat, pad } from './assemble.js';
import { named, tensorList, withTensor } from './op_helpers.js';
import { reverse } from './shape.js';
import { slice } from './slicing.js';

// Errors of the general op are prefixed with the rank form's name ("slice2d: slice: ...").
function withRank<T>(op: string, rank: number, x: TensorLike, f: (t: Tensor) => T): T {
  return named(op, () =>
    withTensor(x, op, (tensor) => {
      if (tensor.rank !== rank) throw new Error(`${op}: expected a rank-${rank} tensor, got shape [${tensor.shape.join(',')}] (rank ${tensor.rank})`);
      return f(tensor);
    }),
  );
}

function concatN(rank: number) {
  return (tensors: readonly TensorLike[], axis = 0): Tensor => {
    const op = `concat${rank}d`;
    return named(op, () => {
      const list = tensorList(tensors, op);
      list.forEach((t) => withRank(op, rank, t, () => undefined));
      return concat(list, axis);
    });
  };
}
function sliceN(rank: number) {
  return (x: TensorLike, begin: number | readonly number[], size?: number | readonly number[]): Tensor =>
    withRank(`slice${rank}d`, rank, x, (t) => slice(t, begin, size));
}
function reverseN(rank: number) {
  return (x: TensorLike, axis?: number | readonly number[]): Tensor => withRank(`reverse${rank}d`, rank, x, (t) => reverse(t, axis));
}
function padN(rank: number) {
  return (x: TensorLike, paddings: ReadonlyArray<readonly number[]> | readonly number[], constantValue = 0): Tensor =>
    withRank(`pad${rank}d`, rank, x, (t) => {
      // pad1d takes one [before, after] pair.
      if (paddings === null || typeof paddings !== 'object') throw new Error(`pad${rank}d: paddings must be a list of [before, after] pairs, got ${describeValue(paddings)}`);
      const p = rank === 1 && typeof paddings[0] === 'number' ? [paddings as readonly number[]] : (paddings as ReadonlyArray<readonly number[]>);
      if (p.length !== rank) throw new Error(`pad${rank}d: expected ${rank} [before, after] pairs, got ${describeValue(paddings)}`);
      return pad(t, p, constantValue);
    });
}

/** concat of rank-1 tensors. @example tp.concat1d([tp.tensor1d([1, 2]), tp.tensor1d([3])]).print(); // [1, 2, 3] */
export const concat1d = concatN(1);
/** concat of rank-2 tensors along `axis`. @example tp.concat2d([tp.tensor2d([[1]]), tp.tensor2d([[2]])], 1).print(); // [[1, 2]] */
export const concat2d = concatN(2);
/** concat of rank-3 tensors. @example tp.concat3d([tp.zeros([1, 1, 2]), tp.ones([1, 1, 2])], 2).print(); // [[[0, 0, 1, 1]]] */
export const concat3d = concatN(3);
/** concat of rank-4 tensors. @example console.log(tp.concat4d([tp.zeros([1, 1, 1, 2]), tp.ones([2, 1, 1, 2])]).shape); // [3, 1, 1, 2] */
export const concat4d = concatN(4);
/** slice of a rank-1 tensor. @example tp.slice1d(tp.tensor1d([1, 2, 3, 4]), 1, 2).print(); // [2, 3] */
export const slice1d = sliceN(1);
/** slice of a rank-2 tensor. @example tp.slice2d(tp.tensor2d([[1, 2], [3, 4]]), [1, 0], [1, 2]).print(); // [[3, 4]] */
export const slice2d = sliceN(2);
/** slice of a rank-3 tensor. @example console.log(tp.slice3d(tp.zeros([2, 3, 4]), [0, 1, 1], [1, 2, 3]).shape); // [1, 2, 3] */
export const slice3d = sliceN(3);
/** slice of a rank-4 tensor. @example console.log(tp.slice4d(tp.zeros([2, 2, 2, 2]), [1, 0, 0, 0], [1, -1, -1, 1]).shape); // [1, 2, 2, 1] */
export const slice4d = sliceN(4);
/** reverse of a rank-1 tensor. @example tp.reverse1d(tp.tensor1d([1, 2, 3])).print(); // [3, 2, 1] */
export const reverse1d = reverseN(1);
/** reverse of a rank-2 tensor. @example tp.reverse2d(tp.tensor2d([[1, 2], [3, 4]]), 1).print(); // [[2, 1], [4, 3]] */
export const reverse2d = reverseN(2);
/** reverse of a rank-3 tensor. @example tp.reverse3d(tp.tensor3d([[[1], [2]]]), 1).print(); // [[[2], [1]]] */
export const reverse3d = reverseN(3);
/** reverse of a rank-4 tensor. @example tp.reverse4d(tp.tensor4d([1, 2], [1, 1, 1, 2]), 3).print(); // [[[[2, 1]]]] */
export const reverse4d = reverseN(4);
/** pad of a rank-1 tensor by one [before, after] pair. @example tp.pad1d(tp.tensor1d([1, 2]), [1, 2]).print(); // [0, 1, 2, 0, 0] */
export const pad1d = padN(1);
/** pad of a rank-2 tensor. @example tp.pad2d(tp.tensor2d([[1]]), [[1, 0], [0, 1]], 9).print(); // [[9, 9], [1, 9]] */
export const pad2d = padN(2);
/** pad of a rank-3 tensor. @example console.log(tp.pad3d(tp.zeros([1, 1, 1]), [[0, 1], [1, 1], [0, 0]]).shape); // [2, 3, 1] */
export const pad3d = padN(3);
/** pad of a rank-4 tensor. @example console.log(tp.pad4d(tp.zeros([1, 1, 1, 1]), [[0, 0], [1, 1], [1, 1], [0, 0]]).shape); // [1, 3, 3, 1] */
export const pad4d = padN(4);
