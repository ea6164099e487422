// The worker side of a runtime: runs cells one at a time against one persistent scope, with `tp`
// and `display` in scope, console captured, and every output streamed to the host as it happens.
import { ChannelStorage } from '../summary/storage_channel.js';
import { setDefaultStorage } from '../summary/default_storage.js';
import { display, flushDisplays, resetTerminal, setOutputSink, terminalStdout } from './display.js';
import { cloneable, formatArgs, toOutput, toTable } from './format.js';
import { InterruptedError, requestStop, resetStop, setSharedFlag, shouldStop } from './interrupt.js';
import type { CellError, CellResult, FromKernel, LogLevel, NamespaceIndex, Output, ToKernel } from './protocol.js';
import { CellSyntaxError, transformCell } from './transform.js';

/** How the kernel talks to its host: a worker's global scope, a worker_threads parentPort... */
export interface KernelPort {
  post(message: FromKernel, transfer?: Transferable[]): void;
  listen(handler: (message: ToKernel) => void): void;
}

const SCOPE = '__tp_scope';
const CELL_URL = /tp-cell-(\d+)\.js:(\d+):(\d+)/;
// Outputs per cell beyond which console lines are dropped (a print in a hot loop must not flood
// the page); keyed outputs (progress, live charts) replace each other and are not counted.
const MAX_LINES_PER_CELL = 5000;

type AsyncFn = (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => AsyncFn;

function isNamespace(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && (Object.getPrototypeOf(x) === null || (x as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'Module');
}

/** Names of `tp`, `tp.<namespace>` and `display`, for the editor's completion. */
export function namespaceIndex(tp: Record<string, unknown>): NamespaceIndex {
  const index: NamespaceIndex = { tp: Object.keys(tp).sort() };
  for (const [k, v] of Object.entries(tp)) if (isNamespace(v)) index[`tp.${k}`] = Object.keys(v).sort();
  index.display = Object.keys(display).sort();
  return index;
}

// Lines that the Function constructor puts before the body (2 in V8: measured, not assumed). A
// plain function has the same header lines as an async one and reports synchronously.
function measureLineOffset(): number {
  const stack = String(new Function(SCOPE, 'return new Error().stack\n//# sourceURL=tp-cell-0.js')());
  const m = CELL_URL.exec(stack);
  return m ? Number(m[2]) - 1 : 2;
}

/** Starts the kernel on `port` with the given tp namespace; posts 'ready' when it can run cells. */
export function startKernel(port: KernelPort, tp: Record<string, unknown>): void {
  const scope: Record<string, unknown> = Object.create(null);
  const lineOffset = measureLineOffset();
  let currentId = 0;
  let lines = 0;
  let running = false;
  const queue: { id: number; code: string }[] = [];

  const emit = (output: Output, key?: string): void => {
    if (!key && (output.kind === 'log' || output.kind === 'text')) {
      lines++;
      if (lines === MAX_LINES_PER_CELL + 1) output = { kind: 'log', level: 'warn', text: `... more output of this cell was dropped (over ${MAX_LINES_PER_CELL} lines)` };
      else if (lines > MAX_LINES_PER_CELL) return;
    }
    port.post({ type: 'output', id: currentId, output, ...(key ? { key } : {}) });
  };
  setOutputSink(emit);

  const levels: LogLevel[] = ['log', 'info', 'warn', 'error', 'debug'];
  const con = console as unknown as Record<string, (...args: unknown[]) => void>;
  for (const level of levels) con[level] = (...args: unknown[]) => emit({ kind: 'log', level, text: formatArgs(args) });
  con.table = (rows: unknown) => (Array.isArray(rows) ? emit(toTable(rows)) : emit({ kind: 'log', level: 'log', text: formatArgs([rows]) }));
  const g = globalThis as Record<string, unknown>;
  g.tp = tp;
  g.display = display;
  // Code that draws progress on a terminal (fit's progress bar at verbose 1, printStatusBar)
  // writes to process.stdout: here that is the cell's terminal, so the bar updates in place.
  const proc = g.process as { stdout?: unknown } | undefined;
  if (proc === undefined) g.process = { stdout: terminalStdout };
  else {
    try {
      Object.defineProperty(proc, 'stdout', { value: terminalStdout, configurable: true, writable: true });
    } catch {
      // a process object that cannot take it: progress bars print whole lines instead
    }
  }

  // Errors of code that outlives its cell (timers, unawaited promises) show in the current cell.
  const late = (e: unknown): void => emit({ kind: 'log', level: 'error', text: `Uncaught ${describe(e).name}: ${describe(e).message}` });
  const target = globalThis as unknown as { addEventListener?: (t: string, f: (e: Event) => void) => void; process?: { on(t: string, f: (e: unknown) => void): void } };
  if (typeof target.addEventListener === 'function' && typeof (globalThis as { window?: unknown }).window === 'undefined' && typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined') {
    target.addEventListener('unhandledrejection', (e) => {
      e.preventDefault();
      late((e as PromiseRejectionEvent).reason);
    });
    target.addEventListener('error', (e) => {
      e.preventDefault();
      late((e as ErrorEvent).error ?? (e as ErrorEvent).message);
    });
  } else {
    target.process?.on('unhandledRejection', late);
    target.process?.on('uncaughtException', late);
  }

  function describe(e: unknown, runId?: number): CellError {
    if (e instanceof CellSyntaxError) return { name: 'SyntaxError', message: e.message, line: e.line, column: e.column };
    const err: CellError =
      e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : { name: 'Error', message: typeof e === 'string' ? e : formatArgs([e]) };
    const m = e instanceof Error && e.stack ? CELL_URL.exec(e.stack) : null;
    if (m) {
      const run = Number(m[1]);
      err.line = Number(m[2]) - lineOffset;
      if (runId !== undefined && run !== runId) err.inRun = run;
    }
    if (err.stack) err.stack = err.stack.split('\n').filter((l) => !/kernel\.(ts|js)|worker_main/.test(l)).join('\n');
    return err;
  }

  async function execute(id: number, code: string): Promise<CellResult> {
    const t0 = performance.now();
    try {
      const cell = transformCell(code, SCOPE);
      for (const name of cell.declared) if (!(name in scope)) scope[name] = undefined;
      const fn = new AsyncFunction(SCOPE, 'tp', 'display', `${cell.body}\n//# sourceURL=tp-cell-${id}.js`);
      const value = await fn(scope, tp, display);
      const output = toOutput(value);
      return {
        ok: true,
        ...(output ? { output } : {}),
        ...(value !== undefined && cloneable(value) ? { value } : {}),
        durationMs: performance.now() - t0,
      };
    } catch (e) {
      const interrupted = e instanceof InterruptedError || shouldStop();
      return { ok: false, error: describe(e, id), ...(interrupted ? { interrupted } : {}), durationMs: performance.now() - t0 };
    }
  }

  async function drain(): Promise<void> {
    if (running) return;
    running = true;
    while (queue.length > 0) {
      const { id, code } = queue.shift()!;
      currentId = id;
      lines = 0;
      resetStop();
      resetTerminal();
      const result = await execute(id, code);
      flushDisplays();
      try {
        port.post({ type: 'result', id, result });
      } catch {
        // a value that looked cloneable was not (e.g. a huge nested array): send it without
        port.post({ type: 'result', id, result: { ...result, value: undefined } as CellResult });
      }
      // An aborted WebAssembly module cannot run anything more: ask the host for a new worker.
      if (!result.ok && /Aborted\(|RuntimeError: abort/i.test(`${result.error.name}: ${result.error.message}`))
        port.post({ type: 'fatal', message: `the engine aborted: ${result.error.message}` });
    }
    running = false;
  }

  port.listen((msg) => {
    switch (msg.type) {
      case 'init':
        if (msg.flag) setSharedFlag(new Int32Array(msg.flag));
        if (msg.storagePort) setDefaultStorage(new ChannelStorage(msg.storagePort));
        break;
      case 'run':
        queue.push({ id: msg.id, code: msg.code });
        void drain();
        break;
      case 'interrupt':
        requestStop();
        break;
      default:
        break;
    }
  });
  port.post({ type: 'ready', names: namespaceIndex(tp), lineOffset });
}
