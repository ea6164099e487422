// Shared plumbing of the op wrappers: TensorLike inputs become tensors (numbers and arrays take the
// dtype of the tensor operand, like Python scalars in TF), runOp is called, temporaries are freed.
import { convertToTensor, describeValue, type TensorLike } from '../convert.js';
import type { DType } from '../dtype.js';
import { runOp } from '../engine/run_op.js';
import { tidy, type TensorContainer } from '../memory.js';
import type { AttrMap } from '../engine/schema.js';
import { Tensor } from '../tensor.js';

/** The dtype of the first Tensor among `values`, the default for converting the others. */
export function dtypeOfFirstTensor(values: readonly TensorLike[]): DType | undefined {
  for (const v of values) if (v instanceof Tensor) return v.dtype;
  return undefined;
}

/**
 * Runs op `name` on `values` converted to tensors. A non-tensor input takes the dtype of the
 * first tensor input, or, when `dtypes` is given, `dtypes[i]` (undefined: inferred from the value).
 */
export function callOp(name: string, values: readonly TensorLike[], attrs: AttrMap = {}, dtypes?: readonly (DType | undefined)[]): Tensor[] {
  const common = dtypeOfFirstTensor(values);
  const temps: Tensor[] = [];
  try {
    const inputs = values.map((v, i) => {
      // With several inputs, a conversion error says which one ("gather: input 1: ...").
      const { tensor, created } = convertToTensor(v, dtypes ? dtypes[i] : common, values.length > 1 ? `${name}: input ${i}` : name);
      if (created) temps.push(tensor);
      return tensor;
    });
    return runOp(name, inputs, attrs);
  } finally {
    for (const t of temps) t.dispose();
  }
}

/** callOp for single-output ops. */
export function callOp1(name: string, values: readonly TensorLike[], attrs: AttrMap = {}, dtypes?: readonly (DType | undefined)[]): Tensor {
  return callOp(name, values, attrs, dtypes)[0]!;
}

/**
 * Runs `f` on `x` as a tensor: a tensor-like is converted (to `dtype` when given, else the inferred
 * one; errors name `op`) and freed afterwards, a disposed tensor is refused. The one place
 * composites take a single tensor-like input.
 */
export function withTensor<T>(x: TensorLike, op: string, f: (t: Tensor) => T, dtype?: DType): T {
  const { tensor, created } = convertToTensor(x, dtype, op);
  try {
    tensor.throwIfDisposed(op);
    return f(tensor);
  } finally {
    if (created) tensor.dispose();
  }
}

/** `axis` as the list the core's Ints attributes take; undefined/null means all axes. */
export function axisList(axis: number | readonly number[] | null | undefined, op = 'axis'): readonly number[] {
  if (axis === undefined || axis === null) return [];
  if (typeof axis === 'number') return [axis];
  if (!Array.isArray(axis)) throw new Error(`${op}: axis must be a number, a list of numbers or null, got ${describeValue(axis)}`);
  return axis;
}

/** `tensors` checked to be an array (of tensor-likes; the ops check the elements). */
export function tensorList(tensors: readonly TensorLike[], op: string): readonly TensorLike[] {
  if (!Array.isArray(tensors)) throw new Error(`${op}: expected an array of tensors, got ${describeValue(tensors)}`);
  if (tensors.length === 0) throw new Error(`${op}: expected at least one tensor`);
  return tensors;
}

/**
 * Runs the body of public function `name` that is written over other ops: their errors get
 * "name: " in front, so a message names the function called first, then the op that failed.
 */
export function named<T>(name: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof Error && !e.message.startsWith(`${name}:`)) e.message = `${name}: ${e.message}`;
    throw e;
  }
}

/** `named` around `tidy`: the usual body of a function written over ops. */
export function namedTidy<T extends TensorContainer>(name: string, body: () => T): T {
  return named(name, () => tidy(body));
}

/** Checks an optional argument's type: `kind` 'boolean', 'number' (finite) or 'integer'. */
export function checkArg(value: unknown, kind: 'boolean' | 'number' | 'integer', op: string, arg: string): void {
  const ok = kind === 'boolean' ? typeof value === 'boolean' : kind === 'number' ? typeof value === 'number' && Number.isFinite(value) : Number.isInteger(value);
  if (!ok) throw new Error(`${op}: ${arg} must be ${kind === 'integer' ? 'an integer' : kind === 'number' ? 'a finite number' : 'a boolean'}, got ${describeValue(value)}`);
}

/**
 * float64 values stored as int32 the way a JS Int32Array stores numbers (ToInt32):
 * truncated toward zero, modulo 2^32, NaN and infinities as 0. TF.js's int32 results of float math.
 */
export function toInt32Like(f: Tensor): Tensor {
  const where = (c: Tensor, a: TensorLike, b: TensorLike) => callOp1('where', [c, a, b], {}, ['bool', 'float64', 'float64']);
  return tidy(() => {
    const x = f.dtype === 'float64' ? f : callOp1('cast', [f], { dtype: 'float64' });
    const finite = where(callOp1('isFinite', [x]), x, 0);
    const truncated = where(callOp1('less', [finite, 0]), callOp1('ceil', [finite]), callOp1('floor', [finite]));
    const wrapped = callOp1('mod', [truncated, 4294967296]);
    const signed = where(callOp1('greaterEqual', [wrapped, 2147483648]), callOp1('sub', [wrapped, 4294967296]), wrapped);
    return callOp1('cast', [signed], { dtype: 'int32' });
  });
}
