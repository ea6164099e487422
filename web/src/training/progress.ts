// The Keras progress bar: "Epoch 1/5" then "1719/1719 [==============================] - 3s 2ms/step -
// loss: 0.7218 - accuracy: 0.7660 - val_loss: ..." updated in place on a terminal, one final line
// per epoch elsewhere, or handed to printFn/onProgress (the playground shows the same text).
import { Callback, type Logs } from '../callbacks/index.js';
import { now } from './yield.js';

/**
 * A figure as Keras prints it: '%.4f', or '%.4e' for magnitudes up to 1e-3.
 *
 * @example
 * console.log(tp.training.formatValue(0.72184), tp.training.formatValue(0.00012345)); // 0.7218 1.2345e-04
 */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  if (Math.abs(v) > 1e-3) return v.toFixed(4);
  const [m, e] = v.toExponential(4).split('e');
  const exp = Number(e);
  return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/**
 * Keras's time per unit, with a leading space: ' 3s/step', ' 49ms/step', ' 12us/step'.
 *
 * @example
 * console.log(tp.training.formatTimePerUnit(0.049, 'step')); // ' 49ms/step'
 */
export function formatTimePerUnit(seconds: number, unit: string): string {
  if (seconds >= 1 || seconds === 0) return ` ${seconds.toFixed(0)}s/${unit}`;
  if (seconds >= 1e-3) return ` ${(seconds * 1e3).toFixed(0)}ms/${unit}`;
  return ` ${(seconds * 1e6).toFixed(0)}us/${unit}`;
}

function formatEta(eta: number): string {
  const pad = (x: number) => String(Math.floor(x)).padStart(2, '0');
  if (eta > 3600) return `${Math.floor(eta / 3600)}:${pad((eta % 3600) / 60)}:${pad(eta % 60)}`;
  if (eta > 60) return `${Math.floor(eta / 60)}:${pad(eta % 60)}`;
  return `${Math.floor(eta)}s`;
}

function formatLogs(values: Logs): string {
  return Object.entries(values)
    .map(([k, v]) => ` - ${k}: ${formatValue(v)}`)
    .join('');
}

/** What formatProgressLine needs: position, elapsed time and the figures to show. */
export interface ProgressState {
  current: number;
  /** Steps in the epoch, or undefined when unknown (datasets without batchesPerEpoch). */
  target: number | undefined;
  elapsedSeconds: number;
  values: Logs;
  final: boolean;
  verbose: 1 | 2;
}

/**
 * One progress line exactly as Keras's Progbar prints it (verbose 1: bar, ETA or time per step;
 * verbose 2: the final summary line).
 *
 * @example
 * tp.training.formatProgressLine({ current: 10, target: 10, elapsedSeconds: 0.5, values: { loss: 0.25 }, final: true, verbose: 1 });
 * // '10/10 [==============================] - 0s 50ms/step - loss: 0.2500'
 */
export function formatProgressLine(s: ProgressState): string {
  const width = 30;
  const perStep = s.current > 0 ? s.elapsedSeconds / s.current : 0;
  const digits = s.target !== undefined && s.target > 0 ? Math.floor(Math.log10(s.target)) + 1 : 1;
  const count = s.target !== undefined ? `${String(s.current).padStart(digits)}/${s.target}` : `${String(s.current).padStart(7)}/Unknown`;
  if (s.verbose === 2)
    return `${count} - ${s.elapsedSeconds.toFixed(0)}s${formatLogs(s.values)} -${formatTimePerUnit(s.elapsedSeconds, 'epoch')} -${formatTimePerUnit(perStep, 'step')}`;
  let bar = count;
  if (s.target !== undefined) {
    const progWidth = Math.floor((width * Math.min(s.current, s.target)) / Math.max(s.target, 1));
    bar += ' [';
    if (progWidth > 0) bar += '='.repeat(progWidth - 1) + (s.current < s.target ? '>' : '=');
    bar += '.'.repeat(width - progWidth) + ']';
  }
  let info: string;
  if (s.target === undefined || s.final) info = ` - ${s.elapsedSeconds.toFixed(0)}s${formatTimePerUnit(perStep, 'step')}`;
  else info = ` - ETA: ${formatEta(perStep * (s.target - s.current))}`;
  return bar + info + formatLogs(s.values);
}

/** Where the progress text goes. */
export interface ProgressLoggerArgs {
  /** 1: a bar updated during the epoch; 2: one line per epoch. Default 1. */
  verbose?: 1 | 2;
  /** Receives whole lines ("Epoch 1/5" and each epoch's final line); default: the terminal or console.log. */
  printFn?: (line: string) => void;
  /** Receives every update of the current line (for a live display), with where training is. */
  onProgress?: (line: string, info: { epoch: number; step: number; steps: number | undefined; final: boolean }) => void;
  /** Seconds between in-place updates (Keras: 0.05). */
  interval?: number;
}

interface Stdout {
  isTTY?: boolean;
  write(s: string): boolean;
}

function nodeStdout(): Stdout | null {
  const p = (globalThis as { process?: { stdout?: Stdout } }).process;
  return p?.stdout && typeof p.stdout.write === 'function' ? p.stdout : null;
}

const SKIP = new Set(['batch', 'size', 'num_steps']);

/**
 * The progress bar of fit (Keras's ProgbarLogger). fit adds one when `verbose` is 1 or 2; in a
 * browser, add one with `printFn`/`onProgress` to show the same text on the page.
 *
 * @example
 * const model = tp.sequential({ layers: [tp.layers.dense({ units: 1, inputShape: [1] })] });
 * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
 * const lines: string[] = [];
 * const logger = new tp.training.ProgressLogger({ printFn: (l) => lines.push(l) });
 * await model.fit(tp.ones([128, 1]), tp.ones([128, 1]), { epochs: 2, verbose: 0, callbacks: [logger] });
 * // lines: ['Epoch 1/2', '4/4 [==============================] - 0s 2ms/step - loss: 0.5321', 'Epoch 2/2', ...]
 */
export class ProgressLogger extends Callback {
  private readonly verbose: 1 | 2;
  private readonly interval: number;
  private readonly stdout: Stdout | null;
  private readonly dynamic: boolean;
  private epoch = 0;
  private start = 0;
  private lastUpdate = -Infinity;
  private seen = 0;
  private target: number | undefined;
  private prevWidth = 0;
  private values: Logs = {};

  /** @internal Seconds between in-place updates (fit batches its steps more coarsely when allowed). */
  get updateInterval(): number {
    return this.interval;
  }

  constructor(private readonly args: ProgressLoggerArgs = {}) {
    super();
    this.verbose = args.verbose ?? 1;
    if (this.verbose !== 1 && this.verbose !== 2) throw new Error(`ProgressLogger: verbose must be 1 or 2, got ${String(args.verbose)}`);
    this.interval = args.interval ?? 0.05;
    this.stdout = args.printFn ? null : nodeStdout();
    this.dynamic = this.verbose === 1 && this.stdout?.isTTY === true;
  }

  private line(text: string): void {
    if (this.args.printFn) this.args.printFn(text);
    else if (this.stdout) this.stdout.write(text + '\n');
    else console.log(text);
  }

  override onTrainBegin(): void {
    this.target = this.params.steps;
  }

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
    this.seen = 0;
    this.values = {};
    this.start = now();
    this.lastUpdate = -Infinity;
    this.prevWidth = 0;
    const epochs = this.params.epochs;
    if (epochs !== undefined && epochs > 1) this.line(`Epoch ${epoch + 1}/${epochs}`);
  }

  override onBatchEnd(batch: number, logs: Logs = {}): void {
    this.seen = batch + 1;
    this.values = pick(logs);
    const t = now();
    if (this.verbose === 1 && (this.dynamic || this.args.onProgress) && t - this.lastUpdate >= this.interval * 1e3 && (this.target === undefined || this.seen < this.target)) {
      this.lastUpdate = t;
      this.show(false);
    }
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    this.values = pick(logs);
    if (this.target === undefined) this.target = this.seen; // learnt after the first epoch, as Keras
    this.show(true);
  }

  private show(final: boolean): void {
    const text = formatProgressLine({
      current: this.seen,
      target: this.target,
      elapsedSeconds: (now() - this.start) / 1e3,
      values: this.values,
      final,
      verbose: this.verbose,
    });
    this.args.onProgress?.(text, { epoch: this.epoch, step: this.seen, steps: this.target, final });
    if (this.dynamic && this.stdout) {
      const pad = this.prevWidth > text.length ? ' '.repeat(this.prevWidth - text.length) : '';
      this.prevWidth = text.length;
      this.stdout.write(`\r${text}${pad}${final ? '\n' : ''}`);
    } else if (final) this.line(text);
  }
}

function pick(logs: Logs): Logs {
  const out: Logs = {};
  for (const [k, v] of Object.entries(logs)) if (!SKIP.has(k) && typeof v === 'number') out[k] = v;
  return out;
}
