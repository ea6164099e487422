// Segment sums, scatter updates, sorted search, counting and uniqueness, under TF.js's names.
// unsortedSegmentSum and tensorScatterUpdate are primitives (core/ops/index.cpp); the others are
// written with ops. unique and the bincount checks read values, as their output depends on them.
import { convertToTensor, describeValue, type TensorLike } from '../convert.js';
import type { DType } from '../dtype.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { add, equal, greater, less, lessEqual, mul, where } from './binary.js';
import { fill } from './fill.js';
import { gather } from './gather_scatter.js';
import { callOp1, checkArg, named } from './op_helpers.js';
import { any, sum } from './reduction.js';
import { expandDims, reshape, transpose } from './shape.js';
import { topk } from './topk.js';
import { cast } from './unary.js';
import { range } from './sequences.js';
import { tensor } from './tensor_from_values.js';

/** Runs `f` on the inputs as tensors (converted with the given dtypes, freed afterwards). */
function withTensors<T>(op: string, inputs: ReadonlyArray<readonly [TensorLike, DType | undefined]>, f: (...ts: Tensor[]) => T): T {
  const made: Tensor[] = [];
  try {
    const ts = inputs.map(([x, dt], i) => {
      const { tensor, created } = convertToTensor(x, dt, inputs.length > 1 ? `${op}: input ${i}` : op);
      if (created) made.push(tensor);
      tensor.throwIfDisposed(op);
      return tensor;
    });
    return named(op, () => f(...ts));
  } finally {
    for (const t of made) t.dispose();
  }
}

const shapeStr = (s: readonly number[]) => `[${s.join(',')}]`;
const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/**
 * Sums the rows of x by segment: out[s] is the sum of the x slices whose id in `segmentIds`
 * (int32, the shape of x's leading dims) is s, for s in [0, numSegments). A negative id drops its
 * slice; an id >= numSegments is an error (TF.js drops it too). Gradient: dy gathered by the ids.
 *
 * @example
 * tp.unsortedSegmentSum(tp.tensor([1, 2, 3, 4]), [0, 1, 0, 1], 2).print(); // [4, 6]
 */
export function unsortedSegmentSum(x: TensorLike, segmentIds: TensorLike, numSegments: number): Tensor {
  checkArg(numSegments, 'integer', 'unsortedSegmentSum', 'numSegments');
  return callOp1('unsortedSegmentSum', [x, segmentIds], { numSegments }, [undefined, 'int32']);
}

/**
 * A copy of `tensor` with the slices at the index tuples of `indices` (int32, last axis the
 * tuples) replaced by `updates`; of repeated tuples the last update wins. Rank-1 indices are one
 * index each, as TF.js. Differentiable in tensor and updates.
 *
 * @example
 * tp.tensorScatterUpdate(tp.tensor([1, 2, 3, 4]), [[1], [3]], tp.tensor([9, 10])).print(); // [1, 9, 3, 10]
 */
export function tensorScatterUpdate(tensor: TensorLike, indices: TensorLike, updates: TensorLike): Tensor {
  const op = 'tensorScatterUpdate';
  return withTensors(op, [[tensor, undefined], [indices, 'int32']], (t, idx) =>
    withTensors(op, [[updates, t.dtype]], (u) =>
      tidy(() => callOp1(op, [t, idx.rank === 1 ? expandDims(idx, -1) : idx, u])),
    ),
  );
}

function search(op: string, sortedSequence: TensorLike, values: TensorLike, side: 'left' | 'right'): Tensor {
  if (side !== 'left' && side !== 'right') throw new Error(`${op}: side must be 'left' or 'right', got ${describeValue(side)}`);
  return withTensors(op, [[sortedSequence, undefined]], (seq) =>
    withTensors(op, [[values, seq.dtype]], (v) => {
      if (seq.rank === 0 || v.rank === 0)
        throw new Error(`${op}: sortedSequence ${shapeStr(seq.shape)} and values ${shapeStr(v.shape)} must have rank >= 1`);
      if (seq.dtype !== v.dtype) throw new Error(`${op}: sortedSequence is ${seq.dtype} and values ${v.dtype}; they must have one dtype`);
      const n = seq.shape[seq.rank - 1]!;
      const m = v.shape[v.rank - 1]!;
      const rows = product(seq.shape.slice(0, -1));
      if (rows !== product(v.shape.slice(0, -1)))
        throw new Error(`${op}: the leading dims of sortedSequence ${shapeStr(seq.shape)} and values ${shapeStr(v.shape)} must match`);
      return tidy(() => {
        // Position = how many sequence entries lie before the value: below it (left), or at most
        // it (right); on a sorted row this is the binary search's answer.
        const s3 = reshape(seq, [rows, 1, n]);
        const v3 = reshape(v, [rows, m, 1]);
        const before = side === 'left' ? less(s3, v3) : lessEqual(s3, v3);
        return reshape(sum(cast(before, 'int32'), -1), v.shape);
      });
    }),
  );
}

/**
 * For each value, where it would go in its row of `sortedSequence` (sorted along the last axis)
 * to keep the row sorted: the first such place (side 'left') or the last ('right'). The leading
 * dims of both hold the rows; the result is int32, shaped like `values`.
 *
 * @example
 * tp.searchSorted(tp.tensor([1, 2, 2, 3]), tp.tensor([2, 0, 5])).print(); // [1, 0, 4]
 * tp.searchSorted(tp.tensor([1, 2, 2, 3]), tp.tensor([2]), 'right').print(); // [3]
 */
export function searchSorted(sortedSequence: TensorLike, values: TensorLike, side: 'left' | 'right' = 'left'): Tensor {
  return search('searchSorted', sortedSequence, values, side);
}

/**
 * searchSorted with side 'left': the first index at which each value could be inserted.
 *
 * @example
 * tp.lowerBound(tp.tensor([1, 2, 2, 3]), tp.tensor([2])).print(); // [1]
 */
export function lowerBound(sortedSequence: TensorLike, values: TensorLike): Tensor {
  return search('lowerBound', sortedSequence, values, 'left');
}

/**
 * searchSorted with side 'right': the last index at which each value could be inserted.
 *
 * @example
 * tp.upperBound(tp.tensor([1, 2, 2, 3]), tp.tensor([2])).print(); // [3]
 */
export function upperBound(sortedSequence: TensorLike, values: TensorLike): Tensor {
  return search('upperBound', sortedSequence, values, 'right');
}

// Counts (or weight sums) of the values of x in [0, size), per row of a matrix x when `perRow`.
function binCounts(op: string, x: Tensor, weights: Tensor, size: number, perRow: boolean, binary: boolean): Tensor {
  const values = x.dataSync();
  for (let i = 0; i < values.length; i++)
    if (values[i]! < 0) throw new Error(`${op}: x must be non-negative, got ${values[i]} at flat index ${i}`);
  const rows = perRow ? x.shape[0]! : 1;
  return tidy(() => {
    // Row r's value v goes to segment r * size + v; values past the end go nowhere (-1).
    const ids = perRow ? add(x, reshape(mul(range(0, rows, 1, 'int32'), size), [rows, 1])) : x;
    const kept = reshape(where(less(x, size), ids, fill(x.shape, -1, 'int32')), [x.size]);
    const data = weights.size === 0 || binary ? fill([x.size], 1, weights.dtype) : reshape(weights, [x.size]);
    const counts = unsortedSegmentSum(data, kept, rows * size);
    const out = binary ? cast(greater(counts, 0), weights.dtype) : counts;
    return reshape(out, perRow ? [rows, size] : [size]);
  });
}

function checkBincount(op: string, x: Tensor, weights: Tensor, size: number): void {
  checkArg(size, 'integer', op, 'size');
  if (size < 0) throw new Error(`${op}: size must be non-negative, got ${size}`);
  if (x.dtype !== 'int32') throw new Error(`${op}: x must be int32, got ${x.dtype}${shapeStr(x.shape)}`);
  if (weights.size !== 0 && weights.size !== x.size)
    throw new Error(`${op}: weights ${shapeStr(weights.shape)} must have the size of x ${shapeStr(x.shape)} or be empty`);
  if (weights.dtype === 'bool') throw new Error(`${op}: weights must be numeric, got bool`);
}

/**
 * How often each value in [0, size) occurs in x (int32, any shape), or with `weights` (the size
 * of x, or empty for all ones) the sum of their weights. The result has weights' dtype; values
 * >= size are left out, negative values are an error.
 *
 * @example
 * tp.bincount(tp.tensor([1, 1, 3], undefined, 'int32'), [], 4).print(); // [0, 2, 0, 1]
 */
export function bincount(x: TensorLike, weights: TensorLike, size: number): Tensor {
  const op = 'bincount';
  return withTensors(op, [[x, undefined], [weights, undefined]], (xt, w) => {
    checkBincount(op, xt, w, size);
    return binCounts(op, xt, w, size, false, false);
  });
}

/**
 * bincount of a vector, or of each row of a matrix ([rows, size] result). With binaryOutput, 1
 * where a value occurs at all (weights ignored, as TensorFlow).
 *
 * @example
 * tp.denseBincount(tp.tensor([[1, 1], [0, 2]], undefined, 'int32'), [], 3).print(); // [[0, 2, 0], [1, 0, 1]]
 */
export function denseBincount(x: TensorLike, weights: TensorLike, size: number, binaryOutput = false): Tensor {
  const op = 'denseBincount';
  checkArg(binaryOutput, 'boolean', op, 'binaryOutput');
  return withTensors(op, [[x, undefined], [weights, undefined]], (xt, w) => {
    checkBincount(op, xt, w, size);
    if (xt.rank !== 1 && xt.rank !== 2) throw new Error(`${op}: x must have rank 1 or 2, got shape ${shapeStr(xt.shape)}`);
    return binCounts(op, xt, w, size, xt.rank === 2, binaryOutput);
  });
}

/**
 * The distinct slices of x along `axis`, in order of first appearance, and for each slice of x
 * the index of its distinct slice (int32). NaN equals NaN and 0 equals -0 here, as TF.js.
 *
 * @example
 * const { values, indices } = tp.unique(tp.tensor([1, 3, 1, 2]));
 * values.print(); // [1, 3, 2]
 * indices.print(); // [0, 1, 0, 2]
 */
export function unique(x: TensorLike, axis = 0): { values: Tensor; indices: Tensor } {
  const op = 'unique';
  checkArg(axis, 'integer', op, 'axis');
  return withTensors(op, [[x, undefined]], (t) => {
    if (t.rank === 0) throw new Error(`${op}: x must have rank >= 1, got a scalar`);
    if (axis < -t.rank || axis >= t.rank) throw new Error(`${op}: axis ${axis} is out of range for shape ${shapeStr(t.shape)}`);
    const ax = axis < 0 ? axis + t.rank : axis;
    const n = t.shape[ax]!;
    const perm = [ax, ...t.shape.map((_, i) => i).filter((i) => i !== ax)];
    const slices = tidy(() => reshape(transpose(t, perm), [n, n === 0 ? 0 : t.size / n]));
    const data = slices.dataSync();
    slices.dispose();
    const width = n === 0 ? 0 : data.length / n;
    const seen = new Map<string, number>();
    const first: number[] = [];
    const indices = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      // String(-0) is "0" and String(NaN) is "NaN": the equalities stated above.
      const key = Array.from(data.subarray(i * width, (i + 1) * width), String).join(',');
      let k = seen.get(key);
      if (k === undefined) {
        k = first.length;
        seen.set(key, k);
        first.push(i);
      }
      indices[i] = k;
    }
    return {
      values: gather(t, Int32Array.from(first), ax),
      indices: tensor(indices, [n], 'int32'),
    };
  });
}

/**
 * Whether each target (int32 class index) is among the k largest predictions of its row (ties
 * go to the lower index). predictions has rank >= 2; targets its shape without the last axis.
 *
 * @example
 * const hit = await tp.inTopKAsync(tp.tensor([[20, 10, 40, 30], [30, 50, -20, 10]]), tp.tensor([2, 0], undefined, 'int32'));
 * hit.print(); // [true, false]
 */
export async function inTopKAsync(predictions: TensorLike, targets: TensorLike, k = 1): Promise<Tensor> {
  const op = 'inTopKAsync';
  checkArg(k, 'integer', op, 'k');
  return withTensors(op, [[predictions, undefined], [targets, 'int32']], (p, tg) => {
    if (p.rank < 2) throw new Error(`${op}: predictions must have rank >= 2, got shape ${shapeStr(p.shape)}`);
    if (tg.rank !== p.rank - 1 || tg.shape.some((d, i) => d !== p.shape[i]))
      throw new Error(`${op}: targets ${shapeStr(tg.shape)} must have the shape of predictions ${shapeStr(p.shape)} without its last axis`);
    const last = p.shape[p.rank - 1]!;
    if (k < 1 || k > last) throw new Error(`${op}: k must be in [1, ${last}] (the last dim of predictions), got ${k}`);
    return tidy(() => {
      const top = topk(p, k).indices;
      const t = tg.dtype === 'int32' ? tg : cast(tg, 'int32');
      return any(equal(top, expandDims(t, -1)), -1);
    });
  });
}
