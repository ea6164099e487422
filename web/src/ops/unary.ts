// Elementwise functions of one tensor (core/ops/unary.cpp). Math functions take float32/float64;
// neg, abs, sign and square also take int32, as do round, relu, relu6, clipByValue and leakyRelu,
// and the float math TF.js runs on int32 with TF.js's result dtype (exp and erf give float32;
// expm1, log1p, reciprocal, softplus, selu, sinh and the inverse trigonometric functions give
// int32); logicalNot takes bool.
import type { TensorLike } from '../convert.js';
import type { DType } from '../dtype.js';
import { tidy } from '../memory.js';
import { Tensor, type Rank } from '../tensor.js';
import { callOp1, toInt32Like } from './op_helpers.js';

// int32 inputs where TF.js takes them and the core's kernel is float-only: computed in float64,
// which holds every int32 exactly, and cast back (exact for ops whose result is an integer).
function viaFloat64(x: TensorLike, compute: (f: Tensor) => Tensor): Tensor | undefined {
  if (!(x instanceof Tensor) || x.dtype !== 'int32') return undefined;
  return tidy(() => callOp1('cast', [compute(callOp1('cast', [x], { dtype: 'float64' }))], { dtype: 'int32' }));
}

// Elementwise: a tensor of a known rank gives one of the same rank (as TF.js types unary ops).
function unaryOp(name: string): <R extends Rank = Rank>(x: Tensor<R> | TensorLike) => Tensor<R> {
  return <R extends Rank>(x: Tensor<R> | TensorLike) => callOp1(name, [x]) as Tensor<R>;
}

// Float math that TF.js also runs on int32, with TF.js's result dtype: 'float32' computes in
// float32 and keeps it (exp, erf); 'int32' computes in float64 and stores the result as int32.
function floatMathOp(name: string, onInt32: 'float32' | 'int32'): <R extends Rank = Rank>(x: Tensor<R> | TensorLike) => Tensor<R> {
  return <R extends Rank>(x: Tensor<R> | TensorLike): Tensor<R> => {
    if (!(x instanceof Tensor) || x.dtype !== 'int32') return callOp1(name, [x]) as Tensor<R>;
    x.throwIfDisposed(name);
    if (onInt32 === 'float32') return tidy(() => callOp1(name, [callOp1('cast', [x], { dtype: 'float32' })])) as Tensor<R>;
    return tidy(() => toInt32Like(callOp1(name, [callOp1('cast', [x], { dtype: 'float64' })]))) as Tensor<R>;
  };
}

/** -x, elementwise. @example tp.neg(tp.tensor([1, -2])).print(); // [-1, 2] */
export const neg = unaryOp('neg');
/** |x|, elementwise. @example tp.abs(tp.tensor([-1.5, 2])).print(); // [1.5, 2] */
export const abs = unaryOp('abs');
/** -1, 0 or 1 by the sign of x. @example tp.sign(tp.tensor([-3, 0, 2])).print(); // [-1, 0, 1] */
export const sign = unaryOp('sign');
/** Largest integer <= x. @example tp.floor(tp.tensor([1.7, -1.2])).print(); // [1, -2] */
export const floor = unaryOp('floor');
/** Smallest integer >= x. @example tp.ceil(tp.tensor([1.2, -1.7])).print(); // [2, -1] */
export const ceil = unaryOp('ceil');
/** Nearest integer, halves to even (as TF). @example tp.round(tp.tensor([0.5, 1.5, 2.7])).print(); // [0, 2, 3] */
export const round = <R extends Rank = Rank>(x: Tensor<R> | TensorLike): Tensor<R> => (viaFloat64(x, (f) => callOp1('round', [f])) ?? callOp1('round', [x])) as Tensor<R>;
/** x², elementwise. @example tp.square(tp.tensor([1, 2, 3])).print(); // [1, 4, 9] */
export const square = unaryOp('square');
/** √x. @example tp.sqrt(tp.tensor([4, 9])).print(); // [2, 3] */
export const sqrt = unaryOp('sqrt');
/** 1/√x. @example tp.rsqrt(tp.tensor([4, 16])).print(); // [0.5, 0.25] */
export const rsqrt = unaryOp('rsqrt');
/** 1/x. @example tp.reciprocal(tp.tensor([2, 4])).print(); // [0.5, 0.25] */
export const reciprocal = floatMathOp('reciprocal', 'int32');
/** eˣ. @example tp.exp(tp.tensor([0, 1])).print(); // [1, 2.718282] */
export const exp = floatMathOp('exp', 'float32');
/** eˣ - 1, accurate near 0. @example tp.expm1(tp.tensor([0])).print(); // [0] */
export const expm1 = floatMathOp('expm1', 'int32');
/** Natural logarithm. @example tp.log(tp.tensor([1, Math.E])).print(); // [0, 1] */
export const log = unaryOp('log');
/** log(1 + x), accurate near 0. @example tp.log1p(tp.tensor([0])).print(); // [0] */
export const log1p = floatMathOp('log1p', 'int32');
/** Sine (radians). @example tp.sin(tp.tensor([0, Math.PI / 2])).print(); // [0, 1] */
export const sin = unaryOp('sin');
/** Cosine (radians). @example tp.cos(tp.tensor([0])).print(); // [1] */
export const cos = unaryOp('cos');
/** Tangent (radians). @example tp.tan(tp.tensor([0])).print(); // [0] */
export const tan = unaryOp('tan');
/** Hyperbolic tangent. @example tp.tanh(tp.tensor([0])).print(); // [0] */
export const tanh = unaryOp('tanh');
/** 1 / (1 + e⁻ˣ). @example tp.sigmoid(tp.tensor([0])).print(); // [0.5] */
export const sigmoid = unaryOp('sigmoid');
/** log(1 + eˣ). @example tp.softplus(tp.tensor([0])).print(); // [0.6931472] */
export const softplus = floatMathOp('softplus', 'int32');
/** max(x, 0). @example tp.relu(tp.tensor([-1, 2])).print(); // [0, 2] */
export const relu = <R extends Rank = Rank>(x: Tensor<R> | TensorLike): Tensor<R> => (viaFloat64(x, (f) => callOp1('relu', [f])) ?? callOp1('relu', [x])) as Tensor<R>;
/** min(max(x, 0), 6). @example tp.relu6(tp.tensor([-1, 3, 8])).print(); // [0, 3, 6] */
export const relu6 = <R extends Rank = Rank>(x: Tensor<R> | TensorLike): Tensor<R> => (viaFloat64(x, (f) => callOp1('relu6', [f])) ?? callOp1('relu6', [x])) as Tensor<R>;
/** x if x > 0, else eˣ - 1. @example tp.elu(tp.tensor([1, 0])).print(); // [1, 0] */
export const elu = unaryOp('elu');
/** Scaled ELU with TF's constants. @example tp.selu(tp.tensor([0])).print(); // [0] */
export const selu = floatMathOp('selu', 'int32');
/** Gauss error function. @example tp.erf(tp.tensor([0])).print(); // [0] */
export const erf = floatMathOp('erf', 'float32');
/** Inverse cosine, in [0, π]; NaN outside [-1, 1]. @example tp.acos(tp.tensor([1, 0])).print(); // [0, 1.5707964] */
export const acos = floatMathOp('acos', 'int32');
/** Inverse sine, in [-π/2, π/2]; NaN outside [-1, 1]. @example tp.asin(tp.tensor([0, 1])).print(); // [0, 1.5707964] */
export const asin = floatMathOp('asin', 'int32');
/** Inverse tangent. @example tp.atan(tp.tensor([0, 1])).print(); // [0, 0.7853982] */
export const atan = floatMathOp('atan', 'int32');
/** Inverse hyperbolic cosine; NaN below 1. @example tp.acosh(tp.tensor([1, 2])).print(); // [0, 1.316958] */
export const acosh = floatMathOp('acosh', 'int32');
/** Inverse hyperbolic sine. @example tp.asinh(tp.tensor([0, 1])).print(); // [0, 0.8813736] */
export const asinh = floatMathOp('asinh', 'int32');
/** Inverse hyperbolic tangent; ±Infinity at ±1, NaN outside [-1, 1]. @example tp.atanh(tp.tensor([0, 0.5])).print(); // [0, 0.5493061] */
export const atanh = floatMathOp('atanh', 'int32');
/** Hyperbolic cosine. @example tp.cosh(tp.tensor([0, 1])).print(); // [1, 1.5430806] */
export const cosh = unaryOp('cosh');
/** Hyperbolic sine. @example tp.sinh(tp.tensor([0, 1])).print(); // [0, 1.1752012] */
export const sinh = floatMathOp('sinh', 'int32');
/** NOT of a bool tensor. @example tp.logicalNot(tp.tensor([true, false])).print(); // [false, true] */
export function logicalNot<R extends Rank = Rank>(x: Tensor<R> | TensorLike): Tensor<R> {
  // A tensor-like is read as bool, as TF.js converts it.
  return callOp1('logicalNot', [x], {}, ['bool']) as Tensor<R>;
}
/** True where x is NaN. @example tp.isNaN(tp.tensor([NaN, 1])).print(); // [true, false] */
export const isNaN = unaryOp('isNaN');
/** True where x is neither infinite nor NaN. @example tp.isFinite(tp.tensor([Infinity, 1])).print(); // [false, true] */
export const isFinite = unaryOp('isFinite');

/**
 * x if x > 0, else alpha * x.
 *
 * @example
 * tp.leakyRelu(tp.tensor([-2, 3]), 0.1).print(); // [-0.2, 3]
 */
export function leakyRelu<R extends Rank = Rank>(x: Tensor<R> | TensorLike, alpha = 0.2): Tensor<R> {
  // int32 gives float32, as TF.js (alpha * x is not an integer).
  if (x instanceof Tensor && x.dtype === 'int32') return tidy(() => callOp1('leakyRelu', [callOp1('cast', [x], { dtype: 'float32' })], { alpha })) as Tensor<R>;
  return callOp1('leakyRelu', [x], { alpha }) as Tensor<R>;
}

/**
 * Gaussian error linear unit x·Φ(x); `approximate` uses the tanh form (as tf.nn.gelu).
 *
 * @example
 * tp.gelu(tp.tensor([0, 1])).print(); // [0, 0.8413447]
 */
export function gelu<R extends Rank = Rank>(x: Tensor<R> | TensorLike, approximate = false): Tensor<R> {
  return callOp1('gelu', [x], { approximate }) as Tensor<R>;
}

/**
 * Converts to another dtype (the only way dtypes change: ops never promote silently).
 * Float to int truncates toward zero; to bool tests != 0.
 *
 * @example
 * tp.cast(tp.tensor([1.7, -1.7]), 'int32').print(); // [1, -1]
 */
export function cast<R extends Rank = Rank>(x: Tensor<R> | TensorLike, dtype: DType): Tensor<R> {
  return callOp1('cast', [x], { dtype }) as Tensor<R>;
}

/**
 * Clamps every value into [clipValueMin, clipValueMax].
 *
 * @example
 * tp.clipByValue(tp.tensor([-5, 0.5, 5]), 0, 1).print(); // [0, 0.5, 1]
 */
export function clipByValue<R extends Rank = Rank>(x: Tensor<R> | TensorLike, clipValueMin: number, clipValueMax: number): Tensor<R> {
  // int32: clamped exactly, then truncated toward zero (a bound of 3.5 gives 3), as TF.js.
  const clipped = viaFloat64(x, (f) => callOp1('clipByValue', [f], { clipValueMin, clipValueMax }));
  if (clipped) return clipped as Tensor<R>;
  return callOp1('clipByValue', [x], { clipValueMin, clipValueMax }) as Tensor<R>;
}
