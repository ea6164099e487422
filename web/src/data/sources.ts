// Datasets from JS values: tp.data.array, fromTensorSlices, generator and zip.
import { convertToTensor } from '../convert.js';
import { keep } from '../memory.js';
import { Tensor } from '../tensor.js';
import { Dataset } from './dataset.js';
import { batchLength, deepClone, disposeElement, isPlainObject, isTypedArray, type DataElement } from './element.js';

/**
 * A dataset of the given items, in order (tf.data.array). Tensors in the items are cloned for each
 * element yielded, so consumers may dispose what they receive; the items stay the caller's.
 *
 * @example
 * const ds = tp.data.array([{ x: 1, y: 0 }, { x: 2, y: 1 }]);
 * console.log(ds.size); // 2
 */
export function array<T>(items: readonly T[]): Dataset<T> {
  if (!Array.isArray(items)) throw new Error('array: expected an array of items');
  return new Dataset(async function* () {
    for (const item of items) yield deepClone(item);
  }, items.length);
}

/** Structures fromTensorSlices accepts: tensors, nested number arrays, typed arrays, string arrays, in tuples and objects. */
export type SliceSource = Tensor | DataElement | readonly SliceSource[] | { readonly [key: string]: SliceSource };

/** What one slice of a SliceSource looks like. */
export type Slice<S> = S extends Tensor
  ? Tensor
  : S extends readonly string[]
    ? string
    : S extends readonly unknown[] | ArrayBufferView
      ? Tensor
      : S extends object
        ? { -readonly [K in keyof S]: Slice<S[K]> }
        : never;

// A JS array is a tuple when it holds tensors, objects or typed arrays; numbers (nested) make one
// tensor as tf.data reads Python lists, and strings make a string column.
function isTuple(x: readonly unknown[]): boolean {
  return x.length > 0 && x.some((v) => v instanceof Tensor || isPlainObject(v) || isTypedArray(v));
}

function isStringColumn(x: unknown): x is string[] {
  return Array.isArray(x) && x.length > 0 && x.every((v) => typeof v === 'string');
}

// Converts the leaves to tensors (kept: they live as long as the dataset), strings stay arrays.
function toColumns(x: unknown, path: string): unknown {
  if (x instanceof Tensor) return x;
  if (isStringColumn(x)) return x;
  if (Array.isArray(x) && isTuple(x)) return x.map((v, i) => toColumns(v, `${path}[${i}]`));
  if (isPlainObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, toColumns(v, `${path}.${k}`)]));
  if (Array.isArray(x) || isTypedArray(x)) return keep(convertToTensor(x as never, undefined, `fromTensorSlices (${path})`).tensor);
  throw new Error(`fromTensorSlices: ${path} is ${x === null ? 'null' : typeof x}; expected a tensor, an array, or an array/object of them`);
}

/**
 * A dataset of the slices of `x` along its first axis (tf.data.Dataset.from_tensor_slices): a
 * tensor [n, ...] gives n tensors [...]; a tuple `[xs, ys]` or object `{xs, ys}` (nested as
 * deep as wanted) gives tuples/objects of slices; every component must have the same first
 * dimension. Nested number arrays are read as one tensor, typed arrays as 1-D tensors, string
 * arrays as string columns. Tensors given are used in place (do not dispose them while the
 * dataset is in use); each yielded slice is a new view the consumer owns.
 *
 * @example
 * const xs = tp.tensor([[1, 2], [3, 4], [5, 6]]);
 * const ys = tp.tensor([0, 1, 0]);
 * const ds = tp.data.fromTensorSlices({ xs, ys }).batch(2); // {xs: [2, 2], ys: [2]}, then {xs: [1, 2], ys: [1]}
 */
export function fromTensorSlices<S extends SliceSource>(x: S): Dataset<Slice<S>> {
  const columns = toColumns(x, 'the input');
  let n: number;
  try {
    n = batchLength(columns, 'fromTensorSlices');
  } catch (e) {
    if (columns !== x) disposeElement(columnsCreated(columns, x));
    throw e;
  }
  return Dataset.fromRows<Slice<S>>(columns, async function* () {
    for (let i = 0; i < n; i++) yield i;
  }, n);
}

// The tensors toColumns created (not the caller's), for cleanup on a bad input.
function columnsCreated(columns: unknown, input: unknown): unknown[] {
  const out: unknown[] = [];
  const walk = (c: unknown, x: unknown): void => {
    if (c instanceof Tensor) {
      if (c !== x) out.push(c);
    } else if (Array.isArray(c) && Array.isArray(x)) c.forEach((v, i) => walk(v, x[i]));
    else if (isPlainObject(c) && isPlainObject(x)) Object.entries(c).forEach(([k, v]) => walk(v, x[k]));
  };
  walk(columns, input);
  return out;
}

/** What tp.data.generator takes: a function returning a (sync or async) iterator or iterable, e.g. a generator function. */
export type GeneratorSource<T> = () => Iterator<T> | AsyncIterator<T> | Iterable<T> | AsyncIterable<T> | Promise<Iterator<T> | AsyncIterator<T>>;

/**
 * A dataset whose elements come from calling `fn` (a generator function, sync or async) anew for
 * every iteration (tf.data.generator). The consumer owns what the generator yields.
 *
 * @example
 * const ds = tp.data.generator(function* () { for (let i = 0; i < 3; i++) yield i * i; }); // 0, 1, 4
 */
export function generator<T>(fn: GeneratorSource<T>): Dataset<T> {
  if (typeof fn !== 'function') throw new Error('generator: expected a function that returns an iterator (e.g. a generator function)');
  return new Dataset(async function* () {
    const made = await fn();
    const it: Iterator<T> | AsyncIterator<T> =
      typeof (made as AsyncIterable<T>)[Symbol.asyncIterator] === 'function'
        ? (made as AsyncIterable<T>)[Symbol.asyncIterator]()
        : typeof (made as Iterable<T>)[Symbol.iterator] === 'function'
          ? (made as Iterable<T>)[Symbol.iterator]()
          : (made as Iterator<T>);
    if (typeof it?.next !== 'function') throw new Error('generator: the function must return an iterator or iterable (did you pass a generator object instead of the generator function?)');
    let finished = false;
    try {
      for (;;) {
        const r = await it.next();
        if (r.done) {
          finished = true;
          return;
        }
        yield r.value;
      }
    } finally {
      if (!finished) await it.return?.();
    }
  }, null);
}

/** A structure of datasets for tp.data.zip. */
export type DatasetStructure = Dataset<unknown> | readonly DatasetStructure[] | { readonly [key: string]: DatasetStructure };
/** The element type of a zipped structure of datasets. */
export type Zipped<S> = S extends Dataset<infer E> ? E : S extends object ? { -readonly [K in keyof S]: Zipped<S[K]> } : never;

function leaves(s: unknown, out: Dataset<unknown>[]): void {
  if (s instanceof Dataset) out.push(s);
  else if (Array.isArray(s)) s.forEach((v) => leaves(v, out));
  else if (isPlainObject(s)) Object.values(s).forEach((v) => leaves(v, out));
  else throw new Error(`zip: expected datasets in arrays/objects, found ${s === null ? 'null' : typeof s}`);
}

function rebuild(s: unknown, values: unknown[], at: { i: number }): unknown {
  if (s instanceof Dataset) return values[at.i++];
  if (Array.isArray(s)) return s.map((v) => rebuild(v, values, at));
  return Object.fromEntries(Object.entries(s as Record<string, unknown>).map(([k, v]) => [k, rebuild(v, values, at)]));
}

/**
 * A dataset of the elements of several datasets side by side, in the same structure (an array or
 * object of datasets, nested). Ends with the shortest one.
 *
 * @example
 * const xs = tp.data.array([1, 2, 3]);
 * const ys = tp.data.array([0, 1, 0]);
 * const ds = tp.data.zip({ xs, ys }); // {xs: 1, ys: 0}, {xs: 2, ys: 1}, {xs: 3, ys: 0}
 */
export function zip<S extends DatasetStructure>(datasets: S): Dataset<Zipped<S>> {
  const list: Dataset<unknown>[] = [];
  leaves(datasets, list);
  if (list.length === 0) throw new Error('zip: expected at least one dataset');
  const sizes = list.map((d) => d.size);
  const size = sizes.includes(null) ? (sizes.includes(0) ? 0 : null) : Math.min(...(sizes as number[]));
  return new Dataset<unknown>(async function* () {
    const its = await Promise.all(list.map((d) => d.iterator()));
    try {
      for (;;) {
        const rs = await Promise.all(its.map((it) => it.next()));
        if (rs.some((r) => r.done)) {
          for (const r of rs) if (!r.done) disposeElement(r.value);
          return;
        }
        yield rebuild(datasets, rs.map((r) => r.value), { i: 0 });
      }
    } finally {
      // The longer inputs stop here: let them free their buffers.
      await Promise.all(its.map((it) => it.return()));
    }
  }, size) as Dataset<Zipped<S>>;
}
