// Chainable op methods: t.add(u).mul(2), t.matMul(u), t.mean(), t.at('0, 1'), ... Each method is
// the tp function of the same name with the tensor as its first argument; the table below is the
// single list, and the Tensor interface (tensor.ts) derives its method types from it.
import { describeValue, type TensorLike } from './convert.js';
import { indexTensor, type IndexArg } from './indexing.js';
import { concat, mirrorPad, pad, split, stack, tile } from './ops/assemble.js';
import * as binary from './ops/binary.js';
import { gather, gatherND, oneHot } from './ops/gather_scatter.js';
import { dot, matMul } from './ops/linalg.js';
import { norm, squaredDifference } from './ops/math_composites.js';
import { all, any, argMax, argMin, logSumExp, max, mean, min, prod, sum } from './ops/reduction.js';
import { cumprod, cumsum } from './ops/scan.js';
import { broadcastTo, clone, expandDims, flatten, reshape, reverse, squeeze, transpose } from './ops/shape.js';
import { slice, stridedSlice, unstack } from './ops/slicing.js';
import { logSoftmax, softmax } from './ops/softmax.js';
import { topk } from './ops/topk.js';
import * as unary from './ops/unary.js';
import { buffer, type TensorBuffer } from './buffer.js';
import { isDType, type DType } from './dtype.js';
import { checkArg, named } from './ops/op_helpers.js';
import { unique, unsortedSegmentSum } from './ops/segment_search.js';
import { batchToSpaceND, spaceToBatchND } from './ops/space_batch.js';
import { divNoNan, isInf, logicalXor, prelu, step } from './ops/tfjs_composites.js';
import { conv1d, conv2d, conv2dTranspose, depthwiseConv2d, separableConv2d } from './ops/conv.js';
import { avgPool, maxPool } from './ops/pool.js';
import { resizeBilinear, resizeNearestNeighbor } from './ops/image.js';
import { localResponseNormalization } from './ops/normalization.js';
import { onesLike, zerosLike } from './ops/fill.js';
import { Tensor, type Rank, type Scalar, type Tensor1D, type Tensor2D, type Tensor3D, type Tensor4D, type Tensor5D } from './tensor.js';
import { variable, type Variable } from './variable.js';

function asRank<T extends Tensor>(x: Tensor, shape: number[], op: string): T {
  shape.forEach((d, i) => checkArg(d, 'integer', op, `dimension ${i}`));
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== x.size) throw new Error(`${op}: shape [${shape.join(',')}] holds ${n} elements, the tensor has ${x.size} (shape [${x.shape.join(',')}])`);
  return reshape(x, shape) as T;
}

const { add, sub, mul, div, pow, floorDiv, mod, maximum, minimum, equal, notEqual, less, lessEqual, greater, greaterEqual, logicalAnd, logicalOr, atan2 } = binary;
const { neg, abs, sign, floor, ceil, round, square, sqrt, rsqrt, reciprocal, exp, expm1, log, log1p, sin, cos, tan, tanh, sigmoid, softplus, relu, relu6, elu, selu, erf, logicalNot, isNaN, isFinite, leakyRelu, gelu, cast, clipByValue, acos, asin, atan, acosh, asinh, atanh, cosh, sinh } = unary;

const methods = {
  // elementwise
  neg, abs, sign, floor, ceil, round, square, sqrt, rsqrt, reciprocal, exp, expm1, log, log1p,
  sin, cos, tan, tanh, sigmoid, softplus, relu, relu6, elu, selu, erf, logicalNot, isNaN, isFinite,
  leakyRelu, gelu, cast, clipByValue, acos, asin, atan, acosh, asinh, atanh, cosh, sinh,
  add, sub, mul, div, pow, floorDiv, mod, maximum, minimum, equal, notEqual, less, lessEqual,
  greater, greaterEqual, logicalAnd, logicalOr, squaredDifference, atan2,
  // reductions
  sum, mean, max, min, prod, logSumExp, any, all, argMax, argMin, softmax, logSoftmax, cumsum, cumprod, topk, norm,
  // linear algebra
  matMul, dot,
  // layout and indexing
  reshape, transpose, expandDims, squeeze, broadcastTo, reverse, clone, flatten, stridedSlice, slice,
  unstack, split, tile, pad, mirrorPad, gather, gatherND, oneHot,
  /** Joins this tensor and `others` along `axis` (TF.js's t.concat). */
  concat: (x: Tensor, others: TensorLike | readonly TensorLike[], axis = 0): Tensor => concat([x, ...(Array.isArray(others) ? others : [others])], axis),
  /** Stacks this tensor and `others` along a new `axis` (TF.js's t.stack). */
  stack: (x: Tensor, others: TensorLike | readonly TensorLike[], axis = 0): Tensor => stack([x, ...(Array.isArray(others) ? others : [others])], axis),
  step, logicalXor, isInf, prelu, divNoNan, onesLike, zerosLike,
  unsortedSegmentSum, unique, spaceToBatchND, batchToSpaceND,
  /** Picks this tensor where `condition` is true, else `b` (TF.js's t.where(condition, b)). */
  where: (x: Tensor, condition: TensorLike, b: TensorLike): Tensor => binary.where(condition, x, b),
  // convolution, pooling, images
  conv1d, conv2d, conv2dTranspose, depthwiseConv2d, separableConv2d, maxPool, avgPool,
  resizeBilinear, resizeNearestNeighbor, localResponseNormalization,
  // TF.js's conversions and reshapes
  /** cast to float32. */
  toFloat: (x: Tensor): Tensor => unary.cast(x, 'float32'),
  /** cast to int32 (truncating). */
  toInt: (x: Tensor): Tensor => unary.cast(x, 'int32'),
  /** cast to bool (!= 0). */
  toBool: (x: Tensor): Tensor => unary.cast(x, 'bool'),
  /** cast, under TF.js's method name. */
  asType: (x: Tensor, dtype: DType): Tensor => {
    if (!isDType(dtype)) throw new Error(`asType: unknown dtype ${describeValue(dtype)}`);
    return named('asType', () => unary.cast(x, dtype));
  },
  /** The single value as a rank-0 tensor. */
  asScalar: (x: Tensor): Scalar => asRank(x, [], 'asScalar'),
  /** Flattened to rank 1. */
  as1D: (x: Tensor): Tensor1D => named('as1D', () => reshape(x, [x.size]) as Tensor1D),
  /** Reshaped to [rows, columns]. */
  as2D: (x: Tensor, rows: number, columns: number): Tensor2D => asRank(x, [rows, columns], 'as2D'),
  /** Reshaped to rank 3. */
  as3D: (x: Tensor, rows: number, columns: number, depth: number): Tensor3D => asRank(x, [rows, columns, depth], 'as3D'),
  /** Reshaped to rank 4. */
  as4D: (x: Tensor, rows: number, columns: number, depth: number, depth2: number): Tensor4D => asRank(x, [rows, columns, depth, depth2], 'as4D'),
  /** Reshaped to rank 5. */
  as5D: (x: Tensor, rows: number, columns: number, depth: number, depth2: number, depth3: number): Tensor5D =>
    asRank(x, [rows, columns, depth, depth2, depth3], 'as5D'),
  /** A TensorBuffer holding a copy of the values. */
  bufferSync: (x: Tensor): TensorBuffer => named('bufferSync', () => buffer(x.shape, x.dtype, x.dataSync())),
  /** A TensorBuffer holding a copy of the values, asynchronously. */
  buffer: (x: Tensor): Promise<TensorBuffer> => new Promise((resolve) => resolve(named('buffer', () => buffer(x.shape, x.dtype, x.dataSync())))),
  /** The raw little-endian bytes of the values, asynchronously. */
  bytes: (x: Tensor): Promise<Uint8Array> => new Promise((resolve) => {
    const d = named('bytes', () => x.dataSync());
    resolve(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  }),
  /** A new variable holding a copy of this tensor (TF.js's t.variable; tp.variable's arguments). */
  variable: (x: Tensor, trainable = true, name?: string, dtype?: DType): Variable => variable(x, trainable, name, dtype),
  /** NumPy-style indexing; see tp.IndexArg. A view, no copy. */
  at: (x: Tensor, ...args: IndexArg[]): Tensor => indexTensor(x, args),
};

type Method<F> = F extends (x: never, ...args: infer A) => infer R ? (...args: A) => R : never;
// An op method returning a tensor of unknown rank takes the result's type from its use, as TF.js's
// chained ops do (`let s = tp.scalar(0); s = s.add(1)` keeps s a Scalar); R defaults to any rank.
// `at` stays plain: Variable narrows it to return a VariableSlice.
type OpMethod<F> = F extends (x: never, ...args: infer A) => infer R
  ? [R] extends [Tensor] ? ([Tensor] extends [R] ? <N extends Rank = Rank>(...args: A) => Tensor<N> : (...args: A) => R) : (...args: A) => R
  : never;
/** The op methods every Tensor has. */
export type TensorMethods = { [K in keyof typeof methods]: K extends 'at' ? Method<(typeof methods)[K]> : OpMethod<(typeof methods)[K]> };

/**
 * Methods with a fixed parameter list (TF.js's conversions): the number of arguments they take.
 * Further arguments are rejected rather than ignored (t.toFloat('int32') is a mistake).
 */
const ARITY: Partial<Record<keyof typeof methods, number>> = {
  toFloat: 0, toInt: 0, toBool: 0, asType: 1, asScalar: 0, as1D: 0, as2D: 2, as3D: 3, as4D: 4, as5D: 5, bufferSync: 0, buffer: 0, bytes: 0,
};

function checkArity(name: string, arity: number, args: readonly unknown[]): void {
  const extra = args.slice(arity).findIndex((a) => a !== undefined);
  if (extra >= 0)
    throw new Error(`${name}: takes ${arity === 0 ? 'no arguments' : `${arity} argument${arity > 1 ? 's' : ''}`}, got ${describeValue(args[arity + extra])} as argument ${arity + extra}`);
}

for (const [name, fn] of Object.entries(methods) as [string, (x: Tensor, ...args: unknown[]) => unknown][]) {
  const arity = ARITY[name as keyof typeof methods];
  Object.defineProperty(Tensor.prototype, name, {
    value:
      arity === undefined
        ? function (this: Tensor, ...args: unknown[]) {
            return fn(this, ...args);
          }
        : function (this: Tensor, ...args: unknown[]) {
            // An async method reports a bad call as a rejected promise, as its other errors.
            if (name === 'buffer' || name === 'bytes')
              try {
                checkArity(name, arity, args);
              } catch (e) {
                return Promise.reject(e);
              }
            else checkArity(name, arity, args);
            return fn(this, ...args);
          },
    writable: true,
    configurable: true,
  });
}
