// Chainable op methods: t.add(u).mul(2), t.matMul(u), t.mean(), t.at('0, 1'), ... Each method is
// the tp function of the same name with the tensor as its first argument; the table below is the
// single list, and the Tensor interface (tensor.ts) derives its method types from it.
import type { TensorLike } from './convert.js';
import { indexTensor, type IndexArg } from './indexing.js';
import { concat, mirrorPad, pad, split, stack, tile } from './ops/assemble.js';
import * as binary from './ops/binary.js';
import { gather, gatherND, oneHot } from './ops/gather_scatter.js';
import { dot, matMul } from './ops/linalg.js';
import { norm, squaredDifference } from './ops/math_composites.js';
import { all, any, argMax, argMin, logSumExp, max, mean, min, prod, sum } from './ops/reduction.js';
import { cumsum } from './ops/scan.js';
import { broadcastTo, clone, expandDims, flatten, reshape, reverse, squeeze, transpose } from './ops/shape.js';
import { slice, stridedSlice, unstack } from './ops/slicing.js';
import { logSoftmax, softmax } from './ops/softmax.js';
import { topk } from './ops/topk.js';
import * as unary from './ops/unary.js';
import { buffer, type TensorBuffer } from './buffer.js';
import type { DType } from './dtype.js';
import { isInf, logicalXor, step } from './ops/tfjs_composites.js';
import { Tensor } from './tensor.js';

function asRank(x: Tensor, shape: number[], op: string): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== x.size) throw new Error(`${op}: shape [${shape.join(',')}] holds ${n} elements, the tensor has ${x.size} (shape [${x.shape.join(',')}])`);
  return reshape(x, shape);
}

const { add, sub, mul, div, pow, floorDiv, mod, maximum, minimum, equal, notEqual, less, lessEqual, greater, greaterEqual, logicalAnd, logicalOr } = binary;
const { neg, abs, sign, floor, ceil, round, square, sqrt, rsqrt, reciprocal, exp, expm1, log, log1p, sin, cos, tan, tanh, sigmoid, softplus, relu, relu6, elu, selu, erf, logicalNot, isNaN, isFinite, leakyRelu, gelu, cast, clipByValue } = unary;

const methods = {
  // elementwise
  neg, abs, sign, floor, ceil, round, square, sqrt, rsqrt, reciprocal, exp, expm1, log, log1p,
  sin, cos, tan, tanh, sigmoid, softplus, relu, relu6, elu, selu, erf, logicalNot, isNaN, isFinite,
  leakyRelu, gelu, cast, clipByValue,
  add, sub, mul, div, pow, floorDiv, mod, maximum, minimum, equal, notEqual, less, lessEqual,
  greater, greaterEqual, logicalAnd, logicalOr, squaredDifference,
  // reductions
  sum, mean, max, min, prod, logSumExp, any, all, argMax, argMin, softmax, logSoftmax, cumsum, topk, norm,
  // linear algebra
  matMul, dot,
  // layout and indexing
  reshape, transpose, expandDims, squeeze, broadcastTo, reverse, clone, flatten, stridedSlice, slice,
  unstack, split, tile, pad, mirrorPad, gather, gatherND, oneHot,
  /** Joins this tensor and `others` along `axis` (TF.js's t.concat). */
  concat: (x: Tensor, others: TensorLike | readonly TensorLike[], axis = 0): Tensor => concat([x, ...(Array.isArray(others) ? others : [others])], axis),
  /** Stacks this tensor and `others` along a new `axis` (TF.js's t.stack). */
  stack: (x: Tensor, others: TensorLike | readonly TensorLike[], axis = 0): Tensor => stack([x, ...(Array.isArray(others) ? others : [others])], axis),
  step, logicalXor, isInf,
  // TF.js's conversions and reshapes
  /** cast to float32. */
  toFloat: (x: Tensor): Tensor => unary.cast(x, 'float32'),
  /** cast to int32 (truncating). */
  toInt: (x: Tensor): Tensor => unary.cast(x, 'int32'),
  /** cast to bool (!= 0). */
  toBool: (x: Tensor): Tensor => unary.cast(x, 'bool'),
  /** cast, under TF.js's method name. */
  asType: (x: Tensor, dtype: DType): Tensor => unary.cast(x, dtype),
  /** The single value as a rank-0 tensor. */
  asScalar: (x: Tensor): Tensor => asRank(x, [], 'asScalar'),
  /** Flattened to rank 1. */
  as1D: (x: Tensor): Tensor => reshape(x, [x.size]),
  /** Reshaped to [rows, columns]. */
  as2D: (x: Tensor, rows: number, columns: number): Tensor => asRank(x, [rows, columns], 'as2D'),
  /** Reshaped to rank 3. */
  as3D: (x: Tensor, rows: number, columns: number, depth: number): Tensor => asRank(x, [rows, columns, depth], 'as3D'),
  /** Reshaped to rank 4. */
  as4D: (x: Tensor, rows: number, columns: number, depth: number, depth2: number): Tensor => asRank(x, [rows, columns, depth, depth2], 'as4D'),
  /** Reshaped to rank 5. */
  as5D: (x: Tensor, rows: number, columns: number, depth: number, depth2: number, depth3: number): Tensor =>
    asRank(x, [rows, columns, depth, depth2, depth3], 'as5D'),
  /** A TensorBuffer holding a copy of the values. */
  bufferSync: (x: Tensor): TensorBuffer => buffer(x.shape, x.dtype, x.dataSync()),
  /** A TensorBuffer holding a copy of the values, asynchronously. */
  buffer: (x: Tensor): Promise<TensorBuffer> => new Promise((resolve) => resolve(buffer(x.shape, x.dtype, x.dataSync()))),
  /** The raw little-endian bytes of the values, asynchronously. */
  bytes: (x: Tensor): Promise<Uint8Array> => new Promise((resolve) => {
    const d = x.dataSync();
    resolve(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  }),
  /** NumPy-style indexing; see tp.IndexArg. A view, no copy. */
  at: (x: Tensor, ...args: IndexArg[]): Tensor => indexTensor(x, args),
};

type Method<F> = F extends (x: never, ...args: infer A) => infer R ? (...args: A) => R : never;
/** The op methods every Tensor has. */
export type TensorMethods = { [K in keyof typeof methods]: Method<(typeof methods)[K]> };

for (const [name, fn] of Object.entries(methods) as [string, (x: Tensor, ...args: unknown[]) => unknown][]) {
  Object.defineProperty(Tensor.prototype, name, {
    value: function (this: Tensor, ...args: unknown[]) {
      return fn(this, ...args);
    },
    writable: true,
    configurable: true,
  });
}
