// The host side of a worker runtime: a kernel in a Web Worker (browser) or worker_threads (Node)
// that owns its own engine, runs cells in order against shared state, streams their outputs, and
// can be interrupted (cooperatively, then by restarting) and restarted.
import { platform } from '#platform';
import type { NodeWorkerThreads } from '../platform/types.js';
import type { Display } from './display.js';
import type { CellError, CellResult, FromKernel, LogLevel, NamespaceIndex, Output, ToKernel } from './protocol.js';

/** The callbacks a spawned worker reports to. */
export interface WorkerEvents {
  message(data: unknown): void;
  /** The worker died or could not start (crash, out of memory, script error). */
  error(message: string): void;
}

/** A started worker, as the runtime drives it. */
export interface WorkerHandle {
  post(message: unknown, transfer?: Transferable[]): void;
  terminate(): void;
}

/** Starts a worker running tensorpad's worker entry (see `workerEntryUrl`). */
export type SpawnWorker = (events: WorkerEvents) => WorkerHandle;

export type RuntimeStatus = 'starting' | 'idle' | 'busy' | 'dead';

export interface RuntimeOptions {
  /** Console output of cells, as it happens. */
  onLog?(entry: { level: LogLevel; text: string; runId: number }): void;
  /** Every structured output of every cell (console lines included, as kind 'log'). */
  onOutput?(output: Output, info: { runId: number; key?: string }): void;
  /** Metrics that cells (or training code) report with `display.metrics`. */
  onMetrics?(metrics: { run: string; step: number; values: Record<string, number>; runId: number }): void;
  /** The kernel was replaced by a fresh one: every variable is gone. */
  onReset?(reason: string): void;
  onStatus?(status: RuntimeStatus): void;
  /**
   * Browser: the app's own module worker running tensorpad's worker entry, for set-ups where the
   * package's worker_main.js is not served (a module doing `import 'tensorpad/worker'`, started as
   * the app's bundler expects). A function is called for each (re)start of the kernel; a Worker
   * object serves the first start only.
   */
  worker?: Worker | (() => Worker);
  /** How to start the worker (default: `worker`, else a Worker / worker_threads Worker on `workerUrl`). */
  spawn?: SpawnWorker;
  /** Worker entry module (default: worker_main.js next to this file, which bundlers emit). */
  workerUrl?: string | URL;
  /** A port to the host's storage for each new kernel (answered by tp.summary.serveStorage). */
  storagePort?(): MessagePort | undefined;
  /** After Stop, how long a cell may take to end by itself before the kernel is restarted (ms). */
  interruptGraceMs?: number;
  /** Node only: heap limit of the worker in MB (an out-of-memory cell then restarts the kernel). */
  memoryLimitMb?: number;
}

export interface RunOptions {
  /** Outputs of this run only (in addition to the runtime's onOutput). */
  onOutput?(output: Output, key?: string): void;
  /** Called with the run's id as soon as it is assigned. */
  onStart?(runId: number): void;
}

/** A function run in the worker as a cell: it gets the worker's tensorpad and the cell's display. */
export type CellFunction = (tp: typeof import('../index.js'), display: Display) => unknown;

/** A kernel you can run code in. */
export interface Runtime {
  /** Runs a cell (or a function of (tp, display)); resolves with its result, never rejects for the cell's own errors. */
  run(code: string | CellFunction, options?: RunOptions): Promise<CellResult>;
  /** Asks the running cell to stop; if it has not ended after the grace period, restarts the kernel. Queued cells are cancelled. */
  interrupt(): void;
  /** Replaces the kernel by a fresh one (state cleared); resolves when it is ready. */
  restart(reason?: string): Promise<void>;
  /** Resolves when the kernel is ready to run code. */
  ready(): Promise<void>;
  /** Names of tp's namespaces (for completion); empty until ready. */
  readonly names: NamespaceIndex;
  readonly status: RuntimeStatus;
  /** Stops the worker for good. */
  dispose(): void;
}

const MAX_START_FAILURES = 3;

interface Pending {
  id: number;
  code: string;
  options: RunOptions;
  resolve(result: CellResult): void;
  started: number;
}

function nodeWorkerThreads(): NodeWorkerThreads | undefined {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (typeof proc?.versions?.node !== 'string' || typeof (globalThis as { window?: unknown }).window !== 'undefined') return undefined;
  return platform.workerThreads;
}

const ENTRY = 'worker_main.js';

/** URL of the worker entry module that ships next to this file (in an unbundled install). */
export function workerEntryUrl(): URL {
  // Not `new URL(..., import.meta.url)`: bundlers only follow it inside `new Worker(...)` (below).
  return platform.workerEntry ?? new URL(import.meta.url.replace(/[^/]*$/, ENTRY));
}

/** Why a worker did not start, and what to do about it. */
function startError(url: string | undefined, reason: string): string {
  const where = url ? `from ${url}` : 'from the app\'s own worker (the worker option)';
  return (
    `tp.worker could not start its worker ${where}: ${reason}. ` +
    (url
      ? `Serve tensorpad's ${ENTRY} (from its dist/ folder) at that URL (bundlers that understand ` +
        `new Worker(new URL(..., import.meta.url)) emit it: Vite, webpack 5), or pass your own worker: ` +
        `a module containing import 'tensorpad/worker', started with ` +
        `{ worker: () => new Worker(new URL('./tp_worker.js', import.meta.url), { type: 'module' }) }`
      : 'check that the module imports tensorpad/worker and loads (the browser console names the failing import)')
  );
}

function nodeSpawn(wt: NodeWorkerThreads, url: string | URL, options: RuntimeOptions): SpawnWorker {
  return (events) => {
    const limits = options.memoryLimitMb ? { resourceLimits: { maxOldGenerationSizeMb: options.memoryLimitMb } } : {};
    const w = new wt.Worker(url, { ...limits });
    let exited = false;
    w.on('message', (m) => events.message(m));
    w.on('error', (e: Error) => {
      exited = true;
      events.error((e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'the worker ran out of memory' : e.message);
    });
    w.on('exit', (code: number) => {
      if (!exited) events.error(`the worker exited (code ${code})`);
      exited = true;
    });
    return {
      post: (m, t) => w.postMessage(m, t),
      terminate: () => {
        exited = true;
        void w.terminate();
      },
    };
  };
}

function browserSpawn(options: RuntimeOptions): SpawnWorker {
  let given = options.worker;
  return (events) => {
    let w: Worker;
    if (typeof given === 'function') w = given();
    else if (given) {
      w = given;
      given = () => {
        throw new Error('a Worker object starts one kernel only: pass a function that returns a new Worker to allow restarts');
      };
    } else if (options.workerUrl !== undefined) w = new Worker(options.workerUrl, { type: 'module' });
    // Literal, so that Vite and webpack 5 emit worker_main.js (and what it imports) as a worker chunk.
    else w = new Worker(new URL('./worker_main.js', import.meta.url), { type: 'module' });
    w.onmessage = (e) => events.message(e.data);
    w.onerror = (e) => {
      e.preventDefault();
      events.error(e.message || 'the worker failed (crashed, ran out of memory, or its script or an import could not load)');
    };
    return { post: (m, t) => w.postMessage(m, t ?? []), terminate: () => w.terminate() };
  };
}

function defaultSpawn(options: RuntimeOptions): SpawnWorker {
  const wt = nodeWorkerThreads();
  if (wt) return nodeSpawn(wt, options.workerUrl ?? workerEntryUrl(), options);
  return browserSpawn(options);
}

/** The URL the default spawn starts, for errors (undefined: the app's own worker). */
function triedUrl(options: RuntimeOptions): string | undefined {
  if (options.spawn || options.worker) return undefined;
  return String(options.workerUrl !== undefined ? new URL(String(options.workerUrl), (globalThis as { location?: { href: string } }).location?.href ?? import.meta.url) : workerEntryUrl());
}

function isMessage(x: unknown): x is FromKernel {
  return typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string';
}

/**
 * A kernel in a worker: cells share state as in Jupyter, `tp` and `display` are in scope, output
 * streams back while the cell runs.
 *
 * @example
 * const rt = tp.worker.createRuntime({ onLog: ({ text }) => console.log(text) });
 * await rt.run('const x = tp.tensor([1, 2, 3]);');
 * const r = await rt.run('console.log("sum"); x.sum()');
 * if (r.ok) console.log(r.output); // { kind: 'tensor', text: 'Tensor\n  dtype: float32\n  rank: 0\n  shape: []\n  values:\n    6', ... }
 * rt.dispose();
 */
export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const spawn = options.spawn ?? defaultSpawn(options);
  const grace = options.interruptGraceMs ?? 1500;
  const canShare =
    typeof SharedArrayBuffer !== 'undefined' &&
    (nodeWorkerThreads() !== undefined || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true);

  let worker: WorkerHandle | null = null;
  let generation = 0;
  let status: RuntimeStatus = 'starting';
  let names: NamespaceIndex = {};
  let flag: Int32Array | null = null;
  let readyPromise: Promise<void> = Promise.resolve();
  let resolveReady: () => void = () => undefined;
  let readySettled = true;
  let deadReason: string | undefined;
  let nextId = 1;
  let current: Pending | null = null;
  const queue: Pending[] = [];
  let graceTimer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;
  let startFailures = 0;

  const setStatus = (s: RuntimeStatus): void => {
    if (status === s) return;
    status = s;
    options.onStatus?.(s);
  };

  // Run options of recent runs, for output that arrives after a run's result.
  const finished = new Map<number, RunOptions>();
  const finish = (p: Pending, result: CellResult): void => {
    finished.set(p.id, p.options);
    if (finished.size > 200) finished.delete(finished.keys().next().value!);
    p.resolve(result);
  };

  const failAll = (error: CellError, extra: { reset?: boolean; interrupted?: boolean }, queued?: CellError): void => {
    const now = performance.now();
    if (current) finish(current, { ok: false, error, ...extra, durationMs: now - current.started });
    current = null;
    const notRun = queued ?? { name: 'Cancelled', message: 'not run: the runtime was reset before this cell started' };
    for (const p of queue.splice(0)) finish(p, { ok: false, error: notRun, ...extra, durationMs: 0 });
  };

  const pump = (): void => {
    if (status === 'dead' && !disposed) {
      const message = `${deadReason ?? 'the runtime could not start'}; restart it to try again`;
      for (const p of queue.splice(0)) finish(p, { ok: false, error: { name: 'RuntimeError', message }, durationMs: 0 });
      return;
    }
    if (current || status !== 'idle' || queue.length === 0 || !worker) return;
    current = queue.shift()!;
    current.started = performance.now();
    if (flag) Atomics.store(flag, 0, 0);
    setStatus('busy');
    worker.post({ type: 'run', id: current.id, code: current.code } satisfies ToKernel);
  };

  const onKernel = (gen: number, data: unknown): void => {
    if (gen !== generation || !isMessage(data)) return;
    switch (data.type) {
      case 'ready': {
        names = data.names;
        startFailures = 0;
        const init: ToKernel = { type: 'init' };
        const transfer: Transferable[] = [];
        if (flag) init.flag = flag.buffer as SharedArrayBuffer;
        const storage = options.storagePort?.();
        if (storage) {
          init.storagePort = storage;
          transfer.push(storage);
        }
        worker!.post(init, transfer);
        setStatus('idle');
        resolveReady();
        pump();
        break;
      }
      case 'output': {
        if (!current || data.id !== current.id) {
          // Output of code that outlived its cell (a timer, an unawaited promise): to its cell.
          options.onOutput?.(data.output, { runId: data.id, ...(data.key ? { key: data.key } : {}) });
          finished.get(data.id)?.onOutput?.(data.output, data.key);
          return;
        }
        const o = data.output;
        if (o.kind === 'log') options.onLog?.({ level: o.level, text: o.text, runId: data.id });
        if (o.kind === 'metrics') options.onMetrics?.({ run: o.run, step: o.step, values: o.values, runId: data.id });
        options.onOutput?.(o, { runId: data.id, ...(data.key ? { key: data.key } : {}) });
        current.options.onOutput?.(o, data.key);
        break;
      }
      case 'result': {
        if (!current || data.id !== current.id) return;
        const p = current;
        current = null;
        if (graceTimer) clearTimeout(graceTimer);
        graceTimer = null;
        setStatus('idle');
        finish(p, data.result);
        pump();
        break;
      }
      case 'fatal':
        if (status === 'starting') {
          startFailed(`the runtime could not start: ${data.message}`);
          break;
        }
        void replace(`the runtime failed: ${data.message}`, { name: 'RuntimeError', message: data.message });
        break;
      default:
        break;
    }
  };

  // A kernel that fails before it is ready (its script or the engine cannot load) is tried again,
  // with the cells queued so far kept waiting, and given up on after a few tries (until restart()):
  // the cells then fail with the reason, never a bare "cancelled".
  const startFailed = (message: string): void => {
    worker?.terminate();
    worker = null;
    if (++startFailures < MAX_START_FAILURES) {
      start();
      return;
    }
    const error = { name: 'RuntimeError', message };
    failAll(error, {}, error);
    deadReason = message;
    setStatus('dead');
    resolveReady();
  };

  const start = (): void => {
    const gen = ++generation;
    setStatus('starting');
    if (readySettled) {
      readySettled = false;
      readyPromise = new Promise<void>((r) => {
        resolveReady = () => {
          readySettled = true;
          r();
        };
      });
    }
    flag = canShare ? new Int32Array(new SharedArrayBuffer(4)) : null;
    const onError = (message: string): void => {
      if (gen !== generation || disposed) return;
      if (status === 'starting') {
        startFailed(options.spawn ? `the runtime could not start: ${message}` : startError(triedUrl(options), message));
        return;
      }
      void replace(`the runtime crashed (${message}); it was restarted and its state is lost`, { name: 'RuntimeCrash', message });
    };
    try {
      worker = spawn({ message: (d) => onKernel(gen, d), error: onError });
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e));
    }
  };

  // Terminates the kernel, fails what was running or queued, and starts a fresh one.
  const replace = async (reason: string, error: CellError, extra: { interrupted?: boolean } = {}): Promise<void> => {
    if (disposed) return;
    if (graceTimer) clearTimeout(graceTimer);
    graceTimer = null;
    worker?.terminate();
    worker = null;
    failAll(error, { reset: true, ...extra });
    start();
    options.onReset?.(reason);
    await readyPromise;
  };

  start();

  return {
    run(code, runOptions = {}) {
      if (disposed) return Promise.reject(new Error('tp.worker: this runtime was disposed'));
      const source = typeof code === 'function' ? `return await (${code.toString()})(tp, display);` : String(code);
      return new Promise<CellResult>((resolve) => {
        const id = nextId++;
        queue.push({ id, code: source, options: runOptions, resolve, started: 0 });
        runOptions.onStart?.(id);
        pump();
      });
    },
    interrupt() {
      if (disposed) return;
      for (const p of queue.splice(0))
        finish(p, { ok: false, error: { name: 'Cancelled', message: 'not run: interrupted' }, interrupted: true, durationMs: 0 });
      if (!current || !worker) return;
      if (flag) Atomics.store(flag, 0, 1);
      worker.post({ type: 'interrupt' } satisfies ToKernel);
      if (graceTimer === null) {
        const id = current.id;
        graceTimer = setTimeout(() => {
          graceTimer = null;
          if (current?.id !== id) return;
          void replace(
            'the cell did not stop when asked, so the runtime was restarted: every variable was cleared',
            { name: 'InterruptedError', message: 'stopped by restarting the runtime (the cell did not yield)' },
            { interrupted: true },
          );
        }, grace);
      }
    },
    restart(reason = 'restarted: every variable was cleared') {
      startFailures = 0;
      deadReason = undefined;
      return replace(reason, { name: 'Cancelled', message: 'the runtime was restarted' });
    },
    ready: () => readyPromise,
    get names() {
      return names;
    },
    get status() {
      return status;
    },
    dispose() {
      if (disposed) return;
      failAll({ name: 'Cancelled', message: 'the runtime was disposed' }, {});
      disposed = true;
      if (graceTimer) clearTimeout(graceTimer);
      worker?.terminate();
      worker = null;
      setStatus('dead');
    },
  };
}

/**
 * Runs one piece of code (a cell's text, or a function of (tp, display)) in a fresh worker and
 * disposes of it: training off the main thread in one call.
 *
 * @example
 * const result = await tp.worker.run((tp) => tp.tensor([1, 2, 3]).sum().arraySync(), {
 *   onLog: ({ text }) => console.log(text),
 * });
 * if (result.ok) console.log(result.value); // 6
 */
export async function run(code: string | CellFunction, options: RuntimeOptions = {}): Promise<CellResult> {
  const rt = createRuntime(options);
  try {
    return await rt.run(code);
  } finally {
    rt.dispose();
  }
}
