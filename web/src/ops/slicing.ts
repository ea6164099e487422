// Strided slices (core/ops/shape.cpp: views) and slice assignment, plus TF.js's slice and unstack
// written over them.
import { convertToTensor, describeValue, type TensorLike } from '../convert.js';
import type { Tensor } from '../tensor.js';
import { callOp1, withTensor } from './op_helpers.js';

/** The attributes of stridedSlice / stridedSliceUpdate (tf.strided_slice's, camelCased). */
export interface StridedSliceSpec {
  begin: readonly number[];
  end: readonly number[];
  strides?: readonly number[];
  beginMask?: number;
  endMask?: number;
  ellipsisMask?: number;
  newAxisMask?: number;
  shrinkAxisMask?: number;
}

function sliceAttrs(s: StridedSliceSpec) {
  return {
    begin: s.begin,
    end: s.end,
    strides: s.strides ?? [],
    beginMask: s.beginMask ?? 0,
    endMask: s.endMask ?? 0,
    ellipsisMask: s.ellipsisMask ?? 0,
    newAxisMask: s.newAxisMask ?? 0,
    shrinkAxisMask: s.shrinkAxisMask ?? 0,
  };
}

/**
 * tf.strided_slice: x[begin:end:strides] per axis, with the bit masks of TF (bit i of beginMask/
 * endMask ignores begin[i]/end[i], ellipsisMask marks "...", newAxisMask inserts an axis,
 * shrinkAxisMask takes index begin[i] and drops the axis). A view, no copy.
 *
 * @example
 * const t = tp.tensor([[1, 2, 3], [4, 5, 6]]);
 * tp.stridedSlice(t, [0, 2], [2, 0], [1, -1]).print(); // [[3, 2], [6, 5]]
 */
export function stridedSlice(
  x: TensorLike,
  begin: readonly number[],
  end: readonly number[],
  strides?: readonly number[],
  beginMask = 0,
  endMask = 0,
  ellipsisMask = 0,
  newAxisMask = 0,
  shrinkAxisMask = 0,
): Tensor {
  return callOp1('stridedSlice', [x], sliceAttrs({ begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask }));
}

/**
 * tf.tensor_strided_slice_update: a copy of x whose stridedSlice region (same arguments as
 * `stridedSlice`) holds `value`, broadcast to the region's shape.
 *
 * @example
 * const t = tp.tensor([1, 2, 3, 4]);
 * tp.stridedSliceUpdate(t, [1], [3], [1], tp.tensor([0, 0])).print(); // [1, 0, 0, 4]
 */
export function stridedSliceUpdate(
  x: TensorLike,
  begin: readonly number[],
  end: readonly number[],
  strides: readonly number[] | undefined,
  value: TensorLike,
  beginMask = 0,
  endMask = 0,
  ellipsisMask = 0,
  newAxisMask = 0,
  shrinkAxisMask = 0,
): Tensor {
  return stridedSliceUpdateSpec(x, value, { begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask });
}

/** @internal stridedSlice from a spec object. */
export function stridedSliceSpec(x: TensorLike, spec: StridedSliceSpec): Tensor {
  return callOp1('stridedSlice', [x], sliceAttrs(spec));
}

/** @internal stridedSliceUpdate from a spec object. */
export function stridedSliceUpdateSpec(x: TensorLike, value: TensorLike, spec: StridedSliceSpec): Tensor {
  return callOp1('stridedSliceUpdate', [x, value], sliceAttrs(spec));
}

/**
 * The block of `size` elements starting at `begin` (numbers apply to the first axis; a size of
 * -1 takes the rest of the axis). A view.
 *
 * @example
 * const t = tp.tensor([[1, 2, 3], [4, 5, 6]]);
 * tp.slice(t, [0, 1], [2, 2]).print(); // [[2, 3], [5, 6]]
 * tp.slice(t, 1).print(); // [[4, 5, 6]]
 */
export function slice(x: TensorLike, begin: number | readonly number[], size?: number | readonly number[]): Tensor {
  const raw = intList(begin, 'slice', 'begin');
  const s = size === undefined || size === null ? raw.map(() => -1) : intList(size, 'slice', 'size');
  return withTensor(x, 'slice', (t) => sliceTensor(t, raw, s));
}

/** A number or list of integers as a list, or an error naming `op` and `arg`. */
function intList(v: number | readonly number[], op: string, arg: string): readonly number[] {
  const list = typeof v === 'number' ? [v] : v;
  if (!Array.isArray(list) || !list.every((d) => Number.isInteger(d)))
    throw new Error(`${op}: ${arg} must be an integer or a list of integers, got ${describeValue(v)}`);
  return list;
}

function sliceTensor(x: Tensor, raw: readonly number[], s: readonly number[]): Tensor {
  if (s.length !== raw.length) throw new Error(`slice: begin [${raw.join(',')}] and size [${s.join(',')}] differ in length`);
  if (raw.length > x.rank) throw new Error(`slice: begin [${raw.join(',')}] has more entries than the rank ${x.rank} of shape [${x.shape.join(',')}]`);
  // As tf.slice: no negative begin (no counting from the end), size -1 or within the axis; a view
  // never clamps silently.
  const b = raw.map((start, i) => {
    const dim = x.shape[i]!;
    if (start < 0 || start > dim) throw new Error(`slice: begin[${i}] = ${start} is outside [0, ${dim}] for shape [${x.shape.join(',')}]`);
    if (s[i] !== -1 && (s[i]! < 0 || start + s[i]! > dim))
      throw new Error(`slice: size[${i}] = ${s[i]} with begin[${i}] = ${start} does not fit axis ${i} of shape [${x.shape.join(',')}] (size must be -1 or 0..${dim - start})`);
    return start;
  });
  let endMask = 0;
  const end = b.map((start, i) => {
    if (s[i] === -1) {
      endMask |= 1 << i;
      return 0;
    }
    return start + s[i]!;
  });
  return callOp1('stridedSlice', [x], sliceAttrs({ begin: b, end, endMask }));
}

/**
 * Splits along `axis` into the tensors of its entries, each with that axis removed (views).
 *
 * @example
 * const [a, b] = tp.unstack(tp.tensor([[1, 2], [3, 4]]));
 * a!.print(); // [1, 2]
 * b!.print(); // [3, 4]
 */
export function unstack(x: TensorLike, axis = 0): Tensor[] {
  if (!Number.isInteger(axis)) throw new Error(`unstack: axis must be an integer, got ${describeValue(axis)}`);
  const { tensor: t, created } = convertToTensor(x, undefined, 'unstack');
  try {
    t.throwIfDisposed('unstack');
    const rank = t.rank;
    const ax = axis < 0 ? axis + rank : axis;
    if (ax < 0 || ax >= rank) throw new Error(`unstack: axis ${axis} is out of range for rank ${rank}`);
    const leading = (1 << ax) - 1; // full slices before the axis
    const out: Tensor[] = [];
    for (let i = 0; i < t.shape[ax]!; i++) {
      const begin = new Array<number>(ax + 1).fill(0);
      begin[ax] = i;
      const end = begin.map((v) => v + 1);
      out.push(stridedSliceSpec(t, { begin, end, beginMask: leading, endMask: leading, shrinkAxisMask: 1 << ax }));
    }
    return out;
  } finally {
    if (created) t.dispose();
  }
}
