// From JavaScript values to tensors: nested arrays, typed arrays and scalars, with TF's dtype
// inference, and the conversion of non-tensor operands to the other operand's dtype.
import { dtypeCode, isDType, makeTypedArray, typedView, type DType, type TypedArray } from './dtype.js';
import { engine } from './engine/engine.js';
import type { Tracking } from './memory.js';
import { Tensor } from './tensor.js';

/** Nested arrays of numbers or booleans (typed arrays allowed at the innermost level). */
export interface RecursiveArray<T> {
  [index: number]: T | RecursiveArray<T>;
}
/** Values tensor() accepts. */
export type TensorValues = number | boolean | TypedArray | RecursiveArray<number | boolean | TypedArray>;
/** A tensor, or values convertible to one (numbers take the dtype of the tensor they meet). */
export type TensorLike = Tensor | TensorValues;

function isTypedArray(x: unknown): x is TypedArray {
  return x instanceof Float32Array || x instanceof Int32Array || x instanceof Uint8Array || x instanceof Float64Array;
}

function typedArrayDType(x: TypedArray): DType {
  if (x instanceof Float32Array) return 'float32';
  if (x instanceof Float64Array) return 'float64';
  return 'int32'; // Int32Array, Uint8Array: as TF.js
}

/** @internal A short description of a JavaScript value for error messages. */
export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (x instanceof Tensor) return `a ${x.isDisposed ? 'disposed ' : ''}${x.dtype} tensor of shape [${x.shape.join(',')}]`;
  if (Array.isArray(x)) return `an array [${x.slice(0, 6).map((e) => (typeof e === 'object' && e !== null ? '…' : String(e))).join(',')}${x.length > 6 ? ',…' : ''}]`;
  return typeof x === 'object' ? (x.constructor?.name ?? 'an object') : `${typeof x} ${String(x)}`;
}

/** Shape of nested arrays, read along the first elements. */
function inferShape(values: unknown): number[] {
  const shape: number[] = [];
  let v = values;
  while (Array.isArray(v) || isTypedArray(v)) {
    shape.push(v.length);
    if (v.length === 0 || isTypedArray(v)) break;
    v = v[0];
  }
  return shape;
}

interface Flat {
  values: number[] | TypedArray;
  shape: number[];
  dtype: DType;
}

/** Flattens nested arrays row-major, checking every row has the inferred length. */
function flatten(values: unknown, op: string): Flat {
  if (isTypedArray(values)) return { values, shape: [values.length], dtype: typedArrayDType(values) };
  if (typeof values === 'number' || typeof values === 'boolean')
    return { values: [Number(values)], shape: [], dtype: typeof values === 'boolean' ? 'bool' : 'float32' };
  if (!Array.isArray(values)) throw new Error(`${op}: cannot make a tensor from ${describeValue(values)}`);
  const shape = inferShape(values);
  const out: number[] = [];
  let sawBool = false;
  let sawNumber = false;
  let sawTyped: DType | null = null;
  const walk = (v: unknown, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (typeof v === 'number') sawNumber = true;
      else if (typeof v === 'boolean') sawBool = true;
      else throw new Error(`${op}: element ${path} is ${describeValue(v)}, expected a number or boolean`);
      out.push(Number(v));
      return;
    }
    if (!(Array.isArray(v) || isTypedArray(v)) || v.length !== shape[dim])
      throw new Error(
        `${op}: the nested array is ragged: element ${path || '(top)'} has ` +
          `${Array.isArray(v) || isTypedArray(v) ? `length ${v.length}` : describeValue(v)}, expected length ${shape[dim]} ` +
          `(shape [${shape.join(',')}] from the first elements)`,
      );
    if (isTypedArray(v)) {
      sawTyped ??= typedArrayDType(v);
      for (let i = 0; i < v.length; i++) out.push(v[i]!);
      return;
    }
    for (let i = 0; i < v.length; i++) walk(v[i], dim + 1, `${path}[${i}]`);
  };
  walk(values, 0, '');
  if (sawBool && sawNumber) throw new Error(`${op}: the array mixes numbers and booleans`);
  return { values: out, shape, dtype: sawBool ? 'bool' : (sawTyped ?? 'float32') };
}

function toTypedArray(values: ArrayLike<number>, dtype: DType): TypedArray {
  const out = makeTypedArray(dtype, values.length);
  // As TF.js: a number is true when it rounds to a nonzero integer (0.4 is false, NaN true).
  if (dtype === 'bool') for (let i = 0; i < values.length; i++) out[i] = Math.round(values[i]!) !== 0 ? 1 : 0;
  else out.set(values);
  return out;
}

function checkShape(shape: readonly number[], op: string): void {
  for (const d of shape)
    if (!Number.isInteger(d) || d < 0) throw new Error(`${op}: invalid shape [${shape.join(',')}]; dimensions must be integers >= 0`);
}

/** @internal A new tensor holding a copy of `data` (already of `dtype`'s typed array type). */
export function makeTensor(data: TypedArray, shape: number[], dtype: DType, tracking: Tracking = 'scoped'): Tensor {
  return new Tensor(allocHandle(data, shape, dtype), shape, dtype, tracking);
}

/** @internal A rank-0 tensor of `value`, written straight into the core's memory (the hot path of `t.add(1)`). */
export function makeScalar(value: number, dtype: DType, tracking: Tracking = 'scoped'): Tensor {
  const { module } = engine();
  const handle = module.alloc(dtypeCode(dtype), 0);
  const ptr = module.dataPtr(handle);
  switch (dtype) {
    case 'float32': module.HEAPF32[ptr >>> 2] = value; break;
    case 'int32': module.HEAP32[ptr >>> 2] = value; break;
    case 'bool': module.HEAPU8[ptr] = value ? 1 : 0; break;
    case 'float64': module.HEAPF64[ptr >>> 3] = value; break;
  }
  return new Tensor(handle, [], dtype, tracking);
}

/** @internal A new core handle holding a copy of `data`. */
export function allocHandle(data: TypedArray, shape: readonly number[], dtype: DType): number {
  const { module, wordsBase } = engine();
  const words = module.HEAPF64;
  for (let i = 0; i < shape.length; i++) words[wordsBase + i] = shape[i]!;
  const handle = module.alloc(dtypeCode(dtype), shape.length);
  if (data.length > 0) {
    const ptr = module.dataPtr(handle);
    const dst = typedView(dtype, module.HEAPU8.buffer, ptr, data.length);
    dst.set(data);
  }
  return handle;
}

// Nested values fit a given shape when their outer dimensions are the shape's and their innermost
// rows hold the rest (flat values fit any shape of their size), as TF.js checks.
function nestingFits(inferred: readonly number[], shape: readonly number[]): boolean {
  const last = inferred.length - 1;
  for (let i = 0; i < last; i++) if (inferred[i] !== shape[i]) return false;
  return last < 0 || inferred[last] === shape.slice(last).reduce((a, b) => a * b, 1);
}

/** @internal Values, shape and dtype as tensor() would make them, without creating the tensor. */
export function prepareValues(values: TensorValues, shape: number[] | undefined, dtype: DType | undefined, op: string, exact = false): { data: TypedArray; shape: number[]; dtype: DType } {
  if (dtype !== undefined && !isDType(dtype)) throw new Error(`${op}: unknown dtype '${String(dtype)}'`);
  const flat = flatten(values, op);
  const dt = dtype ?? flat.dtype;
  if (exact && dt === 'int32') checkInt32(flat.values, op);
  let finalShape = flat.shape;
  let data = toTypedArray(flat.values, dt);
  if (shape !== undefined) {
    checkShape(shape, op);
    const n = shape.reduce((a, b) => a * b, 1);
    if (flat.values.length === 1 && flat.shape.length === 0 && n !== 1) {
      data = makeTypedArray(dt, n);
      data.fill(toTypedArray(flat.values, dt)[0]!);
    } else if (n !== flat.values.length) {
      throw new Error(`${op}: shape [${shape.join(',')}] has ${n} elements but ${flat.values.length} values were given`);
    } else if (!nestingFits(flat.shape, shape)) {
      throw new Error(`${op}: the nested array has shape [${flat.shape.join(',')}], which does not match the given shape [${shape.join(',')}]`);
    }
    finalShape = shape.slice();
  }
  return { data, shape: finalShape, dtype: dt };
}

// An operand converted to int32 (indices, integer math) must be exactly representable: NaN, 1.5 or
// 2**40 would silently become another index.
function checkInt32(values: ArrayLike<number>, op: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31)
      throw new Error(`${op}: ${v} is not an int32 value${values.length > 1 ? ` (element ${i})` : ''}`);
  }
}

/**
 * @internal A tensor from `x`: `x` itself if it is a Tensor, else a new untracked tensor of
 * `dtype` (or the inferred dtype) that the caller owns (`created`) and must dispose. Values
 * converted to int32 must be integers in range.
 */
export function convertToTensor(x: TensorLike, dtype: DType | undefined, op: string): { tensor: Tensor; created: boolean } {
  if (x instanceof Tensor) return { tensor: x, created: false };
  if (typeof x === 'number' || typeof x === 'boolean') {
    const dt = dtype ?? (typeof x === 'boolean' ? 'bool' : 'float32');
    if (dt === 'int32') checkInt32([Number(x)], op);
    return { tensor: makeScalar(Number(x), dt, 'none'), created: true };
  }
  const p = prepareValues(x, undefined, dtype, op, true);
  return { tensor: makeTensor(p.data, p.shape, p.dtype, 'none'), created: true };
}
