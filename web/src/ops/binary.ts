// Elementwise functions of two tensors with NumPy broadcasting (core/ops/binary.cpp). Both operands
// must have the same dtype (no silent promotion; tp.cast converts); a number or array operand
// takes the dtype of the tensor operand.
import type { TensorLike } from '../convert.js';
import { tidy } from '../memory.js';
import { Tensor, type Rank } from '../tensor.js';
import { callOp1, dtypeOfFirstTensor, named, toInt32Like } from './op_helpers.js';

// The result's type comes from its use, as TF.js types binary ops (`x = tp.add(x, 1)` keeps a
// Tensor2D x); a Tensor by default. Broadcasting decides the rank, so it cannot be read off a and b.
function binaryOp(name: string): <R extends Rank = Rank>(a: TensorLike, b: TensorLike) => Tensor<R> {
  return <R extends Rank>(a: TensorLike, b: TensorLike) => callOp1(name, [a, b]) as Tensor<R>;
}
/** Tensor-likes read as bool, as TF.js converts the operands of logical ops. */
function logicalOp(name: string): <R extends Rank = Rank>(a: TensorLike, b: TensorLike) => Tensor<R> {
  return <R extends Rank>(a: TensorLike, b: TensorLike) => callOp1(name, [a, b], {}, ['bool', 'bool']) as Tensor<R>;
}
/** Two bool tensors compare as int32 (TF.js's maximum/minimum of bools). */
function extremeOp(name: string): <R extends Rank = Rank>(a: TensorLike, b: TensorLike) => Tensor<R> {
  return <R extends Rank>(a: TensorLike, b: TensorLike): Tensor<R> => {
    const bools = [a, b].every((v) => !(v instanceof Tensor) || v.dtype === 'bool') && dtypeOfFirstTensor([a, b]) === 'bool';
    if (!bools) return callOp1(name, [a, b]) as Tensor<R>;
    return named(name, () => tidy(() => callOp1(name, [a, b].map((v) => callOp1('cast', [v], { dtype: 'int32' }, ['bool']))))) as Tensor<R>;
  };
}

/** a + b. @example tp.add(tp.tensor([1, 2]), 10).print(); // [11, 12] */
export const add = binaryOp('add');
/** a - b. @example tp.sub(tp.tensor([5, 7]), tp.tensor([1, 2])).print(); // [4, 5] */
export const sub = binaryOp('sub');
/** a * b. @example tp.mul(tp.tensor([[1], [2]]), tp.tensor([3, 4])).print(); // [[3, 4], [6, 8]] */
export const mul = binaryOp('mul');
/**
 * a / b: true division for floats, floor division for int32 (as TF.js).
 *
 * @example
 * tp.div(tp.tensor([1, 3]), 2).print(); // [0.5, 1.5]
 * tp.div(tp.tensor([7, -7], undefined, 'int32'), 2).print(); // [3, -4]
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  // int32 division floors, as TF.js; errors still name div.
  return named('div', () => callOp1(dtypeOfFirstTensor([a, b]) === 'int32' ? 'floorDiv' : 'div', [a, b]));
}
/**
 * aᵇ. int32 gives int32 as TF.js: wrapping around on overflow, and with a negative exponent 1/a⁻ᵇ
 * truncated toward zero (0 for a = 0).
 *
 * @example
 * tp.pow(tp.tensor([2, 3]), 2).print(); // [4, 9]
 * tp.pow(tp.tensor([2, -1], undefined, 'int32'), tp.tensor([-1, -3], undefined, 'int32')).print(); // [0, -1]
 */
export const pow = binaryOp('pow');
/**
 * The angle of the point (b, a) in radians, in [-π, π]; broadcasts. int32 gives int32 (the
 * angle truncated), as TF.js.
 *
 * @example
 * tp.atan2(tp.tensor([1, -1]), tp.tensor([0, -1])).print(); // [1.5707964, -2.3561945]
 */
export function atan2(a: TensorLike, b: TensorLike): Tensor {
  const ints = [a, b].every((v) => !(v instanceof Tensor) || v.dtype === 'int32') && dtypeOfFirstTensor([a, b]) === 'int32';
  if (!ints) return callOp1('atan2', [a, b]);
  return named('atan2', () => tidy(() => toInt32Like(callOp1('atan2', [a, b].map((v) => callOp1('cast', [v], { dtype: 'float64' }, ['int32']))))));
}
/** floor(a / b), as Python's //. @example tp.floorDiv(tp.tensor([7, -7], undefined, 'int32'), 2).print(); // [3, -4] */
export const floorDiv = binaryOp('floorDiv');
/** Remainder with the sign of b, as Python's %. @example tp.mod(tp.tensor([7, -7], undefined, 'int32'), 3).print(); // [1, 2] */
export const mod = binaryOp('mod');
/** Larger of a and b (two bools give int32). @example tp.maximum(tp.tensor([1, 5]), 3).print(); // [3, 5] */
export const maximum = extremeOp('maximum');
/** Smaller of a and b (two bools give int32). @example tp.minimum(tp.tensor([1, 5]), 3).print(); // [1, 3] */
export const minimum = extremeOp('minimum');
/** a == b (bool). @example tp.equal(tp.tensor([1, 2]), 2).print(); // [false, true] */
export const equal = binaryOp('equal');
/** a != b (bool). @example tp.notEqual(tp.tensor([1, 2]), 2).print(); // [true, false] */
export const notEqual = binaryOp('notEqual');
/** a < b (bool). @example tp.less(tp.tensor([1, 2]), 2).print(); // [true, false] */
export const less = binaryOp('less');
/** a <= b (bool). @example tp.lessEqual(tp.tensor([1, 3]), 2).print(); // [true, false] */
export const lessEqual = binaryOp('lessEqual');
/** a > b (bool). @example tp.greater(tp.tensor([1, 3]), 2).print(); // [false, true] */
export const greater = binaryOp('greater');
/** a >= b (bool). @example tp.greaterEqual(tp.tensor([1, 2]), 2).print(); // [false, true] */
export const greaterEqual = binaryOp('greaterEqual');
/** a AND b on bool tensors. @example tp.logicalAnd(tp.tensor([true, true]), tp.tensor([true, false])).print(); // [true, false] */
export const logicalAnd = logicalOp('logicalAnd');
/** a OR b on bool tensors. @example tp.logicalOr(tp.tensor([false, false]), tp.tensor([true, false])).print(); // [true, false] */
export const logicalOr = logicalOp('logicalOr');

/**
 * Picks a where `condition` is true, else b; all three broadcast together.
 *
 * @example
 * tp.where(tp.tensor([true, false]), tp.tensor([1, 2]), tp.tensor([10, 20])).print(); // [1, 20]
 */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const valueDType = dtypeOfFirstTensor([a, b]);
  return callOp1('where', [condition, a, b], {}, ['bool', valueDType, valueDType]);
}
