// Segment sums, scatter updates, sorted search, bincount, unique, confusionMatrix, space/batch
// blocks and einsum, run on tensorpad and TF.js (see harness.ts).
import type { Case, Lib } from '../harness.js';

const i32 = (t: Lib, v: unknown, shape?: number[]) => t.tensor(v, shape, 'int32');
const seq = (t: Lib, n: number, shape: number[]) => t.reshape(t.range(0, n), shape);

export const indexOpCases: Case[] = [
  // unsortedSegmentSum
  { name: 'unsortedSegmentSum vector', run: (t) => t.unsortedSegmentSum(t.tensor([1, 2, 3, 4]), [0, 1, 0, 1], 2) },
  { name: 'unsortedSegmentSum rows, an empty segment', run: (t) => t.unsortedSegmentSum(t.tensor([[1, 2], [3, 4], [5, 6]]), [2, 0, 2], 4) },
  { name: 'unsortedSegmentSum negative id drops the row', run: (t) => t.unsortedSegmentSum(t.tensor([1, 2, 3, 4]), [0, -1, 0, 1], 3) },
  { name: 'unsortedSegmentSum ids of rank 1 on a rank-3 x', run: (t) => t.unsortedSegmentSum(seq(t, 12, [3, 2, 2]), i32(t, [1, 1, 0]), 2) },
  { name: 'unsortedSegmentSum method', run: (t) => t.tensor([5, 6, 7]).unsortedSegmentSum(i32(t, [1, 0, 1]), 2) },
  { name: 'unsortedSegmentSum ids not matching x throws', run: (t) => t.unsortedSegmentSum(t.tensor([1, 2, 3]), [1, 1], 2) },
  { name: 'unsortedSegmentSum float ids throw', run: (t) => t.unsortedSegmentSum(t.tensor([1, 2, 3]), t.tensor([1, 1, 0]), 2) },
  { name: 'unsortedSegmentSum fractional numSegments throws', run: (t) => t.unsortedSegmentSum(t.tensor([1, 2]), [1, 0], 2.5) },
  { name: 'unsortedSegmentSum gradient', run: (t) => t.grad((x: Lib) => t.sum(t.mul(t.unsortedSegmentSum(x, [2, 0, 2, -1], 3), t.tensor([1, 2, 3]))))(t.tensor([1, 2, 3, 4])) },
  // tensorScatterUpdate
  { name: 'tensorScatterUpdate elements', run: (t) => t.tensorScatterUpdate(t.tensor([1, 2, 3, 4]), [[1], [3]], t.tensor([9, 10])) },
  { name: 'tensorScatterUpdate rank-1 indices', run: (t) => t.tensorScatterUpdate(t.tensor([1, 2, 3, 4]), [1, 3], t.tensor([9, 10])) },
  { name: 'tensorScatterUpdate repeated index: last wins', run: (t) => t.tensorScatterUpdate(t.tensor([1, 2, 3, 4]), [[1], [1]], t.tensor([9, 10])) },
  { name: 'tensorScatterUpdate rows', run: (t) => t.tensorScatterUpdate(seq(t, 6, [3, 2]), [[2], [0]], t.tensor([[7, 8], [9, 10]])) },
  { name: 'tensorScatterUpdate pairs', run: (t) => t.tensorScatterUpdate(seq(t, 6, [2, 3]), [[0, 1], [1, 2]], t.tensor([-1, -2])) },
  { name: 'tensorScatterUpdate int32', run: (t) => t.tensorScatterUpdate(i32(t, [1, 2, 3]), [[2]], i32(t, [30])) },
  { name: 'tensorScatterUpdate bool', run: (t) => t.tensorScatterUpdate(t.tensor([true, false]), [[0]], t.tensor([false])) },
  { name: 'tensorScatterUpdate out-of-range index throws', run: (t) => t.tensorScatterUpdate(t.tensor([1, 2, 3, 4]), [[7]], t.tensor([9])) },
  { name: 'tensorScatterUpdate dtype mismatch throws', run: (t) => t.tensorScatterUpdate(i32(t, [1, 2]), [[0]], t.tensor([9.5])) },
  { name: 'tensorScatterUpdate wrong updates shape throws', run: (t) => t.tensorScatterUpdate(t.tensor([1, 2, 3]), [[0], [1]], t.tensor([9])) },
  // searchSorted, lowerBound, upperBound (TF.js's shape is values' rows as a matrix, see known differences)
  { name: 'searchSorted left, batched rows', run: (t) => t.searchSorted(t.tensor([[1, 3, 5, 7], [2, 4, 6, 8]]), t.tensor([[0, 3, 8], [4, 4, 9]])) },
  { name: 'searchSorted right, batched rows', run: (t) => t.searchSorted(t.tensor([[1, 3, 3, 7], [2, 4, 4, 8]]), t.tensor([[3, 0], [4, 9]]), 'right') },
  { name: 'lowerBound rows', run: (t) => t.lowerBound(t.tensor([[1, 2, 2, 3], [0, 0, 1, 1]]), t.tensor([[2, 4], [1, -1]])) },
  { name: 'upperBound rows', run: (t) => t.upperBound(t.tensor([[1, 2, 2, 3], [0, 0, 1, 1]]), t.tensor([[2, 4], [1, -1]])) },
  { name: 'searchSorted int32', run: (t) => t.searchSorted(i32(t, [[1, 5, 9]]), i32(t, [[5, 10, 0]]), 'right') },
  { name: 'searchSorted mismatched rows throws', run: (t) => t.searchSorted(t.tensor([[1, 2, 3], [4, 5, 6]]), t.tensor([[2, 1, 2]])) },
  { name: 'searchSorted scalar values throw', run: (t) => t.searchSorted(t.tensor([1, 2, 3]), 2) },
  // bincount, denseBincount
  { name: 'bincount counts', run: (t) => t.bincount(i32(t, [1, 1, 2, 5]), [], 4) },
  { name: 'bincount weights', run: (t) => t.bincount(i32(t, [1, 1, 2, 5]), t.tensor([0.5, 1, 2, 3]), 4) },
  { name: 'bincount int32 weights', run: (t) => t.bincount(i32(t, [1, 1]), i32(t, [2, 3]), 4) },
  { name: 'bincount of a matrix counts all', run: (t) => t.bincount(i32(t, [[1, 1], [2, 3]]), [], 4) },
  { name: 'bincount size 0', run: (t) => t.bincount(i32(t, [1, 1]), [], 0) },
  { name: 'bincount negative value throws', run: (t) => t.bincount(i32(t, [1, -1]), [], 4) },
  { name: 'bincount float x throws', run: (t) => t.bincount([1, 1], [], 3) },
  { name: 'bincount weights of another size throw', run: (t) => t.bincount(i32(t, [1, 1]), t.tensor([1, 2, 3]), 3) },
  { name: 'denseBincount vector', run: (t) => t.denseBincount(i32(t, [1, 1, 1, 2]), t.tensor([0.5, 0.3, 0.3, 0.1]), 3) },
  { name: 'denseBincount rows', run: (t) => t.denseBincount(i32(t, [[1, 1], [2, 3]]), [], 4) },
  { name: 'denseBincount rows binaryOutput', run: (t) => t.denseBincount(i32(t, [[1, 1], [2, 3]]), [], 4, true) },
  { name: 'denseBincount weighted rows', run: (t) => t.denseBincount(i32(t, [[1, 1], [2, 3]]), t.tensor([[1, 2], [3, 4]]), 4) },
  { name: 'denseBincount rank 3 throws', run: (t) => t.denseBincount(i32(t, [[[1]]]), [], 4) },
  { name: 'denseBincount scalar throws', run: (t) => t.denseBincount(t.scalar(1, 'int32'), [], 4) },
  // unique
  { name: 'unique float32', run: (t) => t.unique(t.tensor([1, 3, 1, 2, 3])) },
  { name: 'unique NaN and -0', run: (t) => t.unique(t.tensor([NaN, 0, -0, NaN])) },
  { name: 'unique bool', run: (t) => t.unique(t.tensor([true, false, true])) },
  { name: 'unique int32', run: (t) => t.unique(i32(t, [5, 5, 1])) },
  { name: 'unique rows (axis 0)', run: (t) => t.unique(t.tensor([[1, 2], [3, 4], [1, 2]])) },
  { name: 'unique columns (axis 1)', run: (t) => t.unique(t.tensor([[1, 2, 1], [3, 4, 3]]), 1) },
  { name: 'unique axis -1', run: (t) => t.unique(i32(t, [[1, 2, 1], [3, 4, 3]]), -1) },
  { name: 'unique rank 3 axis 1', run: (t) => t.unique(t.tensor([[[1], [1], [2]], [[0], [0], [3]]]), 1) },
  { name: 'unique empty', run: (t) => t.unique(t.tensor([])) },
  { name: 'unique method', run: (t) => t.tensor([4, 4, 2]).unique() },
  { name: 'unique scalar throws', run: (t) => t.unique(3) },
  { name: 'unique axis out of range throws', run: (t) => t.unique(t.tensor([1, 2]), 1) },
  // confusionMatrix
  { name: 'math.confusionMatrix', run: (t) => t.math.confusionMatrix([0, 1, 2, 1, 0], [0, 2, 2, 1, 0], 3) },
  { name: 'math.confusionMatrix int32 tensors', run: (t) => t.math.confusionMatrix(i32(t, [1, 1, 0]), i32(t, [1, 0, 0]), 2) },
  { name: 'math.confusionMatrix out-of-range class not counted', run: (t) => t.math.confusionMatrix([0, 1, 5], [0, 2, 2], 3) },
  { name: 'math.confusionMatrix float labels truncate', run: (t) => t.math.confusionMatrix(t.tensor([0, 1.7]), t.tensor([0, 1]), 3) },
  { name: 'math.confusionMatrix unequal lengths throw', run: (t) => t.math.confusionMatrix([0, 1], [0], 2) },
  { name: 'math.confusionMatrix numClasses 0 throws', run: (t) => t.math.confusionMatrix([0], [0], 0) },
  { name: 'math.confusionMatrix matrix labels throw', run: (t) => t.math.confusionMatrix([[0]], [0], 2) },
  // spaceToBatchND, batchToSpaceND
  { name: 'spaceToBatchND 2x2 blocks', run: (t) => t.spaceToBatchND(t.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), [2, 2], [[0, 0], [0, 0]]) },
  { name: 'spaceToBatchND with channels and padding', run: (t) => t.spaceToBatchND(seq(t, 24, [2, 2, 3, 2]), [2, 2], [[0, 0], [1, 0]]) },
  { name: 'spaceToBatchND one block dim, rank 3', run: (t) => t.spaceToBatchND(seq(t, 8, [1, 4, 2]), [2], [[1, 1]]) },
  { name: 'spaceToBatchND int32', run: (t) => t.spaceToBatchND(i32(t, [1, 2, 3, 4, 5, 6], [1, 6, 1]), [3], [[0, 0]]) },
  { name: 'spaceToBatchND method', run: (t) => seq(t, 8, [1, 4, 2, 1]).spaceToBatchND([2, 2], [[0, 0], [0, 0]]) },
  { name: 'spaceToBatchND indivisible throws', run: (t) => t.spaceToBatchND(seq(t, 6, [1, 3, 2, 1]), [2, 2], [[0, 0], [0, 0]]) },
  { name: 'spaceToBatchND rank too low throws', run: (t) => t.spaceToBatchND(t.tensor([1, 2]), [2], [[0, 0]]) },
  { name: 'batchToSpaceND 2x2 blocks', run: (t) => t.batchToSpaceND(t.tensor4d([1, 2, 3, 4], [4, 1, 1, 1]), [2, 2], [[0, 0], [0, 0]]) },
  { name: 'batchToSpaceND with crops', run: (t) => t.batchToSpaceND(seq(t, 48, [8, 1, 3, 2]), [2, 2], [[0, 0], [2, 0]]) },
  { name: 'batchToSpaceND one block dim', run: (t) => t.batchToSpaceND(seq(t, 12, [4, 3]), [2], [[1, 2]]) },
  { name: 'batchToSpaceND method', run: (t) => seq(t, 8, [4, 1, 2]).batchToSpaceND([2], [[0, 1]]) },
  { name: 'batchToSpaceND undoes spaceToBatchND', run: (t) => t.batchToSpaceND(t.spaceToBatchND(seq(t, 30, [1, 5, 3, 2]), [2, 2], [[1, 0], [0, 1]]), [2, 2], [[1, 0], [0, 1]]) },
  { name: 'batchToSpaceND indivisible batch throws', run: (t) => t.batchToSpaceND(seq(t, 6, [3, 1, 2]), [2], [[0, 0]]) },
  { name: 'spaceToBatchND gradient', run: (t) => t.grad((x: Lib) => t.sum(t.mul(t.spaceToBatchND(x, [2], [[1, 1]]), seq(t, 12, [2, 3, 2]))))(seq(t, 8, [1, 4, 2])) },
  { name: 'batchToSpaceND gradient', run: (t) => t.grad((x: Lib) => t.sum(t.mul(t.batchToSpaceND(x, [2], [[1, 0]]), seq(t, 10, [2, 5]))))(seq(t, 12, [4, 3])) },
  // einsum (TF.js's forms)
  { name: 'einsum matmul', run: (t) => t.einsum('ij,jk->ik', t.tensor([[1, 2], [3, 4]]), t.tensor([[5, 6], [7, 8]])) },
  { name: 'einsum int32 matmul', run: (t) => t.einsum('ij,jk->ik', i32(t, [[1, 2], [3, 4]]), i32(t, [[5, 6], [7, 8]])) },
  { name: 'einsum batch matmul', run: (t) => t.einsum('bij,bjk->bik', seq(t, 12, [2, 2, 3]), seq(t, 18, [2, 3, 3])) },
  { name: 'einsum dot', run: (t) => t.einsum('i,i->', t.tensor([1, 2]), t.tensor([3, 4])) },
  { name: 'einsum outer', run: (t) => t.einsum('i,j->ij', t.tensor([1, 2]), t.tensor([3, 4, 5])) },
  { name: 'einsum elementwise', run: (t) => t.einsum('i,i->i', t.tensor([1, 2]), t.tensor([3, 4])) },
  { name: 'einsum matrix-vector', run: (t) => t.einsum('ij,j->i', t.tensor([[1, 2], [3, 4]]), t.tensor([3, 4])) },
  { name: 'einsum transpose', run: (t) => t.einsum('ij->ji', seq(t, 6, [2, 3])) },
  { name: 'einsum sum all', run: (t) => t.einsum('ij->', seq(t, 6, [2, 3])) },
  { name: 'einsum column sums', run: (t) => t.einsum('ij->j', seq(t, 6, [2, 3])) },
  { name: 'einsum free labels of both', run: (t) => t.einsum('ab,cd->acbd', t.tensor([[1, 2]]), t.tensor([[5], [6]])) },
  { name: 'einsum batch and contraction mixed', run: (t) => t.einsum('abc,cbd->bad', seq(t, 24, [2, 3, 4]), seq(t, 24, [4, 3, 2])) },
  { name: 'einsum diagonal throws', run: (t) => t.einsum('ii->i', t.tensor([[1, 2], [3, 4]])) },
  { name: 'einsum ellipsis throws', run: (t) => t.einsum('...ij->...ji', t.tensor([[1, 2], [3, 4]])) },
  { name: 'einsum size mismatch throws', run: (t) => t.einsum('ij,jk->ik', t.tensor([[1, 2], [3, 4]]), t.tensor([[5, 6]])) },
  { name: 'einsum operand count mismatch throws', run: (t) => t.einsum('ij,jk->ik', t.tensor([[1, 2], [3, 4]])) },
];

/** Where tensorpad follows TensorFlow and TF.js does something else (README, "Differences from TF.js"). */
export const indexOpDifferences: Case[] = [
  // TF.js drops ids >= numSegments silently; TensorFlow's CPU kernel refuses them.
  { name: 'unsortedSegmentSum id >= numSegments', run: (t) => t.unsortedSegmentSum(t.tensor([1, 2, 3, 4]), [0, 1, 0, 5], 3) },
  // TensorFlow: ids shaped like x's leading dims each pick a slice (here [9, 1]); TF.js gives [[3, 6], [1, 0]].
  { name: 'unsortedSegmentSum 2-d ids (leading dims)', run: (t) => t.unsortedSegmentSum(t.tensor([[1, 2], [3, 4]]), [[1, 0], [0, 0]], 2) },
  // TF.js sums int32 into float32; TensorFlow keeps int32.
  { name: 'unsortedSegmentSum of int32 stays int32', run: (t) => t.unsortedSegmentSum(i32(t, [1, 2]), [1, 1], 2) },
  // TF.js returns [rows, values per row] even for a vector; TensorFlow (and TF.js's docs) values' shape.
  { name: 'searchSorted of vectors is a vector', run: (t) => t.searchSorted(t.tensor([1, 2, 2, 3]), t.tensor([2, 0, 5])) },
  // TF.js ignores binaryOutput for a vector; TensorFlow gives 1 where a value occurs.
  { name: 'denseBincount binaryOutput of a vector', run: (t) => t.denseBincount(i32(t, [1, 1, 3]), t.tensor([0.5, 2, 3]), 4, true) },
  // TF.js gives this [2, 2] result an extra leading axis of size 1.
  { name: 'einsum sums a label out before multiplying', run: (t) => t.einsum('ij,kl->ik', seq(t, 6, [2, 3]), seq(t, 4, [2, 2])) },
  // TF.js einsum needs '->' and at most two operands; tensorpad takes NumPy's implicit output and any count.
  { name: 'einsum without an arrow', run: (t) => t.einsum('ij,jk', t.tensor([[1, 2]]), t.tensor([[3], [4]])) },
  // tfjs-core registers no gradient for TensorScatterUpdate or Einsum: TF.js throws inside grad.
  { name: 'tensorScatterUpdate gradients', run: (t) => t.grads((a: Lib, u: Lib) => t.sum(t.mul(t.tensorScatterUpdate(a, [[2], [0]], u), t.tensor([1, 2, 3, 4]))))([t.tensor([1, 2, 3, 4]), t.tensor([5, 6])]) },
  { name: 'einsum matmul gradients', run: (t) => t.grads((a: Lib, b: Lib) => t.sum(t.mul(t.einsum('ij,jk->ik', a, b), t.tensor([[1, -1], [2, 0.5]]))))([t.tensor([[1, 2, 3], [4, 5, 6]]), seq(t, 6, [3, 2])]) },
  { name: 'einsum of three operands', run: (t) => t.einsum('ij,jk,kl->il', t.tensor([[1, 2]]), t.tensor([[3], [4]]), t.tensor([[5, 6]])) },
];
