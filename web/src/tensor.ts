// Tensor: an immutable n-dimensional array living in the WebAssembly core, referred to by a handle.
// Op methods (t.add(u), t.mean(), ...) are installed by chain.ts; this file holds the data access.
import type { TensorMethods } from './chain.js';
import { typedView, type DType, type TypedArray } from './dtype.js';
import { engine } from './engine/engine.js';
import { releaseTensor, trackTensor, untrackTensor, type Tracking } from './memory.js';
import { formatTensorLines } from './print.js';

let nextTensorId = 0;

/** A tensor's rank as a type, named as TF.js's `Rank` values: 'R0' (scalar) to 'R6'. */
export type Rank = 'R0' | 'R1' | 'R2' | 'R3' | 'R4' | 'R5' | 'R6';

/**
 * What `arraySync()` returns at each rank (as TF.js's ArrayMap): numbers nested once per
 * dimension, a bare number for a scalar. A bool tensor holds true/false where these say number.
 */
export interface ArrayMap {
  R0: number;
  R1: number[];
  R2: number[][];
  R3: number[][][];
  R4: number[][][][];
  R5: number[][][][][];
  R6: number[][][][][][];
}

/** Nested arrays of any depth: `arraySync()` of a tensor whose rank the types do not know. */
export type NestedArray = number | NestedArray[];

/**
 * `arraySync()`'s result for rank R: ArrayMap[R], or NestedArray when the rank is not known (R a
 * union). `[R] extends [...]` keeps unions whole; it also keeps Tensor covariant in R (a Tensor2D
 * is a Tensor), which a test on R's own position could not.
 */
export type ArrayData<R extends Rank = Rank> =
  [R] extends ['R0'] ? number
  : [R] extends ['R1'] ? number[]
  : [R] extends ['R2'] ? number[][]
  : [R] extends ['R3'] ? number[][][]
  : [R] extends ['R4'] ? number[][][][]
  : [R] extends ['R5'] ? number[][][][][]
  : [R] extends ['R6'] ? number[][][][][][]
  : NestedArray;

function readData(t: Tensor, op: string): TypedArray {
  t.throwIfDisposed(op);
  const { module } = engine();
  const n = t.size;
  const ptr = n === 0 ? 0 : module.dataPtr(t.handle);
  const view = typedView(t.dtype, module.HEAPU8.buffer, ptr, n);
  // The typed-array constructor copies; slice() of a view of the heap was up to 4x slower in V8,
  // on shared and unshared memory alike (serial work in every read of a large result).
  return new (view.constructor as new (source: TypedArray) => TypedArray)(view);
}

type NestedValues = number | boolean | NestedValues[];

function toNested(values: TypedArray, shape: readonly number[], bool: boolean): NestedValues {
  const leaf = (i: number): number | boolean => (bool ? values[i] !== 0 : values[i]!);
  if (shape.length === 0) return leaf(0);
  const build = (dim: number, offset: number): NestedValues[] => {
    const n = shape[dim]!;
    const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const out: NestedValues[] = new Array(n);
    for (let i = 0; i < n; i++)
      out[i] = dim === shape.length - 1 ? leaf(offset + i) : build(dim + 1, offset + i * stride);
    return out;
  };
  return build(0, 0);
}

// The op methods installed by chain.ts, merged into the class's type.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-unused-vars
export interface Tensor<out R extends Rank = Rank> extends TensorMethods {}

/**
 * An immutable n-dimensional array of float32, int32, bool or float64 values, held by the
 * WebAssembly engine. Create one with `tp.tensor`; free it with `dispose()` or `tp.tidy`.
 * `R` is the rank where the types know it (`tp.tensor2d` gives a `Tensor2D`, whose `arraySync()`
 * is `number[][]`), as in TF.js; ops return `Tensor` (any rank).
 *
 * @example
 * const t = tp.tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(t.shape, t.dtype); // [2, 3] 'float32'
 * t.add(10).print();
 */
export class Tensor<out R extends Rank = Rank> {
  /** Unique id of this tensor object (never reused, unlike the core's handles). */
  readonly id: number;
  /** Dimensions, outermost first; [] for a scalar. */
  readonly shape: number[];
  readonly dtype: DType;
  /** Number of elements (product of the shape). */
  readonly size: number;
  /** @internal Handle of the tensor in the core's table. */
  handle: number;
  /** @internal Set by tp.keep: survives the tidy it was created in. */
  kept = false;
  private disposed = false;

  /** @internal Wraps a core handle; use tp.tensor() and the ops to create tensors. */
  constructor(handle: number, shape: number[], dtype: DType, tracking: Tracking = 'scoped') {
    this.id = nextTensorId++;
    this.handle = handle;
    this.shape = shape;
    this.dtype = dtype;
    this.size = shape.reduce((a, b) => a * b, 1);
    trackTensor(this, handle, tracking);
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** True once `dispose()` (or the end of its `tidy`) has freed this tensor. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** @internal Throws "<op>: ... was disposed" naming the operation that was attempted. */
  throwIfDisposed(op: string): void {
    if (this.disposed)
      throw new Error(`${op}: the tensor (shape [${this.shape.join(',')}], ${this.dtype}) was disposed`);
  }

  /**
   * A copy of the values as a typed array (Float32Array, Int32Array, Uint8Array for bool,
   * Float64Array), in row-major order.
   *
   * @example
   * console.log(tp.tensor([[1, 2], [3, 4]]).dataSync()); // Float32Array [1, 2, 3, 4]
   */
  dataSync(): TypedArray {
    return readData(this, 'dataSync');
  }

  /**
   * The values as a typed array, asynchronously (for API compatibility with TF.js).
   *
   * @example
   * const values = await tp.tensor([1, 2]).data(); // Float32Array [1, 2]
   */
  data(): Promise<TypedArray> {
    return new Promise((resolve) => resolve(readData(this, 'data')));
  }

  /**
   * The values as nested arrays (booleans for a bool tensor, a bare number for a scalar).
   *
   * @example
   * console.log(tp.tensor([[1, 2], [3, 4]]).arraySync()); // [[1, 2], [3, 4]]
   */
  arraySync(): ArrayData<R> {
    return toNested(readData(this, 'arraySync'), this.shape, this.dtype === 'bool') as ArrayData<R>;
  }

  /**
   * The values as nested arrays, asynchronously.
   *
   * @example
   * const rows = await tp.tensor([[1, 2], [3, 4]]).array(); // [[1, 2], [3, 4]]
   */
  array(): Promise<ArrayData<R>> {
    return new Promise((resolve) => resolve(this.arraySync()));
  }

  /**
   * The values in TF.js's layout under a "Tensor" line, long axes summarized by "..."; `verbose`
   * adds the dtype, rank and shape (and a variable's name).
   *
   * @example
   * console.log(tp.tensor([[1, 2], [3, 4]]).toString());
   * // Tensor
   * //     [[1, 2],
   * //      [3, 4]]
   * console.log(tp.tensor([1, 2], undefined, 'int32').toString(true));
   * // Tensor
   * //   dtype: int32
   * //   rank: 1
   * //   shape: [2]
   * //   values:
   * //     [1, 2]
   */
  toString(verbose = false): string {
    if (this.disposed) return 'Tensor (disposed)' + (verbose ? `\n${this.details().join('\n')}` : '');
    const body = formatTensorLines(this.dataSync(), this.shape, this.dtype).map((l) => (l === '' ? l : '    ' + l));
    return ['Tensor', ...(verbose ? [...this.details(), '  values:'] : []), ...body].join('\n');
  }

  /** @internal The verbose lines of toString(). */
  protected details(...unexpected: unknown[]): string[] {
    if (unexpected.some((a) => a !== undefined)) throw new Error('details: takes no arguments');
    return [`  dtype: ${this.dtype}`, `  rank: ${this.rank}`, `  shape: [${this.shape.join(',')}]`];
  }

  /**
   * Prints `toString(verbose)` to the console.
   *
   * @example
   * tp.tensor([1.5, 2]).print();
   * tp.tensor([1.5, 2]).print(true);
   */
  print(verbose = false): void {
    console.log(this.toString(verbose));
  }

  /**
   * Frees the tensor's memory in the engine now. Using it afterwards throws; disposing twice is
   * harmless.
   *
   * @example
   * const t = tp.tensor([1, 2]);
   * t.dispose();
   * console.log(t.isDisposed); // true
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    releaseTensor(this, this.handle);
  }

  /**
   * @internal Hands this tensor's core handle to a new owner (a Variable): this object becomes
   * disposed without releasing it.
   */
  takeHandle(): number {
    this.throwIfDisposed('takeHandle');
    this.disposed = true;
    untrackTensor(this);
    return this.handle;
  }

  /** Node's console.log shows toString(). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Tensors of a known rank, as TF.js names them. */
export type Scalar = Tensor<'R0'>;
export type Tensor1D = Tensor<'R1'>;
export type Tensor2D = Tensor<'R2'>;
export type Tensor3D = Tensor<'R3'>;
export type Tensor4D = Tensor<'R4'>;
export type Tensor5D = Tensor<'R5'>;
export type Tensor6D = Tensor<'R6'>;
