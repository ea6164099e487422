// Tensor lifetimes: explicit dispose(), scoped tidy()/keep() as in TF.js, and a
// FinalizationRegistry that releases the core handle of a Tensor garbage-collected without
// dispose (a safety net: collection time is up to the JS engine, so real code disposes).
import { engine, engineIfReady } from './engine/engine.js';
import type { TypedArray } from './dtype.js';
import { Tensor } from './tensor.js';

/**
 * Anything dispose() and tidy() look through for tensors: tensors, arrays and plain objects of
 * them. Other values (numbers, strings, typed arrays as dataSync() returns, as TF.js) pass through.
 */
export type TensorContainer =
  | Tensor
  | TypedArray
  | void
  | null
  | undefined
  | number
  | string
  | boolean
  | TensorContainer[]
  | { [key: string]: TensorContainer };

interface Scope {
  name: string;
  tracked: Tensor[];
}

const scopes: Scope[] = [];

const finalizer = new FinalizationRegistry<number>((handle) => {
  engineIfReady()?.module.release(handle);
});

/**
 * How a new tensor is tracked: 'scoped' by the finalizer and the innermost tidy (op results),
 * 'unscoped' by the finalizer only (variables), 'none' (temporaries their creator disposes).
 */
export type Tracking = 'scoped' | 'unscoped' | 'none';

/** @internal Starts tracking a new tensor. */
export function trackTensor(t: Tensor, handle: number, tracking: Tracking): void {
  if (tracking === 'none') return;
  finalizer.register(t, handle, t);
  if (tracking === 'scoped' && scopes.length > 0) scopes[scopes.length - 1]!.tracked.push(t);
}

/** @internal The tensor gave its handle away: it must not be released when `t` is collected. */
export function untrackTensor(t: Tensor): void {
  finalizer.unregister(t);
}

/** @internal Releases a tensor's core handle now. */
export function releaseTensor(t: Tensor, handle: number): void {
  finalizer.unregister(t);
  engineIfReady()?.module.release(handle);
}

function isPlainObject(x: object): boolean {
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Every tensor in a container (arrays, plain objects and Maps, nested), each once. */
export function getTensorsInContainer(result: unknown): Tensor[] {
  const found = new Set<Tensor>();
  const seen = new Set<object>();
  const walk = (x: unknown): void => {
    if (x instanceof Tensor) {
      found.add(x);
      return;
    }
    if (typeof x !== 'object' || x === null || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) x.forEach(walk);
    else if (x instanceof Map) x.forEach(walk);
    else if (isPlainObject(x)) Object.values(x).forEach(walk);
  };
  walk(result);
  return [...found];
}

/**
 * Disposes every tensor in `container` (a tensor, or arrays/objects of them, nested).
 * Disposing twice is harmless.
 *
 * @example
 * const a = tp.tensor([1, 2]);
 * const b = tp.tensor([3, 4]);
 * tp.dispose([a, { b }]);
 * console.log(a.isDisposed, b.isDisposed); // true true
 */
export function dispose(container: TensorContainer): void {
  for (const t of getTensorsInContainer(container)) t.dispose();
}

/**
 * @internal Opens a scope as tidy() does, for code that cannot pass a synchronous function (a test
 * harness scoping each async test, as TF.js's engine.startScope): close it with endScope().
 */
export function startScope(name: string): void {
  scopes.push({ name, tracked: [] });
}

/** @internal Closes the innermost scope, disposing what it tracked except the tensors in `result`. */
export function endScope(result: unknown): void {
  const scope = scopes.pop()!;
  const keep = new Set(getTensorsInContainer(result));
  const parent = scopes.length > 0 ? scopes[scopes.length - 1]! : null;
  for (const t of scope.tracked) {
    if (t.isDisposed || t.kept) continue;
    if (keep.has(t)) parent?.tracked.push(t);
    else t.dispose();
  }
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

/**
 * Runs `fn` and disposes every tensor it created, except the tensors it returns (found deeply in
 * arrays and objects) and those passed to `tp.keep`. Tidies nest; returned tensors belong to the
 * enclosing tidy. `fn` must be synchronous. An optional name comes first, as in TF.js.
 *
 * @example
 * const x = tp.tensor([1, 2, 3]);
 * const y = tp.tidy(() => x.square().add(1)); // the squares are disposed, y is kept
 * y.print(); // [2, 5, 10]
 */
export function tidy<T extends TensorContainer>(nameOrFn: string | (() => T), fn?: () => T): T {
  const name = typeof nameOrFn === 'string' ? nameOrFn : 'tidy';
  const f = typeof nameOrFn === 'function' ? nameOrFn : fn;
  if (typeof f !== 'function') throw new Error('tidy: expected a function, as tidy(fn) or tidy(name, fn)');
  engine(); // fail before running fn if the engine is not ready
  scopes.push({ name, tracked: [] });
  let result: T;
  try {
    result = f();
  } catch (e) {
    endScope(undefined);
    throw e;
  }
  if (isThenable(result)) {
    endScope(undefined);
    result.then(undefined, () => undefined);
    throw new Error(
      `tidy: '${name}' returned a Promise; tidy() only takes synchronous functions ` +
        '(tensors created after an await would escape it). Use tidy() inside the async function instead.',
    );
  }
  endScope(result);
  return result;
}

/**
 * Keeps a tensor created inside `tp.tidy` from being disposed when the tidy ends.
 *
 * @example
 * let kept: tp.Tensor | undefined;
 * tp.tidy(() => { kept = tp.keep(tp.tensor([1, 2]).mul(2)); });
 * kept!.print(); // [2, 4]
 */
export function keep<T extends Tensor>(t: T): T {
  t.kept = true;
  return t;
}

/** Memory held by the engine, as counted by the core. */
export interface MemoryInfo {
  /** Live tensor handles (tensors and variables not yet disposed or collected). */
  numTensors: number;
  /** Live storage buffers (views share their base's buffer). */
  numDataBuffers: number;
  /** Bytes in live buffers. */
  numBytes: number;
  /** Highest numBytes since start-up or the last `tp.resetPeakMemory()`. */
  peakBytes: number;
}

/**
 * Live tensors, buffers and bytes in the engine.
 *
 * @example
 * const before = tp.memory().numTensors;
 * const t = tp.tensor([1, 2, 3]);
 * console.log(tp.memory().numTensors - before); // 1
 * t.dispose();
 */
export function memory(): MemoryInfo {
  const { module, wordsBase } = engine();
  module.memory();
  const w = module.HEAPF64;
  return { numTensors: w[wordsBase]!, numDataBuffers: w[wordsBase + 1]!, numBytes: w[wordsBase + 2]!, peakBytes: w[wordsBase + 3]! };
}

/**
 * Restarts `peakBytes` of `tp.memory()` from the current number of live bytes.
 *
 * @example
 * tp.resetPeakMemory();
 * console.log(tp.memory().peakBytes === tp.memory().numBytes); // true
 */
export function resetPeakMemory(): void {
  engine().module.resetPeak();
}
