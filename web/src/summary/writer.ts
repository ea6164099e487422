// SummaryWriter: TF2's tf.summary file writer. Summary calls are synchronous and only queue an
// encoded record; the queue goes to storage when it holds `maxQueue` events, after `flushMillis`,
// or on flush()/close(). Appends are chained, so records reach the file in call order.
import { DataType, encodeEvent, FILE_VERSION, type SummaryEvent, type SummaryMetadata, type TensorProto } from './event.js';
import { decodeGraphDef, encodeGraphDef, type GraphDefData } from './graph.js';
import { DEFAULT_BUCKET_COUNT, histogramBuckets } from './histogram.js';
import { getDefaultStorage } from './default_storage.js';
import { joinPath, type LogdirStorage } from './storage.js';
import { encodeRecord } from './tfrecord.js';

/**
 * What the summary functions accept as a tensor: anything with a shape, a dtype and dataSync(),
 * as tensorpad's Tensor (and TF.js's) has.
 */
export interface SummaryTensor {
  readonly shape: readonly number[];
  readonly dtype: string;
  dataSync(): ArrayLike<number>;
}

/** A step: an integer, or a scalar integer tensor. */
export type StepLike = number | bigint | SummaryTensor;

/** Nested arrays of numbers. */
export interface NestedNumbers {
  [index: number]: number | NestedNumbers;
  length: number;
}

export interface FileWriterOptions {
  /** Events queued before the queue is written out (TF2 default: 10). */
  maxQueue?: number;
  /** Longest time an event waits in the queue, in milliseconds (TF2 default: 120000). */
  flushMillis?: number;
  /** Ending of the event file's name (TF2 default: ".v2"). */
  filenameSuffix?: string;
  /** Where the file goes (default: `tp.summary.getDefaultStorage()`). */
  storage?: LogdirStorage | Promise<LogdirStorage>;
  /** Wall clock in seconds since the epoch, for events and the file name (tests inject one). */
  clock?: () => number;
  /** Host part of the file name (default: the machine's host name in Node, "browser" elsewhere). */
  hostname?: string;
  /** Process part of the file name (default: the pid in Node, a random number elsewhere). */
  pid?: number | string;
  /** Called when writing to storage fails in the background (default: console.error). */
  onError?: (error: Error) => void;
}

export interface StepOptions {
  /** The step; defaults to `tp.summary.experimental.getStep()`, which must then be set. */
  step?: StepLike;
}

// TF.js-node's writers take (name, value, step, ...rest) positionally; tensorpad's options object
// is the other form. A step (number, bigint or scalar tensor) in the options slot is positional.
function positional<T extends StepOptions>(options: T | StepLike, rest: Partial<T>): T {
  if (!(typeof options === 'number' || typeof options === 'bigint' || isTensor(options))) return options;
  const out = { step: options } as T;
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

export interface ScalarOptions extends StepOptions {
  /** Long-form description shown by TensorBoard (markdown). */
  description?: string;
}

export interface HistogramOptions extends StepOptions {
  /** Number of equal-width buckets (default 30). */
  buckets?: number;
  description?: string;
}

export interface TextOptions extends StepOptions {
  description?: string;
}

export interface WriteOptions extends StepOptions {
  metadata?: SummaryMetadata;
}

/** A listener of the events a writer emits (see `SummaryWriter.onEvent`). */
export type EventListener = (event: SummaryEvent) => void;

// TF2 keeps the default writer and step in global context; so does tensorpad, for the same API.
const context: { stack: SummaryWriter[]; global: SummaryWriter | null; step: number | undefined } = {
  stack: [],
  global: null,
  step: undefined,
};

function nodeProcess(): { pid?: number; getBuiltinModule?: (id: string) => unknown; versions?: { node?: string } } | undefined {
  const p = (globalThis as { process?: unknown }).process;
  return typeof p === 'object' && p !== null ? (p as ReturnType<typeof nodeProcess>) : undefined;
}

function defaultHostname(): string {
  const os = nodeProcess()?.getBuiltinModule?.('node:os') as { hostname?: () => string } | undefined;
  return os?.hostname?.() || 'browser';
}

const browserPid = Math.floor(Math.random() * 90000) + 10000;
let fileCounter = 0;

function now(): number {
  const perf = (globalThis as { performance?: { timeOrigin?: number; now(): number } }).performance;
  return perf?.timeOrigin ? (perf.timeOrigin + perf.now()) / 1000 : Date.now() / 1000;
}

function sanitize(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, '_');
}

function isTensor(x: unknown): x is SummaryTensor {
  return typeof x === 'object' && x !== null && typeof (x as SummaryTensor).dataSync === 'function' && Array.isArray((x as SummaryTensor).shape);
}

function shapeStr(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

function toStep(op: string, step: StepLike | undefined): number {
  const s = step ?? context.step;
  if (s === undefined)
    throw new Error(`tp.summary.${op}: step must be set: pass { step } or call tp.summary.experimental.setStep(step) first`);
  let n: number;
  if (typeof s === 'bigint') n = Number(s);
  else if (isTensor(s)) {
    if (s.shape.length !== 0) throw new Error(`tp.summary.${op}: step must be a scalar, got a tensor of shape ${shapeStr(s.shape)}`);
    n = Number(s.dataSync()[0]);
  } else n = s;
  if (typeof n !== 'number' || !Number.isSafeInteger(n))
    throw new Error(`tp.summary.${op}: step must be an integer, got ${String(s)}`);
  return n;
}

function flattenNumbers(op: string, values: unknown, out: number[] = []): number[] {
  if (typeof values === 'number') out.push(values);
  else if (ArrayBuffer.isView(values) && !(values instanceof DataView)) {
    const view = values as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < view.length; i++) out.push(Number(view[i]));
  } else if (Array.isArray(values)) {
    for (const v of values) flattenNumbers(op, v, out);
  } else throw new Error(`tp.summary.${op}: values must be a tensor, a typed array or (nested) arrays of numbers`);
  return out;
}

function stringTensor(op: string, data: unknown): { shape: number[]; values: string[] } {
  if (typeof data === 'string') return { shape: [], values: [data] };
  if (isTensor(data)) throw new Error(`tp.summary.${op}: tensorpad tensors hold numbers; pass a string or arrays of strings`);
  const shape: number[] = [];
  for (let v: unknown = data; Array.isArray(v); v = v[0]) {
    shape.push(v.length);
    if (v.length === 0) break;
  }
  const values: string[] = [];
  const walk = (v: unknown, dim: number): void => {
    if (dim === shape.length) {
      if (typeof v !== 'string') throw new Error(`tp.summary.${op}: data must be a string or (nested) arrays of strings`);
      values.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim])
      throw new Error(`tp.summary.${op}: nested arrays must be rectangular (shape ${shapeStr(shape)})`);
    for (const x of v) walk(x, dim + 1);
  };
  walk(data, 0);
  return { shape, values };
}

const utf8 = new TextEncoder();

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Writes summaries for TensorBoard into one event file of `logdir`. Create with
 * `tp.summary.createFileWriter`.
 *
 * @example
 * const writer = tp.summary.createFileWriter('logs/train');
 * for (let step = 0; step < 100; step++) writer.scalar('loss', 1 / (step + 1), { step });
 * await writer.close();
 */
export class SummaryWriter {
  /** The logdir (run folder) this writer writes into. */
  readonly logdir: string;
  /** Path of the event file. */
  readonly path: string;
  private readonly storage: Promise<LogdirStorage>;
  private readonly maxQueue: number;
  private readonly flushMillis: number;
  private readonly clock: () => number;
  private readonly onError: (error: Error) => void;
  private queue: Uint8Array[] = [];
  private chain: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly listeners = new Set<EventListener>();

  /** @internal Use tp.summary.createFileWriter. */
  constructor(logdir: string, options: FileWriterOptions = {}) {
    if (typeof logdir !== 'string' || logdir === '') throw new Error('tp.summary.createFileWriter: logdir must be a non-empty string');
    this.logdir = logdir;
    this.maxQueue = Math.max(1, Math.floor(options.maxQueue ?? 10));
    this.flushMillis = Math.max(0, options.flushMillis ?? 120_000);
    this.clock = options.clock ?? now;
    this.onError = options.onError ?? ((e) => console.error(`tensorpad: writing summaries to ${this.path} failed:`, e));
    this.storage = Promise.resolve(options.storage ?? getDefaultStorage());
    this.storage.catch(() => undefined); // reported by flush()
    const proc = nodeProcess();
    const seconds = Math.floor(this.clock());
    const host = sanitize(options.hostname ?? defaultHostname());
    const pid = sanitize(String(options.pid ?? proc?.pid ?? browserPid));
    const name = `events.out.tfevents.${String(seconds).padStart(10, '0')}.${host}.${pid}.${fileCounter++}${options.filenameSuffix ?? '.v2'}`;
    this.path = joinPath(logdir, name);
    // As TF's EventsWriter: the file starts with a file_version event and exists at once.
    this.enqueue({ wallTime: this.clock(), step: 0, fileVersion: FILE_VERSION });
    void this.flushInBackground();
  }

  /** True once close() was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  private enqueue(event: SummaryEvent): void {
    if (this.closed) throw new Error(`tp.summary: the writer of '${this.logdir}' is closed`);
    this.queue.push(encodeRecord(encodeEvent(event)));
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (e) {
        console.error('tensorpad: a summary event listener threw', e);
      }
    }
    if (this.queue.length >= this.maxQueue) void this.flushInBackground();
    else if (this.timer === null && this.flushMillis < Infinity) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flushInBackground();
      }, this.flushMillis);
      // A pending flush timer must not keep a Node script alive; close() flushes.
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  // Background writes leave a failure for the next flush()/close() to report to the caller.
  private flushInBackground(): Promise<void> {
    return this.writeQueue();
  }

  /**
   * Writes an event with a summary of one tensor, as TF2's tf.summary.write: the building block
   * of scalar(), histogram() and text(), for other plugins' data.
   *
   * @example
   * writer.write('my_plugin/tag', { dtype: 2, shape: [2], doubleVal: [1, 2] }, {
   *   step: 3, metadata: { pluginName: 'my_plugin' },
   * });
   */
  write(tag: string, tensor: TensorProto, options: WriteOptions = {}): boolean {
    const step = toStep('write', options.step);
    if (typeof tag !== 'string' || tag === '') throw new Error('tp.summary.write: tag must be a non-empty string');
    this.enqueue({ wallTime: this.clock(), step, summary: [{ tag, tensor, ...(options.metadata ? { metadata: options.metadata } : {}) }] });
    return true;
  }

  /**
   * Writes a scalar: a rank-0 float32 tensor with the "scalars" plugin, as TF2's
   * tf.summary.scalar. `value` is a number or a scalar tensor.
   *
   * @example
   * writer.scalar('loss', 0.25, { step: 10 });
   * writer.scalar('accuracy', tp.tensor(0.9), { step: 10, description: 'top-1 on the batch' });
   * writer.scalar('loss', 0.2, 11); // TF.js-node's positional step
   */
  scalar(name: string, value: number | SummaryTensor, options: ScalarOptions | StepLike = {}, description?: string): boolean {
    options = positional(options, { description });
    let v: number;
    if (isTensor(value)) {
      if (value.shape.length !== 0)
        throw new Error(`tp.summary.scalar: '${name}' must be a scalar, got a tensor of shape ${shapeStr(value.shape)}`);
      v = Number(value.dataSync()[0]);
    } else if (typeof value === 'number') v = value;
    else throw new Error(`tp.summary.scalar: '${name}' must be a number or a scalar tensor, got ${typeof value}`);
    const content = new Uint8Array(4);
    new DataView(content.buffer).setFloat32(0, v, true);
    return this.write(name, { dtype: DataType.FLOAT, shape: [], content }, { step: this.step('scalar', options), metadata: metadata('scalars', options.description) });
  }

  /**
   * Writes a histogram of `values` (a tensor, typed array or nested arrays, any shape): a [k, 3]
   * float64 tensor of (left edge, right edge, count) rows with the "histograms" plugin, bucketed
   * as TF2's tf.summary.histogram (see `histogramBuckets`).
   *
   * @example
   * writer.histogram('weights', tp.randomNormal([1000]), { step: 0 });
   * writer.histogram('errors', [0.1, 0.4, 0.35, 0.8], { step: 0, buckets: 10 });
   * writer.histogram('errors', [0.2, 0.5], 1, 10); // TF.js-node's positional step, buckets
   */
  histogram(name: string, values: SummaryTensor | ArrayLike<number> | NestedNumbers, options: HistogramOptions | StepLike = {}, bucketCount?: number, description?: string): boolean {
    options = positional(options, { buckets: bucketCount, description });
    const step = this.step('histogram', options);
    const flat = isTensor(values) ? values.dataSync() : flattenNumbers('histogram', values);
    const buckets = histogramBuckets(flat, options.buckets ?? DEFAULT_BUCKET_COUNT);
    const content = new Uint8Array(buckets.length * 8);
    const dv = new DataView(content.buffer);
    buckets.forEach((x, i) => dv.setFloat64(i * 8, x, true));
    return this.write(name, { dtype: DataType.DOUBLE, shape: [buckets.length / 3, 3], content }, { step, metadata: metadata('histograms', options.description) });
  }

  /**
   * Writes text (markdown for TensorBoard): a string tensor with the "text" plugin, as TF2's
   * tf.summary.text. `data` is a string or (nested) arrays of strings (shown as a table).
   *
   * @example
   * writer.text('notes', 'learning rate **halved**', { step: 20 });
   * writer.text('notes', 'restarted', 21); // positional step
   */
  text(name: string, data: string | string[] | string[][], options: TextOptions | StepLike = {}, description?: string): boolean {
    options = positional(options, { description });
    const step = this.step('text', options);
    const { shape, values } = stringTensor('text', data);
    return this.write(name, { dtype: DataType.STRING, shape, stringVal: values.map((s) => utf8.encode(s)) }, { step, metadata: metadata('text', options.description) });
  }

  /**
   * Writes the model graph as Event.graph_def (TensorBoard's Graphs tab), from a serialized
   * GraphDef or plain node objects. The step defaults to 0, as in TF2.
   *
   * @example
   * writer.graph({
   *   nodes: [
   *     { name: 'input', op: 'Placeholder' },
   *     { name: 'dense/kernel', op: 'VariableV2' },
   *     { name: 'dense/MatMul', op: 'MatMul', inputs: ['input', 'dense/kernel'] },
   *     { name: 'dense/Relu', op: 'Relu', inputs: ['dense/MatMul'] },
   *   ],
   * });
   */
  graph(graph: Uint8Array | GraphDefData, options: StepOptions = {}): boolean {
    let bytes: Uint8Array;
    if (graph instanceof Uint8Array) {
      decodeGraphDef(graph); // fail here, not in the viewer, on bytes that are not a GraphDef
      bytes = graph;
    } else if (graph && Array.isArray((graph as GraphDefData).nodes)) bytes = encodeGraphDef(graph);
    else throw new Error('tp.summary.graph: pass GraphDef bytes or an object { nodes: [{ name, op, inputs }] }');
    this.enqueue({ wallTime: this.clock(), step: options.step === undefined ? 0 : toStep('graph', options.step), graphDef: bytes });
    return true;
  }

  private step(op: string, options: StepOptions): number {
    return toStep(op, options.step);
  }

  /**
   * Calls `listener` with every event this writer writes, as it is queued (for live views).
   * Returns a function that removes the listener.
   *
   * @example
   * const stop = writer.onEvent((e) => console.log(e.step, e.summary?.[0]?.tag));
   */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Writes the queued events to storage. Resolves when they are stored; rejects with the error
   * of a failed write (once).
   *
   * @example
   * writer.scalar('loss', 0.1, { step: 5 });
   * await writer.flush();
   */
  flush(): Promise<void> {
    return this.writeQueue().then(() => {
      const f = this.failure;
      this.failure = null;
      if (f) throw f;
    });
  }

  private writeQueue(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.queue.length > 0 ? concat(this.queue) : null;
    this.queue = [];
    this.chain = this.chain.then(async () => {
      if (batch === null) return;
      try {
        await (await this.storage).append(this.path, batch);
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        if (this.failure === null) this.onError(err);
        this.failure = err;
      }
    });
    return this.chain;
  }

  /**
   * Flushes and closes the writer; later summary calls on it throw. Closing twice is harmless.
   *
   * @example
   * await writer.close();
   */
  async close(): Promise<void> {
    if (this.closed) return this.chain;
    const flushed = this.flush();
    this.closed = true;
    context.stack = context.stack.filter((w) => w !== this);
    if (context.global === this) context.global = null;
    await flushed;
  }

  /**
   * Runs `fn` with this writer as the default of `tp.summary.scalar` & co (and `options.step` as
   * the default step), like TF2's `with writer.as_default():`. If `fn` returns a promise, the
   * writer stays the default until it settles; concurrent async blocks share one default, as
   * Python threads share TF's.
   *
   * @example
   * writer.asDefault(() => {
   *   tp.summary.scalar('loss', 0.5, { step: 1 });
   * });
   * await writer.asDefault(async () => { await trainEpoch(); tp.summary.scalar('loss', 0.2, { step: 2 }); });
   */
  asDefault<T>(fn: () => T, options: { step?: number } = {}): T {
    if (this.closed) throw new Error(`tp.summary: the writer of '${this.logdir}' is closed`);
    const savedStep = context.step;
    if (options.step !== undefined) context.step = toStep('asDefault', options.step);
    context.stack.push(this);
    const restore = (): void => {
      const i = context.stack.lastIndexOf(this);
      if (i >= 0) context.stack.splice(i, 1);
      if (options.step !== undefined) context.step = savedStep;
    };
    let result: T;
    try {
      result = fn();
    } catch (e) {
      restore();
      throw e;
    }
    const thenable = result as { then?: unknown; finally?: (f: () => void) => unknown };
    if (result !== null && typeof result === 'object' && typeof thenable.then === 'function' && typeof thenable.finally === 'function')
      return thenable.finally(restore) as T;
    restore();
    return result;
  }

  /**
   * Makes this writer the default outside any `asDefault` block, like TF2's set_as_default().
   *
   * @example
   * tp.summary.createFileWriter('logs/train').setAsDefault();
   * tp.summary.scalar('loss', 0.5, { step: 0 });
   */
  setAsDefault(options: { step?: number } = {}): void {
    if (this.closed) throw new Error(`tp.summary: the writer of '${this.logdir}' is closed`);
    context.global = this;
    if (options.step !== undefined) context.step = toStep('setAsDefault', options.step);
  }
}

function metadata(pluginName: string, description: string | undefined): SummaryMetadata {
  // Plugin content stays empty: the plugins' *PluginData(version=0) protos serialize to no bytes.
  return description ? { pluginName, description } : { pluginName };
}

/**
 * Creates a writer of one new event file in `logdir` (file name like TF2's:
 * events.out.tfevents.<seconds>.<host>.<pid>.<counter>.v2). The file goes to `options.storage`,
 * by default the file system in Node and IndexedDB in the browser.
 *
 * @example
 * const train = tp.summary.createFileWriter('logs/train');
 * const val = tp.summary.createFileWriter('logs/validation', { flushMillis: 1000 });
 * train.scalar('loss', 0.7, { step: 0 });
 * val.scalar('loss', 0.8, { step: 0 });
 * await Promise.all([train.close(), val.close()]);
 */
export function createFileWriter(logdir: string, options: FileWriterOptions = {}): SummaryWriter {
  return new SummaryWriter(logdir, options);
}

/**
 * The writer `tp.summary.scalar` & co write to: the innermost `asDefault` block's, else the one
 * set with `setAsDefault`, else null.
 *
 * @example
 * console.log(tp.summary.getDefaultWriter()?.logdir);
 */
export function getDefaultWriter(): SummaryWriter | null {
  return context.stack[context.stack.length - 1] ?? context.global;
}

/**
 * Writes a scalar with the default writer; returns false (and writes nothing) when there is none,
 * as TF2 does.
 *
 * @example
 * writer.asDefault(() => tp.summary.scalar('loss', 0.5, { step: 1 }));
 */
export function scalar(name: string, value: number | SummaryTensor, options: ScalarOptions | StepLike = {}, description?: string): boolean {
  const w = getDefaultWriter();
  return w ? w.scalar(name, value, options, description) : false;
}

/**
 * Writes a histogram with the default writer; false when there is none.
 *
 * @example
 * writer.asDefault(() => tp.summary.histogram('weights', [0.1, 0.2, 0.2, 0.9], { step: 1 }));
 */
export function histogram(name: string, values: SummaryTensor | ArrayLike<number> | NestedNumbers, options: HistogramOptions | StepLike = {}, buckets?: number, description?: string): boolean {
  const w = getDefaultWriter();
  return w ? w.histogram(name, values, options, buckets, description) : false;
}

/**
 * Writes text with the default writer; false when there is none.
 *
 * @example
 * writer.asDefault(() => tp.summary.text('notes', 'first run', { step: 0 }));
 */
export function text(name: string, data: string | string[] | string[][], options: TextOptions | StepLike = {}, description?: string): boolean {
  const w = getDefaultWriter();
  return w ? w.text(name, data, options, description) : false;
}

/**
 * Writes a model graph with the default writer; false when there is none.
 *
 * @example
 * writer.asDefault(() => tp.summary.graph({ nodes: [{ name: 'x', op: 'Placeholder' }] }));
 */
export function graph(graph: Uint8Array | GraphDefData, options: StepOptions = {}): boolean {
  const w = getDefaultWriter();
  return w ? w.graph(graph, options) : false;
}

/**
 * Writes a tensor summary with the default writer; false when there is none.
 *
 * @example
 * writer.asDefault(() => tp.summary.write('t', { dtype: 1, shape: [], floatVal: [1] }, { step: 0 }));
 */
export function write(tag: string, tensor: TensorProto, options: WriteOptions = {}): boolean {
  const w = getDefaultWriter();
  return w ? w.write(tag, tensor, options) : false;
}

/**
 * Flushes the default writer (nothing to do without one).
 *
 * @example
 * await tp.summary.flush();
 */
export async function flush(): Promise<void> {
  await getDefaultWriter()?.flush();
}

/**
 * Sets the step summary calls use when given none (TF2's tf.summary.experimental.set_step);
 * undefined unsets it.
 *
 * @example
 * tp.summary.experimental.setStep(100);
 * writer.asDefault(() => tp.summary.scalar('loss', 0.5)); // at step 100
 */
export function setStep(step: StepLike | undefined): void {
  context.step = step === undefined ? undefined : toStep('setStep', step);
}

/**
 * The default step set with setStep, or undefined.
 *
 * @example
 * console.log(tp.summary.experimental.getStep());
 */
export function getStep(): number | undefined {
  return context.step;
}

/** TF2's tf.summary.experimental namespace. */
export const experimental = { setStep, getStep };
