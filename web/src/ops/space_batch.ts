// Moving blocks of the spatial axes into the batch axis and back (tf.space_to_batch_nd and
// tf.batch_to_space_nd), written as pad/slice + reshape + transpose, so their gradients are those
// of the layout ops.
import { describeValue, type TensorLike } from '../convert.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { pad } from './assemble.js';
import { namedTidy, withTensor } from './op_helpers.js';
import { reshape, transpose } from './shape.js';
import { slice } from './slicing.js';

function checkBlocks(op: string, x: Tensor, blockShape: readonly number[], pairs: readonly (readonly number[])[], pairsName: string): void {
  if (!Array.isArray(blockShape) || blockShape.length === 0 || blockShape.some((b) => !Number.isInteger(b) || b < 1))
    throw new Error(`${op}: blockShape must be a non-empty list of integers >= 1, got ${describeValue(blockShape)}`);
  if (!Array.isArray(pairs) || pairs.length !== blockShape.length || pairs.some((p) => !Array.isArray(p) || p.length !== 2 || p.some((v) => !Number.isInteger(v) || v < 0)))
    throw new Error(`${op}: ${pairsName} must hold one [before, after] pair of integers >= 0 per block dim (${blockShape.length}), got ${describeValue(pairs)}`);
  if (x.rank < 1 + blockShape.length)
    throw new Error(`${op}: x of shape [${x.shape.join(',')}] needs rank >= ${1 + blockShape.length} for blockShape [${blockShape.join(',')}]`);
}

/**
 * Splits the M spatial dims after the batch dim into blocks of blockShape, after zero-padding
 * them with `paddings` ([before, after] per block dim), and moves the blocks into the batch dim:
 * [batch, ...spatial, ...rest] becomes [batch * prod(blockShape), ...(padded / blockShape), ...rest].
 *
 * @example
 * tp.spaceToBatchND(tp.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), [2, 2], [[0, 0], [0, 0]]).shape; // [4, 1, 1, 1]
 */
export function spaceToBatchND(x: TensorLike, blockShape: number[], paddings: number[][]): Tensor {
  const op = 'spaceToBatchND';
  return withTensor(x, op, (t) => {
    checkBlocks(op, t, blockShape, paddings, 'paddings');
    const m = blockShape.length;
    const padded = t.shape.map((d, i) => (i >= 1 && i <= m ? d + paddings[i - 1]![0]! + paddings[i - 1]![1]! : d));
    for (let i = 0; i < m; i++)
      if (padded[i + 1]! % blockShape[i]! !== 0)
        throw new Error(`${op}: spatial dim ${i + 1} of shape [${t.shape.join(',')}] padded to ${padded[i + 1]} is not divisible by block ${blockShape[i]}`);
    return namedTidy(op, () => {
      const rest = t.shape.slice(1 + m);
      const p = pad(t, t.shape.map((_, i) => (i >= 1 && i <= m ? paddings[i - 1]! : [0, 0])));
      // [batch, s1/b1, b1, ..., sM/bM, bM, ...rest] -> [b1, ..., bM, batch, s1/b1, ..., sM/bM, ...rest]
      const split = [t.shape[0]!, ...blockShape.flatMap((b, i) => [padded[i + 1]! / b, b]), ...rest];
      const perm = [...blockShape.map((_, i) => 2 + 2 * i), 0, ...blockShape.map((_, i) => 1 + 2 * i), ...rest.map((_, i) => 1 + 2 * m + i)];
      const outShape = [t.shape[0]! * blockShape.reduce((a, b) => a * b, 1), ...blockShape.map((b, i) => padded[i + 1]! / b), ...rest];
      return reshape(transpose(reshape(p, split), perm), outShape);
    });
  });
}

/**
 * The inverse of spaceToBatchND: the batch dim's blocks go back into the M spatial dims, which are
 * then cropped by `crops` ([before, after] per block dim).
 *
 * @example
 * tp.batchToSpaceND(tp.tensor4d([1, 2, 3, 4], [4, 1, 1, 1]), [2, 2], [[0, 0], [0, 0]]).shape; // [1, 2, 2, 1]
 */
export function batchToSpaceND(x: TensorLike, blockShape: number[], crops: number[][]): Tensor {
  const op = 'batchToSpaceND';
  return withTensor(x, op, (t) => {
    checkBlocks(op, t, blockShape, crops, 'crops');
    const m = blockShape.length;
    const blocks = blockShape.reduce((a, b) => a * b, 1);
    if (t.shape[0]! % blocks !== 0)
      throw new Error(`${op}: batch ${t.shape[0]} of shape [${t.shape.join(',')}] is not divisible by prod(blockShape) = ${blocks}`);
    const full = blockShape.map((b, i) => t.shape[i + 1]! * b);
    for (let i = 0; i < m; i++)
      if (crops[i]![0]! + crops[i]![1]! > full[i]!)
        throw new Error(`${op}: crops [${crops[i]!.join(',')}] exceed spatial dim ${i + 1} of size ${full[i]}`);
    return namedTidy(op, () => {
      const batch = t.shape[0]! / blocks;
      const rest = t.shape.slice(1 + m);
      // [b1, ..., bM, batch, s1, ..., sM, ...rest] -> [batch, s1, b1, ..., sM, bM, ...rest]
      const split = [...blockShape, batch, ...t.shape.slice(1)];
      const perm = [m, ...blockShape.flatMap((_, i) => [m + 1 + i, i]), ...rest.map((_, i) => 2 * m + 1 + i)];
      const y = reshape(transpose(reshape(t, split), perm), [batch, ...full, ...rest]);
      if (crops.every(([a, b]) => a === 0 && b === 0)) return y;
      return tidy(() => slice(y, [0, ...crops.map((c) => c[0]!), ...rest.map(() => 0)], [batch, ...full.map((f, i) => f - crops[i]![0]! - crops[i]![1]!), ...rest]));
    });
  });
}
