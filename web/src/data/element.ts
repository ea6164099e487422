// Dataset elements: tensors, numbers, booleans, strings and typed arrays, nested in arrays and plain
// objects (TF.js's TensorContainer). Arrays are tuples here, as in tf.data for JS: batching
// `[x, y]` elements gives `[xBatch, yBatch]`.
import type { TypedArray } from '../dtype.js';
import { dispose as disposeTensors, getTensorsInContainer } from '../memory.js';
import { stack } from '../ops/assemble.js';
import { gather } from '../ops/gather_scatter.js';
import { clone } from '../ops/shape.js';
import { stridedSliceSpec, unstack } from '../ops/slicing.js';
import { tensor } from '../ops/tensor_from_values.js';
import { Tensor } from '../tensor.js';

/** A leaf of a dataset element. */
export type DataLeaf = Tensor | number | boolean | string | TypedArray;
/** A dataset element: leaves nested in arrays (tuples) and plain objects. */
export type DataElement = DataLeaf | readonly DataElement[] | { readonly [key: string]: DataElement };

/** What `batch` makes of an element type: numeric leaves become tensors, strings string arrays. */
export type Batched<T> = unknown extends T
  ? unknown
  : T extends Tensor | number | boolean | TypedArray
  ? Tensor
  : T extends string
    ? string[]
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Batched<T[K]> }
      : T extends object
        ? { -readonly [K in keyof T]: Batched<T[K]> }
        : never;

/** What `unbatch` makes of a batched element type. */
export type Unbatched<T> = unknown extends T
  ? unknown
  : T extends Tensor
  ? Tensor
  : T extends readonly string[]
    ? string
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Unbatched<T[K]> }
      : T extends object
        ? { -readonly [K in keyof T]: Unbatched<T[K]> }
        : never;

/** @internal Typed arrays are leaves, not tuples. */
export function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/** @internal A plain object (not an array, tensor or class instance). */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** @internal A copy in which every tensor is cloned (the copy's tensors belong to the caller). */
export function deepClone<T>(x: T): T {
  if (x instanceof Tensor) return clone(x) as T;
  if (Array.isArray(x)) return x.map(deepClone) as T;
  if (isPlainObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, deepClone(v)])) as T;
  return x;
}

/** @internal Disposes the tensors of `x` that are not in `keep`. */
export function disposeExcept(x: unknown, keep: unknown): void {
  const kept = new Set(getTensorsInContainer(keep));
  for (const t of getTensorsInContainer(x)) if (!kept.has(t)) t.dispose();
}

/** @internal Disposes every tensor in an element. */
export function disposeElement(x: unknown): void {
  disposeTensors(getTensorsInContainer(x));
}

function describeLeaf(x: unknown): string {
  if (x instanceof Tensor) return `a tensor of shape [${x.shape.join(',')}] (${x.dtype})`;
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (isTypedArray(x)) return `a ${x.constructor.name} of length ${x.length}`;
  if (x === null) return 'null';
  return isPlainObject(x) ? 'an object' : `${typeof x} ${String(x)}`;
}

function batchLeaves(items: unknown[], path: string): unknown {
  const first = items[0];
  if (first instanceof Tensor) {
    items.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new Error(`batch: element ${i} has ${describeLeaf(t)} at ${path}, element 0 a tensor`);
      if (t.dtype !== first.dtype || t.shape.length !== first.shape.length || t.shape.some((d, k) => d !== first.shape[k]))
        throw new Error(
          `batch: cannot stack ${path}: element 0 has shape [${first.shape.join(',')}] (${first.dtype}), ` +
            `element ${i} shape [${t.shape.join(',')}] (${t.dtype})`,
        );
    });
    return stack(items as Tensor[]);
  }
  if (typeof first === 'number' || typeof first === 'boolean' || isTypedArray(first)) {
    items.forEach((v, i) => {
      const ok = typeof first === 'number' ? typeof v === 'number' : typeof first === 'boolean' ? typeof v === 'boolean' : isTypedArray(v) && v.length === first.length;
      if (!ok) throw new Error(`batch: element ${i} has ${describeLeaf(v)} at ${path}, element 0 ${describeLeaf(first)}`);
    });
    // Numbers batch to float32 as in TF.js; typed arrays keep their dtype.
    return tensor(items as number[] | boolean[] | TypedArray[]);
  }
  if (typeof first === 'string') {
    items.forEach((v, i) => {
      if (typeof v !== 'string') throw new Error(`batch: element ${i} has ${describeLeaf(v)} at ${path}, element 0 a string`);
    });
    return items.slice(); // no string tensors: a batch of strings is a string[]
  }
  throw new Error(`batch: cannot batch ${describeLeaf(first)} at ${path}`);
}

/**
 * @internal Stacks a list of elements with the same structure into one element whose leaves have
 * a new leading batch axis. Does not dispose the inputs.
 */
export function batchElements(items: readonly unknown[], path = 'the element'): unknown {
  if (items.length === 0) throw new Error('batch: no elements to batch');
  const first = items[0];
  if (Array.isArray(first)) {
    items.forEach((it, i) => {
      if (!Array.isArray(it) || it.length !== first.length)
        throw new Error(`batch: element 0 has an array of length ${first.length} at ${path}, element ${i} ${describeLeaf(it)}`);
    });
    return first.map((_, k) => batchElements(items.map((it) => (it as unknown[])[k]), `${path}[${k}]`));
  }
  if (isPlainObject(first)) {
    const keys = Object.keys(first);
    items.forEach((it, i) => {
      if (!isPlainObject(it) || Object.keys(it).length !== keys.length || keys.some((k) => !(k in it)))
        throw new Error(`batch: element ${i} at ${path} does not have the keys of element 0 (${keys.join(', ')})`);
    });
    return Object.fromEntries(keys.map((k) => [k, batchElements(items.map((it) => (it as Record<string, unknown>)[k]), `${path}.${k}`)]));
  }
  return batchLeaves(items as unknown[], path);
}

// A batch of strings is a string[] (a leaf); other arrays are tuples.
function isStringBatch(v: unknown): v is string[] {
  return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string');
}

/** @internal The number of rows along the first axis shared by every leaf of a batched element. */
export function batchLength(x: unknown, op: string): number {
  let n: number | null = null;
  let where = '';
  const visit = (v: unknown, path: string): void => {
    let len: number;
    if (v instanceof Tensor) {
      if (v.rank === 0) throw new Error(`${op}: ${path} is a scalar tensor, which has no first axis to slice`);
      len = v.shape[0]!;
    } else if (isStringBatch(v)) len = v.length;
    else if (Array.isArray(v)) return v.forEach((c, k) => visit(c, `${path}[${k}]`));
    else if (isPlainObject(v)) return Object.entries(v).forEach(([k, c]) => visit(c, `${path}.${k}`));
    else throw new Error(`${op}: ${path} is ${describeLeaf(v)}, expected a tensor`);
    if (n === null) {
      n = len;
      where = path;
    } else if (len !== n) throw new Error(`${op}: ${where} has ${n} rows but ${path} has ${len}; every component must have the same first dimension`);
  };
  visit(x, 'the element');
  if (n === null) throw new Error(`${op}: the element holds no tensors`);
  return n;
}

/** @internal Splits a batched element into its rows (views into the batch's tensors). */
export function unbatchElement(x: unknown): unknown[] {
  const n = batchLength(x, 'unbatch');
  const split = (v: unknown): unknown[] => {
    if (v instanceof Tensor) return unstack(v);
    if (isStringBatch(v)) return v.slice();
    if (Array.isArray(v)) {
      const cols = v.map(split);
      return Array.from({ length: n }, (_, i) => cols.map((c) => c[i]));
    }
    const entries = Object.entries(v as Record<string, unknown>).map(([k, c]) => [k, split(c)] as const);
    return Array.from({ length: n }, (_, i) => Object.fromEntries(entries.map(([k, c]) => [k, c[i]])));
  };
  return split(x);
}

/** @internal Row `i` of columns (tensors [n, ...] and string arrays, nested): new views, strings. */
export function rowAt(columns: unknown, i: number): unknown {
  if (columns instanceof Tensor) {
    columns.throwIfDisposed('fromTensorSlices');
    return stridedSliceSpec(columns, { begin: [i], end: [i + 1], shrinkAxisMask: 1 });
  }
  if (isStringBatch(columns)) return columns[i];
  if (Array.isArray(columns)) return columns.map((v) => rowAt(v, i));
  return Object.fromEntries(Object.entries(columns as Record<string, unknown>).map(([k, v]) => [k, rowAt(v, i)]));
}

/** @internal Rows `idx` of columns, batched: the same as stacking rowAt(columns, i) for i in idx, in one gather per column. */
export function rowsAt(columns: unknown, idx: readonly number[]): unknown {
  if (columns instanceof Tensor) {
    columns.throwIfDisposed('fromTensorSlices');
    const i = tensor(Int32Array.from(idx), [idx.length]);
    try {
      return gather(columns, i, 0);
    } finally {
      i.dispose();
    }
  }
  if (isStringBatch(columns)) return idx.map((k) => columns[k]!);
  if (Array.isArray(columns)) return columns.map((v) => rowsAt(v, idx));
  return Object.fromEntries(Object.entries(columns as Record<string, unknown>).map(([k, v]) => [k, rowsAt(v, idx)]));
}
