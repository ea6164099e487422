// Messages between a runtime (the page, or a Node process) and its kernel (the worker). All are
// structured-clone objects; bulk data (chart columns) travels as plain arrays of numbers.

/** A line series of a chart: `y` against `x` (x defaults to 0, 1, 2, ...). */
export interface ChartSeries {
  name: string;
  x?: number[];
  y: number[];
}

/** One structured output of a cell, in the order the cell produced it. */
export type Output =
  | { kind: 'text'; text: string; stream?: 'stdout' | 'stderr' }
  | { kind: 'log'; level: LogLevel; text: string }
  | { kind: 'tensor'; text: string; shape: number[]; dtype: string }
  | { kind: 'table'; columns: string[]; rows: unknown[][]; truncated?: number }
  | { kind: 'chart'; title?: string; series: ChartSeries[]; xLabel?: string; yLabel?: string; logY?: boolean }
  | {
      kind: 'scatter';
      title?: string;
      x: number[];
      y: number[];
      /** Class label (integer) of each point, for color. */
      labels?: number[];
      xLabel?: string;
      yLabel?: string;
    }
  | { kind: 'heatmap'; title?: string; rows: number; cols: number; values: number[]; extent?: [number, number, number, number] }
  | {
      kind: 'images';
      title?: string;
      count: number;
      height: number;
      width: number;
      /** 1 (grey) or 3 (RGB). */
      channels: number;
      /** 0..255, image after image, row-major, channels last. */
      pixels: number[];
      /** A caption under each image (class, or predicted class). */
      captions?: string[];
      /** Which captions are wrong predictions (drawn marked). */
      wrong?: boolean[];
      columns?: number;
      /** Screen pixels per image pixel. */
      scale?: number;
      /** Text alternative of the whole grid. */
      alt: string;
    }
  /** counts[i * k + j]: examples of class i predicted as class j. */
  | { kind: 'confusion'; title?: string; classNames: string[]; counts: number[] }
  | { kind: 'progress'; text: string }
  /** A TensorBoard dashboard of a log folder (of the kernel's summary storage), following it as it grows. */
  | { kind: 'dashboard'; logdir: string; tab?: 'scalars' | 'histograms' | 'distributions' | 'text' | 'graphs' }
  | { kind: 'metrics'; run: string; step: number; values: Record<string, number> };

export type LogLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

/** Where a cell failed. Line and column are 1-based, in the cell's own text. */
export interface CellError {
  name: string;
  message: string;
  /** Line in the failing cell (the cell that was run, or the one that defined the failing code). */
  line?: number;
  column?: number;
  /** Run id of the cell whose code was executing, when it is not the running cell. */
  inRun?: number;
  stack?: string;
}

/** What `runtime.run` resolves to. */
export type CellResult =
  | {
      ok: true;
      /** The last expression's value, rendered (undefined if the cell ends in a statement). */
      output?: Output;
      /** The value itself, when it survives structured cloning (numbers, strings, arrays, plain objects). */
      value?: unknown;
      durationMs: number;
    }
  | {
      ok: false;
      error: CellError;
      /** Stop was pressed and the cell ended because of it. */
      interrupted?: boolean;
      /** The kernel was restarted (Stop on a cell that did not yield, a crash, restart()): all state is gone. */
      reset?: boolean;
      durationMs: number;
    };

/** Names of the tp namespace and its sub-namespaces, for editor completion. */
export type NamespaceIndex = Record<string, string[]>;

export type ToKernel =
  | { type: 'init'; flag?: SharedArrayBuffer; storagePort?: MessagePort }
  | { type: 'run'; id: number; code: string }
  | { type: 'interrupt' };

export type FromKernel =
  | { type: 'ready'; names: NamespaceIndex; lineOffset: number }
  | { type: 'output'; id: number; output: Output; /** Replaces the earlier output of this run with the same key (progress, live charts). */ key?: string }
  | { type: 'result'; id: number; result: CellResult }
  | { type: 'fatal'; message: string };
