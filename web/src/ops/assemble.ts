// Joining, splitting, repeating and padding tensors (core/ops/index.cpp).
import { describeValue, type TensorLike } from '../convert.js';
import type { Tensor } from '../tensor.js';
import { callOp, callOp1, tensorList } from './op_helpers.js';

// One call into the core passes at most a few thousand input handles: longer lists are joined in
// groups, then the groups joined (the same values and gradients as one call).
const MAX_PARTS = 4096;

function inGroups(tensors: readonly TensorLike[], part: (xs: readonly TensorLike[]) => Tensor, join: (xs: Tensor[]) => Tensor): Tensor {
  const groups: Tensor[] = [];
  try {
    for (let i = 0; i < tensors.length; i += MAX_PARTS) groups.push(part(tensors.slice(i, i + MAX_PARTS)));
    return join(groups);
  } finally {
    for (const g of groups) g.dispose();
  }
}

/**
 * Joins tensors along an existing axis.
 *
 * @example
 * tp.concat([tp.tensor([[1, 2]]), tp.tensor([[3, 4]])]).print(); // [[1, 2], [3, 4]]
 * tp.concat([tp.tensor([[1, 2]]), tp.tensor([[3]])], 1).print(); // [[1, 2, 3]]
 */
export function concat(tensors: readonly TensorLike[], axis = 0): Tensor {
  const list = tensorList(tensors, 'concat');
  if (list.length > MAX_PARTS) return inGroups(list, (part) => concat(part, axis), (joined) => concat(joined, axis));
  return callOp1('concat', list, { axis });
}

/**
 * Joins same-shape tensors along a new axis.
 *
 * @example
 * tp.stack([tp.tensor([1, 2]), tp.tensor([3, 4])], 1).print(); // [[1, 3], [2, 4]]
 */
export function stack(tensors: readonly TensorLike[], axis = 0): Tensor {
  const list = tensorList(tensors, 'stack');
  if (list.length > MAX_PARTS) return inGroups(list, (part) => stack(part, axis), (joined) => concat(joined, axis));
  return callOp1('stack', list, { axis });
}

/**
 * Splits along `axis` into `numOrSizeSplits` equal parts, or parts of the listed sizes (one
 * size may be -1 for the rest).
 *
 * @example
 * const [a, b] = tp.split(tp.tensor([1, 2, 3, 4]), 2);
 * b!.print(); // [3, 4]
 * tp.split(tp.tensor([1, 2, 3, 4]), [1, -1])[1]!.print(); // [2, 3, 4]
 */
export function split(x: TensorLike, numOrSizeSplits: number | readonly number[], axis = 0): Tensor[] {
  if (typeof numOrSizeSplits !== 'number' && !(Array.isArray(numOrSizeSplits) && numOrSizeSplits.every((n) => Number.isInteger(n))))
    throw new Error(`split: numOrSizeSplits must be a number or a list of integer sizes, got ${describeValue(numOrSizeSplits)}`);
  // A one-entry size list is the whole axis, which the core reads as "1 part".
  const spec = typeof numOrSizeSplits === 'number' ? [numOrSizeSplits] : numOrSizeSplits.length === 1 ? [1] : numOrSizeSplits;
  return callOp('split', [x], { numOrSizeSplits: spec, axis });
}

/**
 * Repeats x `reps[d]` times along each axis d.
 *
 * @example
 * tp.tile(tp.tensor([1, 2]), [3]).print(); // [1, 2, 1, 2, 1, 2]
 */
export function tile(x: TensorLike, reps: readonly number[]): Tensor {
  return callOp1('tile', [x], { reps });
}

function flatPaddings(paddings: ReadonlyArray<readonly [number, number] | readonly number[]>, op: string): number[] {
  if (!Array.isArray(paddings)) throw new Error(`${op}: paddings must be a list of [before, after] pairs, got ${describeValue(paddings)}`);
  return paddings.flatMap((p: unknown) => {
    if (!Array.isArray(p) || p.length !== 2) throw new Error(`${op}: each padding must be [before, after], got ${Array.isArray(p) ? `[${p.join(',')}]` : describeValue(p)}`);
    return [p[0]!, p[1]!];
  });
}

/**
 * Pads each axis d with paddings[d] = [before, after] entries of `constantValue`.
 *
 * @example
 * tp.pad(tp.tensor([1, 2]), [[1, 2]]).print(); // [0, 1, 2, 0, 0]
 */
export function pad(x: TensorLike, paddings: ReadonlyArray<readonly [number, number] | readonly number[]>, constantValue = 0): Tensor {
  return callOp1('pad', [x], { paddings: flatPaddings(paddings, 'pad'), constantValue, mode: 0 });
}

/**
 * Pads with mirrored values: 'reflect' leaves the edge out, 'symmetric' repeats it.
 *
 * @example
 * tp.mirrorPad(tp.tensor([1, 2, 3]), [[2, 0]], 'reflect').print(); // [3, 2, 1, 2, 3]
 * tp.mirrorPad(tp.tensor([1, 2, 3]), [[2, 0]], 'symmetric').print(); // [2, 1, 1, 2, 3]
 */
export function mirrorPad(x: TensorLike, paddings: ReadonlyArray<readonly [number, number] | readonly number[]>, mode: 'reflect' | 'symmetric'): Tensor {
  if (mode !== 'reflect' && mode !== 'symmetric') throw new Error(`mirrorPad: mode must be 'reflect' or 'symmetric', got '${String(mode)}'`);
  return callOp1('pad', [x], { paddings: flatPaddings(paddings, 'mirrorPad'), mode: mode === 'reflect' ? 1 : 2 });
}
