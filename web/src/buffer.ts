// TensorBuffer: a mutable, JS-side array with a shape, filled element by element and turned
// into a tensor once (TF.js's tf.buffer / t.bufferSync()).
import { describeValue, makeTensor } from './convert.js';
import { isDType, makeTypedArray, type DType, type TypedArray } from './dtype.js';
import type { Tensor } from './tensor.js';

const BYTES: Record<DType, number> = { float32: 4, int32: 4, bool: 1, float64: 8 };

/**
 * Values of `shape` and `dtype` held in JavaScript, read and written by multi-index.
 *
 * @example
 * const b = tp.buffer([2, 2]);
 * b.set(5, 0, 1);
 * b.set(7, 1, 0);
 * b.toTensor().print(); // [[0, 5], [7, 0]]
 */
export class TensorBuffer {
  readonly shape: number[];
  readonly dtype: DType;
  readonly size: number;
  /** Row-major element strides, one per axis but the last. */
  readonly strides: number[];
  values: TypedArray;

  constructor(shape: readonly number[], dtype: DType, values?: TypedArray) {
    if (!isDType(dtype)) throw new Error(`buffer: unknown dtype '${String(dtype)}'`);
    for (const d of shape)
      if (!Number.isInteger(d) || d < 0) throw new Error(`buffer: invalid shape [${shape.join(',')}]; dimensions must be integers >= 0`);
    this.shape = shape.slice();
    this.dtype = dtype;
    this.size = shape.reduce((a, b) => a * b, 1);
    this.strides = [];
    for (let d = shape.length - 2, acc = 1; d >= 0; d--) this.strides.unshift((acc *= shape[d + 1]!));
    if (values !== undefined && values.length !== this.size)
      throw new Error(`buffer: shape [${shape.join(',')}] has ${this.size} elements but ${values.length} values were given`);
    this.values = values ?? makeTypedArray(dtype, this.size);
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The flat index of a multi-index. @example console.log(tp.buffer([2, 3]).locToIndex([1, 2])); // 5 */
  locToIndex(locs: readonly number[]): number {
    if (locs.length !== this.rank) throw new Error(`buffer: expected ${this.rank} indices for shape [${this.shape.join(',')}], got [${locs.join(',')}]`);
    let index = 0;
    locs.forEach((l, d) => {
      if (!Number.isInteger(l) || l < 0 || l >= this.shape[d]!)
        throw new Error(`buffer: index [${locs.join(',')}] is out of bounds for shape [${this.shape.join(',')}]`);
      index += d < this.rank - 1 ? l * this.strides[d]! : l;
    });
    return index;
  }

  /** The multi-index of a flat index. @example console.log(tp.buffer([2, 3]).indexToLoc(5)); // [1, 2] */
  indexToLoc(index: number): number[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new Error(`buffer: flat index ${index} is out of bounds for size ${this.size}`);
    const locs: number[] = [];
    for (const s of this.strides) {
      locs.push(Math.floor(index / s));
      index %= s;
    }
    if (this.rank > 0) locs.push(index);
    return locs;
  }

  /** The value at a multi-index (booleans as 0/1, as TF.js). @example console.log(tp.buffer([2], 'int32').get(1)); // 0 */
  get(...locs: number[]): number {
    return this.values[this.locToIndex(locs)]!;
  }

  /** Writes `value` at a multi-index. @example tp.buffer([3]).set(2.5, 1); */
  set(value: number | boolean, ...locs: number[]): void {
    this.values[this.locToIndex(locs)] = Number(value);
  }

  /** A new tensor holding a copy of the values. @example tp.buffer([2], 'int32').toTensor().print(); // [0, 0] */
  toTensor(): Tensor {
    return makeTensor(this.values.slice(), this.shape.slice(), this.dtype);
  }
}

/**
 * A TensorBuffer of `shape` (zeros, or `values` given flat), to fill and turn into a tensor.
 *
 * @example
 * const b = tp.buffer([3], 'int32');
 * for (let i = 0; i < 3; i++) b.set(i * i, i);
 * b.toTensor().print(); // [0, 1, 4]
 */
export function buffer(shape: readonly number[], dtype: DType = 'float32', values?: TypedArray | readonly number[]): TensorBuffer {
  if (!Array.isArray(shape)) throw new Error(`buffer: shape must be a list of integers, got ${describeValue(shape)}`);
  for (const d of shape)
    if (!Number.isInteger(d) || d < 0) throw new Error(`buffer: invalid shape ${describeValue(shape)}; dimensions must be integers >= 0`);
  if (!isDType(dtype)) throw new Error(`buffer: unknown dtype ${describeValue(dtype)}`);
  const size = shape.reduce((a: number, b: number) => a * b, 1);
  // The engine's memory is 32-bit: a tensor of 2^32 bytes or more could never be made from it.
  if (size * BYTES[dtype] >= 2 ** 32) throw new Error(`buffer: shape [${shape.join(',')}] has ${size} elements, too many for a tensor`);
  let data: TypedArray | undefined;
  if (values !== undefined) {
    if (!Array.isArray(values) && !(values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array || values instanceof Float64Array))
      throw new Error(`buffer: values must be an array or a typed array, got ${describeValue(values)}`);
    if (values.length !== size) throw new Error(`buffer: shape [${shape.join(',')}] has ${size} elements but ${values.length} values were given`);
    for (let i = 0; i < values.length; i++)
      if (typeof values[i] !== 'number' && typeof values[i] !== 'boolean') throw new Error(`buffer: value ${i} is ${describeValue(values[i])}, expected a number or boolean`);
    data = makeTypedArray(dtype, values.length);
    if (dtype === 'bool') for (let i = 0; i < values.length; i++) data[i] = values[i] ? 1 : 0;
    else data.set(values as ArrayLike<number>);
  }
  return new TensorBuffer(shape, dtype, data);
}
