// tp.data.Dataset: a lazy, re-iterable sequence of elements with tf.data's transformations.
// Ownership rule (as TF.js): every tensor an iterator yields belongs to the consumer; each stage
// disposes the tensors it consumes and does not pass on (batch disposes the rows it stacked, map
// the inputs its function did not return, filter the rejected elements, skip the skipped ones,
// shuffle/prefetch their buffers when iteration stops early).
import { tidy, type TensorContainer } from '../memory.js';
import { Tensor } from '../tensor.js';
import { batchElements, disposeElement, disposeExcept, rowAt, rowsAt, unbatchElement, type Batched, type DataElement, type Unbatched } from './element.js';
import { prefetchQueue } from './prefetch_queue.js';
import { prng, seedFromGlobalStream } from './prng.js';
import { shuffleBuffer } from './shuffle_buffer.js';

/** An iterator over a dataset, as `ds.iterator()` returns (TF.js's LazyIterator). */
export interface DatasetIterator<T> extends AsyncIterableIterator<T> {
  next(): Promise<IteratorResult<T, undefined>>;
  /** Stops early, disposing anything read ahead (shuffle buffers, prefetched elements). */
  return(): Promise<IteratorResult<T, undefined>>;
}

type Source<T> = () => AsyncGenerator<T, void, undefined>;
// A transformation that only reorders, drops or repeats elements (shuffle, repeat, take, skip).
type Reorder = <E>(up: Source<E>) => Source<E>;

// A dataset of rows of in-memory columns (fromTensorSlices): the order-only transformations run
// on the row indices, and batch gathers each batch's rows in one op per column instead of
// slicing and stacking row by row. The elements are the same either way.
interface Rows {
  columns: unknown;
  order: Source<number>;
}

function checkCount(n: number, op: string, allowNegative: boolean): void {
  if (!(Number.isInteger(n) || n === Infinity) || (!allowNegative && n < 0))
    throw new Error(`${op}: expected ${allowNegative ? 'an integer (negative: all)' : 'a non-negative integer'}, got ${n}`);
}

function seedNumber(seed: number | string): number {
  if (typeof seed === 'number') return seed;
  let h = 2166136261; // FNV-1a: string seeds, as TF.js accepts
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/**
 * A lazy sequence of elements (tensors, numbers, strings, nested in arrays and objects), re-read
 * from its source on every iteration, with tf.data's transformations. `size` is the number of
 * elements when known, `null` when not (after filter, generators), Infinity for `repeat()`.
 *
 * For `model.fitDataset`, batch a dataset whose elements are `{xs, ys}` or `[xs, ys]`: each
 * batch is then `{xs: Tensor [batch, ...], ys: Tensor [batch, ...]}` (or the array form); xs/ys
 * may also be arrays or objects of tensors for multi-input/output models.
 *
 * @example
 * const ds = tp.data.array([1, 2, 3, 4, 5]).map((x) => x * 10).batch(2);
 * for await (const b of ds) { b.print(); b.dispose(); } // [10, 20], then [30, 40], then [50]
 */
export class Dataset<T = DataElement> {
  /** Number of elements when known; null when unknown; Infinity when endless. */
  readonly size: number | null;
  private readonly source: Source<T>;
  private readonly rows: Rows | null;

  /** @internal Use tp.data.array, fromTensorSlices, generator, csv, zip. */
  constructor(source: Source<T>, size: number | null, rows: Rows | null = null) {
    this.source = source;
    this.size = size;
    this.rows = rows;
  }

  /** @internal A dataset of rowAt(columns, i) for the indices i that `order` yields. */
  static fromRows<E>(columns: unknown, order: Source<number>, size: number | null): Dataset<E> {
    const source = async function* () {
      for await (const i of order()) yield rowAt(columns, i) as E;
    };
    return new Dataset<E>(source, size, { columns, order });
  }

  // Applies an order-only transformation, on the row indices when this dataset has them.
  /**
   * One line with the number of elements, what a dataset shows as a notebook cell's value.
   *
   * @example
   * String(tp.data.array([1, 2, 3]).batch(2)); // 'Dataset · 2 elements'
   */
  toString(): string {
    return `Dataset · ${this.size === null ? 'unknown number of' : this.size.toLocaleString('en')} element${this.size === 1 ? '' : 's'}`;
  }

  private reorder(t: Reorder, size: number | null): Dataset<T> {
    if (this.rows) return Dataset.fromRows<T>(this.rows.columns, t(this.rows.order), size);
    return new Dataset(t(this.source), size);
  }

  /**
   * A new iterator from the start (TF.js: `await ds.iterator()`, then `await it.next()`).
   *
   * @example
   * const it = await tp.data.array([1, 2]).iterator();
   * console.log((await it.next()).value); // 1
   */
  async iterator(): Promise<DatasetIterator<T>> {
    return this.source() as DatasetIterator<T>;
  }

  /** `for await (const x of ds)`. @example for await (const x of tp.data.array([1, 2])) console.log(x); */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.source();
  }

  /**
   * Elements passed through `fn` (synchronous; run in a tidy: its temporaries are freed, and the
   * input tensors it does not return are disposed).
   *
   * @example
   * const ds = tp.data.array([1, 2]).map((x) => ({ x, double: 2 * x }));
   */
  map<U>(fn: (x: T) => U): Dataset<U> {
    const up = this.source;
    return new Dataset(async function* () {
      for await (const x of up()) {
        let y: U;
        try {
          y = tidy(() => fn(x) as TensorContainer) as U;
        } catch (e) {
          disposeElement(x);
          throw e;
        }
        disposeExcept(x, y);
        yield y;
      }
    }, this.size);
  }

  /**
   * As `map` with an async `fn` (no tidy around it: `fn` disposes its own temporaries).
   *
   * @example
   * const ds = tp.data.array([1, 2]).mapAsync(async (x) => x + 1);
   */
  mapAsync<U>(fn: (x: T) => Promise<U>): Dataset<U> {
    const up = this.source;
    return new Dataset(async function* () {
      for await (const x of up()) {
        let y: U;
        try {
          y = await fn(x);
        } catch (e) {
          disposeElement(x);
          throw e;
        }
        disposeExcept(x, y);
        yield y;
      }
    }, this.size);
  }

  /**
   * The elements for which `predicate` is true (a boolean, or a scalar bool tensor). Rejected
   * elements are disposed.
   *
   * @example
   * const evens = tp.data.array([1, 2, 3, 4]).filter((x) => x % 2 === 0); // 2, 4
   */
  filter(predicate: (x: T) => boolean | Tensor): Dataset<T> {
    const up = this.source;
    return new Dataset(async function* () {
      for await (const x of up()) {
        let keep = false;
        try {
          tidy(() => {
            const r = predicate(x);
            keep = r instanceof Tensor ? r.dataSync()[0] !== 0 : Boolean(r);
          });
        } catch (e) {
          disposeElement(x);
          throw e;
        }
        if (keep) yield x;
        else disposeElement(x);
      }
    }, this.size === Infinity ? Infinity : null);
  }

  /**
   * Groups `batchSize` consecutive elements into one, stacking each leaf along a new first axis
   * (tensors with `tp.stack`, numbers and booleans into tensors, strings into string arrays). The
   * last batch is smaller unless `dropRemainder` (tf.data's drop_remainder; TF.js's
   * smallLastBatch = !dropRemainder).
   *
   * @example
   * const ds = tp.data.array([[1, 0], [2, 1], [3, 0]]).batch(2); // [xs, ys] batches
   * // first: [tensor [1, 2], tensor [0, 1]], then [tensor [3], tensor [0]]
   */
  batch(batchSize: number, dropRemainder = false): Dataset<Batched<T>> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch: batchSize must be a positive integer, got ${batchSize}`);
    const up = this.source;
    const n = this.size;
    const size = n === null || n === Infinity ? n : dropRemainder ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
    if (this.rows) {
      const { columns, order } = this.rows;
      return new Dataset(async function* () {
        let idx: number[] = [];
        for await (const i of order()) {
          idx.push(i);
          if (idx.length === batchSize) {
            const b = tidy(() => rowsAt(columns, idx) as TensorContainer) as Batched<T>;
            idx = [];
            yield b;
          }
        }
        if (idx.length > 0 && !dropRemainder) yield tidy(() => rowsAt(columns, idx) as TensorContainer) as Batched<T>;
      }, size);
    }
    return new Dataset(async function* () {
      let pending: T[] = [];
      try {
        for await (const x of up()) {
          pending.push(x);
          if (pending.length === batchSize) {
            const b = tidy(() => batchElements(pending) as TensorContainer) as Batched<T>;
            pending.forEach(disposeElement);
            pending = [];
            yield b;
          }
        }
        if (pending.length > 0 && !dropRemainder) {
          const b = tidy(() => batchElements(pending) as TensorContainer) as Batched<T>;
          pending.forEach(disposeElement);
          pending = [];
          yield b;
        }
      } finally {
        pending.forEach(disposeElement);
      }
    }, size);
  }

  /**
   * The rows of each batched element (the inverse of `batch`): tensors are split along their
   * first axis, string arrays into strings.
   *
   * @example
   * const rows = tp.data.array([tp.tensor([[1, 2], [3, 4]])]).unbatch(); // [1, 2], then [3, 4]
   */
  unbatch(): Dataset<Unbatched<T>> {
    const up = this.source;
    return new Dataset(async function* () {
      for await (const x of up()) {
        let rows: unknown[];
        try {
          rows = unbatchElement(x);
        } finally {
          disposeElement(x); // the rows are views that keep the data alive
        }
        let i = 0;
        try {
          for (; i < rows.length; i++) yield rows[i] as Unbatched<T>;
        } finally {
          for (i++; i < rows.length; i++) disposeElement(rows[i]);
        }
      }
    }, this.size === Infinity ? Infinity : null);
  }

  /**
   * Randomly shuffled elements through a buffer of `bufferSize` (tf.data's algorithm: use a
   * buffer at least the dataset's size for a uniform shuffle). With a `seed` the sequence of
   * orders is reproducible; without one the seed comes from the global stream (`tp.setSeed`).
   * With `reshuffleEachIteration` (the default) every iteration (epoch) has a new order.
   *
   * @example
   * const ds = tp.data.array([1, 2, 3, 4, 5]).shuffle(5, 42);
   * console.log(await ds.toArray()); // a permutation of 1..5, the same for seed 42 every run
   */
  shuffle(bufferSize: number, seed?: number | string, reshuffleEachIteration = true): Dataset<T> {
    if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new Error(`shuffle: bufferSize must be a positive integer, got ${bufferSize}`);
    const base = seed === undefined ? undefined : seedNumber(seed);
    let epoch = 0;
    let fixed: number | undefined;
    const rng = () => {
      if (base !== undefined) return prng(base, reshuffleEachIteration ? epoch++ : 0);
      if (reshuffleEachIteration) return prng(seedFromGlobalStream());
      return prng((fixed ??= seedFromGlobalStream()));
    };
    return this.reorder((up) => () => shuffleBuffer(up(), bufferSize, rng()), this.size);
  }

  /**
   * The dataset `count` times over (forever when `count` is left out or negative). Each pass
   * iterates the input afresh, so a shuffle before `repeat` reshuffles every pass.
   *
   * @example
   * const ds = tp.data.array([1, 2]).repeat(3); // 1, 2, 1, 2, 1, 2
   */
  repeat(count?: number): Dataset<T> {
    if (count !== undefined) checkCount(count, 'repeat', true);
    const forever = count === undefined || count < 0;
    const n = this.size;
    const size = forever ? (n === 0 ? 0 : Infinity) : n === null ? null : n * count!;
    return this.reorder(
      (up) =>
        async function* () {
          for (let pass = 0; forever || pass < count!; pass++) {
            let seen = 0;
            for await (const x of up()) {
              seen++;
              yield x;
            }
            if (seen === 0) return; // an empty input repeats to an empty dataset, not an endless loop
          }
        },
      size,
    );
  }

  /**
   * The first `count` elements (all of them when `count` is negative). Reads no further.
   *
   * @example
   * const ds = tp.data.array([1, 2, 3]).repeat().take(5); // 1, 2, 3, 1, 2
   */
  take(count: number): Dataset<T> {
    checkCount(count, 'take', true);
    const n = this.size;
    const size = count < 0 ? n : n === null ? (count === 0 ? 0 : null) : Math.min(n, count);
    return this.reorder(
      (up) =>
        async function* () {
          if (count === 0) return;
          let i = 0;
          for await (const x of up()) {
            yield x;
            if (count > 0 && ++i >= count) return;
          }
        },
      size,
    );
  }

  /**
   * All but the first `count` elements (none when `count` is negative); skipped ones are disposed.
   *
   * @example
   * const ds = tp.data.array([1, 2, 3]).skip(1); // 2, 3
   */
  skip(count: number): Dataset<T> {
    checkCount(count, 'skip', true);
    const n = this.size;
    const size = n === null ? null : count < 0 ? 0 : n === Infinity ? Infinity : Math.max(0, n - count);
    return this.reorder(
      (up) =>
        async function* () {
          let i = 0;
          for await (const x of up()) {
            if (count < 0 || i++ < count) disposeElement(x);
            else yield x;
          }
        },
      size,
    );
  }

  /**
   * Reads up to `bufferSize` elements ahead (overlaps an input that waits on I/O with the consumer).
   *
   * @example
   * const ds = tp.data.array([1, 2, 3]).prefetch(2);
   */
  prefetch(bufferSize: number): Dataset<T> {
    if (!Number.isInteger(bufferSize) || bufferSize < 0) throw new Error(`prefetch: bufferSize must be a non-negative integer, got ${bufferSize}`);
    if (this.rows) return this; // slicing in-memory columns does not wait on anything
    const up = this.source;
    return new Dataset(() => prefetchQueue(up(), bufferSize), this.size);
  }

  /**
   * The elements of this dataset, then those of `other`.
   *
   * @example
   * const ds = tp.data.array([1, 2]).concatenate(tp.data.array([3])); // 1, 2, 3
   */
  concatenate(other: Dataset<T>): Dataset<T> {
    const a = this.source;
    const b = other.source;
    const size = this.size === null || other.size === null ? null : this.size + other.size;
    return new Dataset(async function* () {
      yield* a();
      yield* b();
    }, size);
  }

  /**
   * Calls `f` on every element, then disposes the element's tensors (as TF.js).
   *
   * @example
   * await tp.data.array([1, 2]).forEachAsync((x) => console.log(x));
   */
  async forEachAsync(f: (x: T) => void | Promise<void>): Promise<void> {
    for await (const x of this.source()) {
      try {
        await f(x);
      } finally {
        disposeElement(x);
      }
    }
  }

  /**
   * All elements in an array (the caller owns their tensors). Throws for an endless dataset.
   *
   * @example
   * console.log(await tp.data.array([1, 2, 3]).skip(1).toArray()); // [2, 3]
   */
  async toArray(): Promise<T[]> {
    if (this.size === Infinity) throw new Error('toArray: the dataset is endless (size Infinity); take(n) first');
    const out: T[] = [];
    try {
      for await (const x of this.source()) out.push(x);
    } catch (e) {
      out.forEach(disposeElement);
      throw e;
    }
    return out;
  }
}
