// Max and average pooling over channels-last images (core/ops/pool.cpp), with TF.js's names and
// argument order. The core takes resolved (before, after) pads per spatial axis; this file turns
// TF.js's 'valid' / 'same' / number / explicit padding and dimRoundingMode into them.
import { convertToTensor, describeValue, type TensorLike } from '../convert.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { callOp, callOp1, checkArg, named } from './op_helpers.js';
import { reshape } from './shape.js';

/** Explicit padding in TF.js's form: one [before, after] pair per axis of x (NHWC), batch and channels [0, 0]. */
export type ExplicitPadding = ReadonlyArray<readonly [number, number] | readonly number[]>;
/** 'valid' (no padding), 'same' (output size ceil(input / stride)), a number padded on every side, or explicit pairs. */
export type PoolPadding = 'valid' | 'same' | number | ExplicitPadding;
/** How a fractional output size is rounded when the padding is a number or explicit (default: truncated). */
export type DimRoundingMode = 'floor' | 'round' | 'ceil';

function roundSize(v: number, mode: DimRoundingMode | undefined): number {
  switch (mode) {
    case undefined: return Math.trunc(v);
    case 'floor': return Math.floor(v);
    case 'round': return Math.round(v);
    case 'ceil': return Math.ceil(v);
    default: throw new Error(`dimRoundingMode must be 'floor', 'round' or 'ceil', got '${String(mode)}'`);
  }
}

function fmt(v: unknown): string {
  try {
    return JSON.stringify(v) ?? describeValue(v);
  } catch {
    return describeValue(v);
  }
}

/** `v` as a list of `n` positive integers (a number stands for all of them). */
export function windowList(op: string, what: string, v: number | readonly number[], n: number): number[] {
  if (typeof v !== 'number' && !Array.isArray(v)) throw new Error(`${op}: ${what} must be ${n} positive integers (or one for all), got ${fmt(v)}`);
  const list = typeof v === 'number' ? new Array<number>(n).fill(v) : [...v];
  if (list.length !== n || !list.every((k) => Number.isInteger(k) && k >= 1))
    throw new Error(`${op}: ${what} must be ${n} positive integers (or one for all), got ${fmt(v)}`);
  return list;
}

/**
 * The (before, after) pads per spatial axis that give TF.js's output size for `pad` and
 * `dimRoundingMode`, flattened for the core. Padded cells never count in pooling, so padding
 * more after the input to reach a rounded-up size changes nothing else.
 */
export function poolPads(op: string, spatial: readonly number[], filter: readonly number[], strides: readonly number[], pad: PoolPadding, dimRoundingMode?: DimRoundingMode): number[] {
  const n = spatial.length;
  if (dimRoundingMode != null) {
    const ints = typeof pad === 'number' ? [pad] : Array.isArray(pad) && pad.every((p) => Array.isArray(p)) ? pad.flat() : null;
    if (ints === null || !ints.every(Number.isInteger))
      throw new Error(`${op}: pad must be an integer when using dimRoundingMode ${dimRoundingMode}, got pad ${fmt(pad)}`);
  }
  const pads: number[] = [];
  for (let i = 0; i < n; ++i) {
    const size = spatial[i]!, k = filter[i]!, s = strides[i]!;
    let before: number;
    let after: number;
    let out: number;
    if (pad === 'valid') {
      [before, after] = [0, 0];
      out = Math.ceil((size - k + 1) / s);
    } else if (pad === 'same') {
      out = Math.ceil(size / s);
      const total = Math.max(0, (out - 1) * s + k - size);
      before = Math.floor(total / 2);
      after = total - before;
    } else if (typeof pad === 'number') {
      if (!(pad >= 0)) throw new Error(`${op}: pad must be 'valid', 'same', a non-negative number or explicit pairs, got ${fmt(pad)}`);
      [before, after] = [pad, pad];
      out = roundSize((size - k + 2 * pad) / s + 1, dimRoundingMode);
    } else if (Array.isArray(pad)) {
      if (pad.length !== n + 2 || pad.some((p) => !Array.isArray(p) || p.length !== 2 || !p.every((v: number) => Number.isInteger(v) && v >= 0)))
        throw new Error(`${op}: explicit padding must be ${n + 2} pairs [before, after] of non-negative integers (batch and channels [0, 0]), got ${fmt(pad)}`);
      [before, after] = [pad[i + 1]![0]!, pad[i + 1]![1]!];
      out = roundSize((size - k + before + after) / s + 1, dimRoundingMode);
    } else {
      throw new Error(`${op}: pad must be 'valid', 'same', a number or explicit pairs, got ${fmt(pad)}`);
    }
    if (out < 1 || size + before + after < k)
      throw new Error(`${op}: filterSize ${fmt(filter)} with strides ${fmt(strides)} and pad ${fmt(pad)} leaves no output for an input of spatial size ${fmt(spatial)}`);
    // Integer pads (the core's); a fractional number pad only enters the output size.
    before = Math.floor(before);
    after = Math.max(Math.floor(after), (out - 1) * s + k - size - before);
    pads.push(before, after);
  }
  return pads;
}

type PoolOp = 'maxPool' | 'avgPool';

function pool(op: PoolOp, name: string, spatialRank: 2 | 3, x: TensorLike, filterSize: number | readonly number[], strides: number | readonly number[], pad: PoolPadding, dimRoundingMode?: DimRoundingMode): Tensor {
  return named(name, () => {
    const c = convertToTensor(x, undefined, name);
    try {
      return tidy(() => {
        let t = c.tensor;
        const unbatched = t.rank === spatialRank + 1;
        if (!unbatched && t.rank !== spatialRank + 2) {
          const layout = spatialRank === 2 ? '[batch, height, width, channels]' : '[batch, depth, height, width, channels]';
          throw new Error(`${name}: x must be rank ${spatialRank + 2} ${layout} or rank ${spatialRank + 1} without the batch, got shape ${fmt(t.shape)}`);
        }
        if (unbatched) t = reshape(t, [1, ...t.shape]);
        const k = windowList(name, 'filterSize', filterSize, spatialRank);
        const s = windowList(name, 'strides', strides, spatialRank);
        const pads = poolPads(name, t.shape.slice(1, -1), k, s, pad, dimRoundingMode);
        const y = callOp1(op, [t], { filterSize: k, strides: s, pads });
        return unbatched ? reshape(y, y.shape.slice(1)) : y;
      });
    } finally {
      if (c.created) c.tensor.dispose();
    }
  });
}

/**
 * Max pooling of NHWC images (rank 4, or rank 3 without the batch): the largest value of each
 * `filterSize` window moved by `strides`. Padded cells never win. The gradient goes to the first
 * maximum of each window in row-major order, as in TensorFlow; NaN propagates.
 *
 * @example
 * const x = tp.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 4, 4, 1]);
 * tp.maxPool(x, 2, 2, 'valid').reshape([2, 2]).print(); // [[6, 8], [14, 16]]
 */
export function maxPool(x: TensorLike, filterSize: number | readonly [number, number], strides: number | readonly [number, number], pad: PoolPadding, dimRoundingMode?: DimRoundingMode): Tensor {
  return pool('maxPool', 'maxPool', 2, x, filterSize, strides, pad, dimRoundingMode);
}

/**
 * Average pooling of NHWC images: the mean of each window over its cells inside the image
 * (padding is not counted, as in TensorFlow).
 *
 * @example
 * const x = tp.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3, 1]);
 * tp.avgPool(x, 2, 1, 'valid').reshape([2, 2]).print(); // [[3, 4], [6, 7]]
 * tp.avgPool(x, 2, 2, 'same').reshape([2, 2]).print(); // [[3, 4.5], [7.5, 9]]
 */
export function avgPool(x: TensorLike, filterSize: number | readonly [number, number], strides: number | readonly [number, number], pad: PoolPadding, dimRoundingMode?: DimRoundingMode): Tensor {
  return pool('avgPool', 'avgPool', 2, x, filterSize, strides, pad, dimRoundingMode);
}

function checkNdhwc(op: string, dataFormat: string): void {
  if (dataFormat !== 'NDHWC') throw new Error(`${op}: only dataFormat 'NDHWC' is supported, got ${fmt(dataFormat)}`);
}

/**
 * 3-D max pooling of NDHWC volumes (rank 5, or rank 4 without the batch).
 *
 * @example
 * const x = tp.range(0, 8).reshape([1, 2, 2, 2, 1]);
 * tp.maxPool3d(x, 2, 1, 'valid').print(); // [[[[[7]]]]]
 */
export function maxPool3d(x: TensorLike, filterSize: number | readonly [number, number, number] = [1, 1, 1], strides: number | readonly [number, number, number] = [1, 1, 1], pad: PoolPadding = 'valid', dimRoundingMode?: DimRoundingMode, dataFormat: 'NDHWC' | 'NCDHW' = 'NDHWC'): Tensor {
  checkNdhwc('maxPool3d', dataFormat);
  return pool('maxPool', 'maxPool3d', 3, x, filterSize, strides, pad, dimRoundingMode);
}

/**
 * 3-D average pooling of NDHWC volumes (padding not counted).
 *
 * @example
 * const x = tp.range(0, 8).reshape([1, 2, 2, 2, 1]);
 * tp.avgPool3d(x, 2, 1, 'valid').print(); // [[[[[3.5]]]]]
 */
export function avgPool3d(x: TensorLike, filterSize: number | readonly [number, number, number] = [1, 1, 1], strides: number | readonly [number, number, number] = [1, 1, 1], pad: PoolPadding = 'valid', dimRoundingMode?: DimRoundingMode, dataFormat: 'NDHWC' | 'NCDHW' = 'NDHWC'): Tensor {
  checkNdhwc('avgPool3d', dataFormat);
  return pool('avgPool', 'avgPool3d', 3, x, filterSize, strides, pad, dimRoundingMode);
}

/**
 * Max pooling of a rank-4 NHWC batch plus the flat int32 position of each maximum in x,
 * `(y * width + x) * channels + c`, or with `includeBatchInIndex`
 * `((b * height + y) * width + x) * channels + c`. Ties pick the first maximum.
 *
 * @example
 * const x = tp.tensor4d([1, 5, 3, 2], [1, 2, 2, 1]);
 * const { result, indexes } = tp.maxPoolWithArgmax(x, 2, 2, 'valid');
 * result.print(); // [[[[5]]]]
 * indexes.print(); // [[[[1]]]]
 */
export function maxPoolWithArgmax(x: TensorLike, filterSize: number | readonly [number, number], strides: number | readonly [number, number], pad: 'valid' | 'same' | number, includeBatchInIndex = false): { result: Tensor; indexes: Tensor } {
  const op = 'maxPoolWithArgmax';
  return named(op, () => {
    const c = convertToTensor(x, undefined, op);
    try {
      const [result, indexes] = tidy(() => {
        const t = c.tensor;
        if (t.rank !== 4) throw new Error(`${op}: x must be rank 4 [batch, height, width, channels], got shape ${fmt(t.shape)}`);
        const k = windowList(op, 'filterSize', filterSize, 2);
        const s = windowList(op, 'strides', strides, 2);
        const pads = poolPads(op, t.shape.slice(1, 3), k, s, pad);
        checkArg(includeBatchInIndex, 'boolean', op, 'includeBatchInIndex');
        return callOp(op, [t], { filterSize: k, strides: s, pads, includeBatchInIndex }) as [Tensor, Tensor];
      });
      return { result, indexes };
    } finally {
      if (c.created) c.tensor.dispose();
    }
  });
}
