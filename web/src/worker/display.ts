// `display` inside cells: rich outputs posted to the page (tables, charts, scatter plots, heatmaps,
// progress lines, live metrics). Outside a runtime the outputs go to the console as text.
import { Tensor } from '../tensor.js';
import { DISPLAY_HANDLE, inspect, toOutput, toTable } from './format.js';
import { activationsOutput, confusionOutput, confusionText, filtersOutput, imagesOutput, type ConfusionMatrixOptions, type ImagesOptions } from './display_images.js';
import type { ChartSeries, Output } from './protocol.js';

type Sink = (output: Output, key?: string) => void;

let sink: Sink | null = null;
let nextKey = 1;
// Live charts with points not yet posted (their timer has not fired).
const pending = new Set<() => void>();

/** @internal The kernel: post every live chart's last points before the cell's result. */
export function flushDisplays(): void {
  for (const send of [...pending]) send();
}

/** @internal The kernel routes outputs of the running cell here. */
export function setOutputSink(s: Sink | null): void {
  sink = s;
}

function post(output: Output, key?: string): void {
  if (sink) sink(output, key);
  else if (output.kind === 'images') console.log(output.alt);
  else if (output.kind === 'confusion') console.log(confusionText(output));
  else console.log(output.kind === 'text' || output.kind === 'tensor' || output.kind === 'progress' ? output.text : inspect(output));
}

type Numbers = readonly number[] | ArrayLike<number> | Tensor;
type Labels = readonly (number | string)[] | ArrayLike<number> | Tensor;

function numbers(x: Numbers): number[] {
  if (x instanceof Tensor) return Array.from(x.dataSync() as ArrayLike<number>, Number);
  return Array.from(x as ArrayLike<number>, Number);
}

export interface ChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Logarithmic y axis. */
  logY?: boolean;
}

/**
 * What display.chart accepts: one series, series by name, or a list of {name, x?, y}. In series by
 * name, the entry `x` is the x axis of the others, not a series (`{ x: errors, huber, mse }`), as in
 * the `x=` of plotting libraries; a series really named "x" goes in the list form.
 */
export type ChartData = Numbers | Record<string, Numbers> | { name: string; x?: Numbers; y: Numbers }[];

function toSeries(data: ChartData): ChartSeries[] {
  if (data instanceof Tensor || ArrayBuffer.isView(data) || (Array.isArray(data) && (data.length === 0 || typeof data[0] === 'number')))
    return [{ name: 'y', y: numbers(data as Numbers) }];
  const check = (s: ChartSeries): ChartSeries => {
    if (s.x && s.x.length !== s.y.length)
      throw new Error(`display.chart: x has ${s.x.length} values but series "${s.name}" has ${s.y.length}`);
    return s;
  };
  if (Array.isArray(data))
    return (data as { name: string; x?: Numbers; y: Numbers }[]).map((s) =>
      check({ name: String(s.name), y: numbers(s.y), ...(s.x !== undefined ? { x: numbers(s.x) } : {}) }),
    );
  const { x, ...named } = data as Record<string, Numbers>;
  const xs = x === undefined ? undefined : numbers(x);
  const entries = Object.entries(named);
  if (entries.length === 0 && xs) throw new Error('display.chart: only an x axis was given; add a series, e.g. { x, loss }');
  return entries.map(([name, y]) => check({ name, y: numbers(y), ...(xs ? { x: [...xs] } : {}) }));
}

/** A chart that grows as a cell runs: `append` adds a point per series and redraws on the page. */
export interface LiveChart {
  /** @internal */
  readonly [DISPLAY_HANDLE]: true;
  /**
   * Adds one point to each named series (created on first use), at `x` (default: next index); an
   * entry named `x` in `values` is that position too: `append({ x: epoch, loss })`.
   */
  append(values: Record<string, number>, x?: number): void;
  /** Replaces the data. */
  update(data: ChartData): void;
}

const LIVE_POST_MILLIS = 100;


function liveChart(series: ChartSeries[], options: ChartOptions): LiveChart {
  const key = `chart-${nextKey++}`;
  let lastPost = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const send = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pending.delete(send);
    lastPost = Date.now();
    post({ kind: 'chart', ...options, series: series.map((s) => ({ ...s, y: [...s.y], ...(s.x ? { x: [...s.x] } : {}) })) }, key);
  };
  // Posts at most every LIVE_POST_MILLIS, synchronously when due (a loop that never yields still
  // shows progress), else from a timer for the last points.
  const schedule = (): void => {
    if (Date.now() - lastPost >= LIVE_POST_MILLIS) send();
    else if (timer === null) {
      timer = setTimeout(send, LIVE_POST_MILLIS);
      pending.add(send);
    }
  };
  send();
  return {
    [DISPLAY_HANDLE]: true,
    append(values, x) {
      const { x: xEntry, ...named } = values;
      x ??= xEntry;
      for (const [name, v] of Object.entries(named)) {
        let s = series.find((c) => c.name === name);
        if (!s) series.push((s = { name, y: [], x: [] }));
        if (!s.x) s.x = s.y.map((_, i) => i);
        s.x.push(x ?? s.y.length);
        s.y.push(Number(v));
      }
      schedule();
    },
    update(data) {
      series = toSeries(data);
      schedule();
    },
  };
}

export interface ScatterOptions extends ChartOptions {
  /** Class of each point (integers), drawn in different colors. */
  labels?: Numbers;
}

export interface HeatmapOptions {
  title?: string;
  /** Data coordinates of the grid: [xMin, xMax, yMin, yMax] (default: column and row indices). */
  extent?: [number, number, number, number];
}

export interface Display {
  /** Shows any value as a cell result would be shown (tensor, table, text). */
  (value: unknown): void;
  text(text: string): void;
  /** Rows as a table: plain objects (one column per key) or arrays. */
  table(rows: readonly unknown[], columns?: string[]): void;
  /**
   * A line chart; returns a LiveChart to append points to while the cell runs. In series by name,
   * `x` is the x axis of the others.
   *
   * @example
   * display.chart({ x: [0, 1, 2], square: [0, 1, 4], cube: [0, 1, 8] }, { xLabel: 'n' });
   * const chart = display.chart({ loss: [] }, { title: 'loss' });
   * for (let step = 0; step < 100; step++) chart.append({ loss: Math.exp(-step / 20) });
   */
  chart(data: ChartData, options?: ChartOptions): LiveChart;
  /** A scatter plot of 2-D points: (x, y) arrays, or one [n, 2] tensor / array of pairs. */
  scatter(x: Numbers | readonly (readonly number[])[], y?: Numbers | ScatterOptions, options?: ScatterOptions): void;
  /** A heatmap of a matrix (nested arrays or a 2-D tensor), e.g. a decision boundary. */
  heatmap(matrix: readonly (readonly number[])[] | Tensor, options?: HeatmapOptions): void;
  /**
   * A grid of images: a tensor [n, height, width, channels] (1 or 3 channels), [n, height, width]
   * or one [height, width]; with `labels` and/or `predictions` as captions (wrong predictions marked).
   *
   * @example
   * const { xs, ys } = (await tp.datasets.mnist()).select([0, 1500, 3000]).toTensors();
   * display.images(xs, { labels: ys, title: 'digits' });
   */
  images(images: Tensor, options?: ImagesOptions): void;
  /**
   * The confusion matrix of class indices (or one-hot / probability rows): rows are the true
   * classes, columns the predicted ones; drawn as a shaded table with per-class recall.
   *
   * @example
   * display.confusionMatrix([0, 1, 1, 2], [0, 1, 2, 2], { classNames: ['a', 'b', 'c'] });
   */
  confusionMatrix(labels: Labels, predictions: Labels, options?: ConfusionMatrixOptions): void;
  /**
   * A conv layer's filters as pictures: a kernel [height, width, inChannels, outChannels] (conv2d;
   * [width, in, out] for conv1d), one picture per filter (per filter and input channel when the
   * input has other than 1 or 3 channels), each stretched from its minimum to its maximum.
   *
   * @example
   * display.filters(tp.randomNormal([5, 5, 1, 8]), { title: 'conv1 filters' });
   */
  filters(kernel: Tensor, options?: ImagesOptions): void;
  /**
   * One image's feature maps [1, height, width, channels] as one picture per channel.
   *
   * @example
   * display.activations(tp.randomUniform([1, 12, 12, 6]), { title: 'conv1 output' });
   */
  activations(maps: Tensor, options?: ImagesOptions): void;
  /**
   * Writes text to the cell as to a terminal: '\r' returns to the start of the line, so the next
   * text replaces it in place, and '\n' ends the line (Python's `print('\r' + text, end='')`).
   *
   * @example
   * for (let step = 1; step <= 100; step++) display.write(`\r${step}/100 - loss: ${(1 / step).toFixed(4)}`);
   * display.write('\n');
   */
  write(text: string): void;
  /**
   * A TensorBoard dashboard of `logdir` in the cell (Jupyter's `%tensorboard --logdir`): the
   * playground draws it from the event files in its storage, and it follows new events live.
   *
   * @example
   * display.tensorboard('logs');    // every run under logs/
   */
  tensorboard(logdir?: string, options?: { tab?: 'scalars' | 'histograms' | 'distributions' | 'text' | 'graphs' }): void;
  /** A progress line, replaced by the next one: text, or a fraction in [0, 1] and a label. */
  progress(textOrFraction: string | number, label?: string): void;
  /**
   * Training metrics at a step, drawn as live curves in the cell (and given to the runtime's
   * onMetrics). `run` groups curves, e.g. 'train' and 'validation'.
   */
  metrics(values: Record<string, number>, step: number, run?: string): void;
}

// ---- the cell's terminal: display.write, and process.stdout in a kernel ------------------------
// Text written with '\r' and '\n' as on a terminal: '\r' goes back to the start of the line (the
// next text replaces it), '\n' ends it. Each line is one keyed 'progress' output, so a progress
// bar (Keras's, or a custom loop's status bar) is updated in place on the page. Updates of an
// unfinished line are posted at most every TERMINAL_POST_MILLIS; ended lines at once.
const TERMINAL_POST_MILLIS = 50;
let termLine = '';
let termKey = '';
let termLastPost = 0;
let termTimer: ReturnType<typeof setTimeout> | null = null;

function termPost(): void {
  if (termTimer !== null) clearTimeout(termTimer);
  termTimer = null;
  pending.delete(termPost);
  termLastPost = Date.now();
  post({ kind: 'progress', text: termLine }, termKey);
}

function write(text: string): void {
  let dirty = false;
  for (const part of String(text).split(/(\r\n|\r|\n)/)) {
    if (part === '') continue;
    if (!termKey) termKey = `tty-${nextKey++}`;
    if (part === '\r') {
      termLine = '';
    } else if (part === '\n' || part === '\r\n') {
      termPost();
      termLine = '';
      termKey = '';
      dirty = false;
    } else {
      termLine += part;
      dirty = true;
    }
  }
  if (!dirty) return;
  if (Date.now() - termLastPost >= TERMINAL_POST_MILLIS) termPost();
  else if (termTimer === null) {
    termTimer = setTimeout(termPost, TERMINAL_POST_MILLIS);
    pending.add(termPost);
  }
}

/** @internal The kernel: a new cell starts on a new terminal line. */
export function resetTerminal(): void {
  if (termTimer !== null) clearTimeout(termTimer);
  termTimer = null;
  pending.delete(termPost);
  termLine = '';
  termKey = '';
}

/** @internal A process.stdout for code that writes progress to a terminal (Keras-style progress bars). */
export const terminalStdout = { isTTY: true, columns: 120, write: (s: string): boolean => (write(s), true) };

function progressText(fraction: number, label = ''): string {
  const width = 30;
  const f = Math.max(0, Math.min(1, fraction));
  const done = Math.round(f * width);
  const bar = done >= width ? '='.repeat(width) : `${'='.repeat(done)}>${'.'.repeat(width - done - 1)}`;
  return `[${bar}] ${Math.round(f * 100)}%${label ? ` ${label}` : ''}`;
}

function scatter(x: Numbers | readonly (readonly number[])[], y?: Numbers | ScatterOptions, options: ScatterOptions = {}): void {
  let xs: number[];
  let ys: number[];
  const pairs = x instanceof Tensor ? x.rank === 2 : Array.isArray(x) && Array.isArray(x[0]);
  if (pairs) {
    const rows = (x instanceof Tensor ? x.arraySync() : x) as number[][];
    xs = rows.map((r) => Number(r[0]));
    ys = rows.map((r) => Number(r[1]));
    if (y !== undefined && !(y instanceof Tensor) && !Array.isArray(y) && !ArrayBuffer.isView(y)) options = y as ScatterOptions;
  } else {
    xs = numbers(x as Numbers);
    ys = numbers(y as Numbers);
  }
  if (xs.length !== ys.length) throw new Error(`display.scatter: ${xs.length} x values but ${ys.length} y values`);
  const { labels, ...rest } = options;
  post({ kind: 'scatter', ...rest, x: xs, y: ys, ...(labels !== undefined ? { labels: numbers(labels) } : {}) });
}

function heatmap(matrix: readonly (readonly number[])[] | Tensor, options: HeatmapOptions = {}): void {
  const rows = (matrix instanceof Tensor ? matrix.arraySync() : matrix) as number[][];
  if (!Array.isArray(rows) || !Array.isArray(rows[0])) throw new Error('display.heatmap: expected a matrix (rows of numbers)');
  const cols = rows[0].length;
  const values: number[] = [];
  for (const r of rows) {
    if (r.length !== cols) throw new Error('display.heatmap: rows of different lengths');
    for (const v of r) values.push(Number(v));
  }
  post({ kind: 'heatmap', ...options, rows: rows.length, cols, values });
}

/**
 * The `display` object of notebook cells (also usable in any code run by a tp.worker runtime).
 *
 * @example
 * display.table([{ epoch: 1, loss: 0.5 }]);
 * display.scatter([1, 2, 3], [2, 4, 6], { labels: [0, 1, 1] });
 */
export const display: Display = Object.assign((value: unknown) => {
  const out = toOutput(value);
  if (out) post(out);
}, {
  text: (text: string) => post({ kind: 'text', text: String(text) }),
  write,
  table: (rows: readonly unknown[], columns?: string[]) => post(toTable(rows, columns)),
  chart: (data: ChartData, options: ChartOptions = {}) => {
    const series = toSeries(data);
    // An x axis given by name is labelled, unless the options say otherwise.
    const named = !Array.isArray(data) && !(data instanceof Tensor) && !ArrayBuffer.isView(data) && (data as Record<string, unknown>).x !== undefined;
    return liveChart(series, named && options.xLabel === undefined ? { ...options, xLabel: 'x' } : options);
  },
  scatter,
  heatmap,
  images: (images: Tensor, options: ImagesOptions = {}) => post(imagesOutput(images, options)),
  confusionMatrix: (labels: Labels, predictions: Labels, options: ConfusionMatrixOptions = {}) => post(confusionOutput(labels, predictions, options)),
  filters: (kernel: Tensor, options: ImagesOptions = {}) => post(filtersOutput(kernel, options)),
  activations: (maps: Tensor, options: ImagesOptions = {}) => post(activationsOutput(maps, options)),
  tensorboard: (logdir = 'logs', options: { tab?: 'scalars' | 'histograms' | 'distributions' | 'text' | 'graphs' } = {}) =>
    post({ kind: 'dashboard', logdir: String(logdir).replace(/^\.?\/+/, ''), ...(options.tab ? { tab: options.tab } : {}) }),
  progress: (textOrFraction: string | number, label?: string) =>
    post({ kind: 'progress', text: typeof textOrFraction === 'number' ? progressText(textOrFraction, label) : String(textOrFraction) }, 'progress'),
  metrics: (values: Record<string, number>, step: number, run = 'train') => {
    const clean: Record<string, number> = {};
    for (const [k, v] of Object.entries(values as Record<string, unknown>)) clean[k] = Number(v instanceof Tensor ? v.arraySync() : v);
    post({ kind: 'metrics', run, step, values: clean });
  },
});
