// tp.worker: run code off the main thread in a kernel that owns its own engine (a Web Worker in
// browsers, worker_threads in Node), and the hooks long-running code polls to honour Stop.
export {
  createRuntime,
  run,
  workerEntryUrl,
  type Runtime,
  type RuntimeOptions,
  type RunOptions,
  type CellFunction,
  type RuntimeStatus,
  type SpawnWorker,
  type WorkerEvents,
  type WorkerHandle,
} from './runtime.js';
export { shouldStop, stopSignal, throwIfStopped, pause, InterruptedError } from './interrupt.js';
export { display, type Display, type LiveChart, type ChartData, type ChartOptions, type ScatterOptions, type HeatmapOptions } from './display.js';
export { transformCell, CellSyntaxError, type TransformedCell } from './transform.js';
export { inspect } from './format.js';
export type { Output, ChartSeries, CellResult, CellError, LogLevel, NamespaceIndex } from './protocol.js';
