// From events to per-run, per-tag series: what the dashboard shows and what `loadLogdir` returns.
// Reads files written by tensorpad and by TensorFlow (TF2 tensor summaries, TF1 simple_value and
// histo values), with TensorBoard's rules: a tag's plugin comes from the first metadata seen for it
// (TF1 writers send metadata only once), and a point at step s preempts the tag's points at steps
// >= s (TensorBoard's data server does this for restarted jobs), so each series is step-sorted.
import { DataType, shapeSize, tensorNumbers, tensorStrings, type SummaryEvent, type SummaryValue } from './event.js';
import { decodeGraphDef, type GraphDefData } from './graph.js';
import { EventFileReader } from './reader.js';
import { relativePath, sortFiles, type LogdirStorage } from './storage.js';
import type { RecordProblem } from './tfrecord.js';

export interface ScalarPoint {
  /** Seconds since the epoch. */
  wallTime: number;
  step: number;
  value: number;
}

/** One histogram bucket: [left edge, right edge, count]. */
export type HistogramBucket = [left: number, right: number, count: number];

export interface HistogramPoint {
  wallTime: number;
  step: number;
  buckets: HistogramBucket[];
}

export interface TextPoint {
  wallTime: number;
  step: number;
  /** The text; for a tensor of several strings, its elements joined by newlines. */
  text: string;
  /** The strings row-major, and their shape ([] for one string). */
  values: string[];
  shape: number[];
}

/** What is known about a tag of a run. */
export interface TagInfo {
  plugin: string;
  displayName?: string;
  description?: string;
}

/** A problem met while reading one of a run's files. */
export interface LoadProblem extends RecordProblem {
  path: string;
}

export interface RunData {
  scalars: Record<string, ScalarPoint[]>;
  histograms: Record<string, HistogramPoint[]>;
  texts: Record<string, TextPoint[]>;
  /** The last graph written to the run, if any. */
  graph: GraphDefData | null;
  tags: Record<string, TagInfo>;
  /** Problems found in the run's files (at most MAX_PROBLEMS are kept). */
  problems: LoadProblem[];
}

export interface LogdirData {
  /** Runs by name: the folder of their event files relative to the logdir ("." for the logdir itself). */
  runs: Record<string, RunData>;
}

/** What changed in a run since the last `takeChanges()`. */
export interface RunChanges {
  scalars: Set<string>;
  histograms: Set<string>;
  texts: Set<string>;
  graph: boolean;
  /** Tags that lost points to preemption: consumers rebuild these series instead of appending. */
  reset: Set<string>;
}

const MAX_PROBLEMS = 100;

function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function emptyRun(): RunData {
  return { scalars: record(), histograms: record(), texts: record(), graph: null, tags: record(), problems: [] };
}

function emptyChanges(): RunChanges {
  return { scalars: new Set(), histograms: new Set(), texts: new Set(), graph: false, reset: new Set() };
}

/** Index of the first point with step >= s in a step-sorted series. */
function lowerBound(points: { step: number }[], s: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid]!.step < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Turns events into series, run by run, and records what changed for incremental consumers.
 *
 * @example
 * const acc = new tp.summary.EventAccumulator();
 * acc.add('train', { wallTime: 1, step: 0, summary: [{ tag: 'loss', simpleValue: 0.5 }] });
 * console.log(acc.data.runs.train.scalars.loss); // [{ wallTime: 1, step: 0, value: 0.5 }]
 */
export class EventAccumulator {
  readonly data: LogdirData = { runs: record() };
  private changes = new Map<string, RunChanges>();

  /** The run's data, created empty if new. */
  run(name: string): RunData {
    let r = this.data.runs[name];
    if (!r) {
      r = this.data.runs[name] = emptyRun();
      this.changesOf(name);
    }
    return r;
  }

  private changesOf(run: string): RunChanges {
    let c = this.changes.get(run);
    if (!c) this.changes.set(run, (c = emptyChanges()));
    return c;
  }

  /** Adds one event of `run`; `path` names its file in the problems it causes. */
  add(run: string, event: SummaryEvent, path = ''): void {
    const r = this.run(run);
    if (event.graphDef) {
      try {
        r.graph = decodeGraphDef(event.graphDef);
        this.changesOf(run).graph = true;
      } catch (e) {
        this.problem(run, { path, kind: 'bad-event', offset: 0, skipped: 0, message: `graph_def is not a GraphDef: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    if (event.sessionLog?.status === 1) this.restart(run, event.step);
    for (const v of event.summary ?? []) {
      // A value this reader cannot use is skipped and reported; it never ends the load.
      let why: string | null;
      try {
        why = this.addValue(run, r, event, v);
      } catch (e) {
        why = e instanceof Error ? e.message : String(e);
      }
      if (why !== null)
        this.problem(run, { path, kind: 'bad-event', offset: 0, skipped: 0, message: `step ${event.step}, tag '${v.tag}': ${why}` });
    }
  }

  /** Adds events of `run` in order. */
  addAll(run: string, events: readonly SummaryEvent[], path = ''): void {
    for (const e of events) this.add(run, e, path);
  }

  /**
   * Adds scalar points of `run` given as columns (see LiveFeed.publishScalars); same rules as
   * scalar events.
   */
  addScalars(run: string, columns: { tag: string; steps: ArrayLike<number>; wallTimes: ArrayLike<number>; values: ArrayLike<number> }): void {
    const r = this.run(run);
    const c = this.changesOf(run);
    const { tag, steps, wallTimes, values } = columns;
    if (!tag) return;
    r.tags[tag] ??= { plugin: 'scalars' };
    for (let i = 0; i < steps.length; i++)
      this.push(r.scalars, tag, { wallTime: wallTimes[i]!, step: steps[i]!, value: values[i]! }, c.scalars, c);
  }

  /** Records a read problem of `run` (bounded, so a damaged file cannot use unbounded memory). */
  problem(run: string, p: LoadProblem): void {
    const r = this.run(run);
    if (r.problems.length < MAX_PROBLEMS) r.problems.push(p);
  }

  /** The changes since the last call, by run; resets them. */
  takeChanges(): Map<string, RunChanges> {
    const c = this.changes;
    this.changes = new Map();
    return c;
  }

  // SessionLog.START: the job restarted at `step`; everything at or after it is stale.
  private restart(run: string, step: number): void {
    const r = this.run(run);
    const c = this.changesOf(run);
    for (const [kind, series] of [['scalars', r.scalars], ['histograms', r.histograms], ['texts', r.texts]] as const) {
      for (const tag of Object.keys(series)) {
        const pts = series[tag]!;
        const i = lowerBound(pts, step);
        if (i < pts.length) {
          pts.length = i;
          c.reset.add(tag);
          c[kind].add(tag);
        }
      }
    }
  }

  /** Adds a value; returns why it was skipped when its tensor does not fit its plugin, else null. */
  private addValue(run: string, r: RunData, e: SummaryEvent, v: SummaryValue): string | null {
    const tag = v.tag;
    if (!tag) return null;
    let info = r.tags[tag];
    if (v.metadata?.pluginName && !info) {
      info = r.tags[tag] = { plugin: v.metadata.pluginName };
      if (v.metadata.displayName) info.displayName = v.metadata.displayName;
      if (v.metadata.description) info.description = v.metadata.description;
    }
    const c = this.changesOf(run);
    if (v.simpleValue !== undefined) {
      r.tags[tag] ??= { plugin: 'scalars' };
      this.push(r.scalars, tag, { wallTime: e.wallTime, step: e.step, value: v.simpleValue }, c.scalars, c);
      return null;
    }
    if (v.histo) {
      r.tags[tag] ??= { plugin: 'histograms' };
      this.push(r.histograms, tag, { wallTime: e.wallTime, step: e.step, buckets: legacyBuckets(v.histo) }, c.histograms, c);
      return null;
    }
    if (!v.tensor || !info) return null;
    const shape = v.tensor.shape;
    const unusable = (what: string) => `${info.plugin} tensor of declared shape [${shape.join(',')}]: ${what}; skipped`;
    switch (info.plugin) {
      case 'scalars': {
        // Checked on the declared shape first: a scalar never needs a large allocation.
        if (shapeSize(shape) !== 1) return unusable('not one value');
        const x = tensorNumbers(v.tensor);
        if (!x) return unusable('the payload does not match it');
        this.push(r.scalars, tag, { wallTime: e.wallTime, step: e.step, value: x[0]! }, c.scalars, c);
        return null;
      }
      case 'histograms': {
        const [k, three] = shape;
        if (shape.length !== 2 || three !== 3 || k === undefined) return unusable('not [k, 3]');
        const x = tensorNumbers(v.tensor);
        if (!x) return unusable('the payload does not match it');
        const buckets: HistogramBucket[] = [];
        for (let i = 0; i < k; i++) buckets.push([x[i * 3]!, x[i * 3 + 1]!, x[i * 3 + 2]!]);
        this.push(r.histograms, tag, { wallTime: e.wallTime, step: e.step, buckets }, c.histograms, c);
        return null;
      }
      case 'text': {
        if (v.tensor.dtype !== DataType.STRING) return unusable('not strings');
        const values = tensorStrings(v.tensor);
        if (!values) return unusable('the strings present do not match it');
        this.push(r.texts, tag, { wallTime: e.wallTime, step: e.step, text: values.join('\n'), values, shape }, c.texts, c);
        return null;
      }
      default:
        return null; // images, audio, hparams...: not shown here
    }
  }

  private push<P extends { step: number }>(series: Record<string, P[]>, tag: string, point: P, changed: Set<string>, c: RunChanges): void {
    const pts = (series[tag] ??= []);
    const last = pts[pts.length - 1];
    if (last && last.step >= point.step) {
      pts.length = lowerBound(pts, point.step);
      c.reset.add(tag);
    }
    pts.push(point);
    changed.add(tag);
  }
}

/**
 * TF1 HistogramProto to [left, right, count] buckets, as TensorBoard migrates it: empty buckets at
 * both ends are dropped, the first left edge is `min` and the last right edge is `max`, and the
 * values are rounded to float32.
 *
 * @example
 * tp.summary.legacyBuckets({ min: 0, max: 3, num: 2, sum: 3, sumSquares: 9, bucketLimit: [1, 2, 4], bucket: [1, 0, 1] });
 * // [[0, 1, 1], [1, 2, 0], [2, 3, 1]]
 */
export function legacyBuckets(h: { min: number; max: number; bucketLimit: number[]; bucket: number[] }): HistogramBucket[] {
  const counts = h.bucket;
  const n = counts.length;
  let start = 0;
  while (start < n && !(counts[start]! > 0)) start++;
  let end = n - 1;
  while (end >= 0 && !(counts[end]! > 0)) end--;
  if (start > end) return [];
  const f = Math.fround;
  const out: HistogramBucket[] = [];
  for (let i = start; i <= end; i++) {
    const left = i === start ? h.min : h.bucketLimit[i - 1] ?? h.min;
    const right = i === end ? h.max : h.bucketLimit[i] ?? h.max;
    out.push([f(left), f(right), f(counts[i]!)]);
  }
  return out;
}

/**
 * True for the names TensorBoard treats as event files: "tfevents" in the file name.
 *
 * @example
 * tp.summary.isEventFile('logs/train/events.out.tfevents.1700000000.host.1.0.v2'); // true
 */
export function isEventFile(path: string): boolean {
  return path.slice(path.lastIndexOf('/') + 1).includes('tfevents');
}

function runName(logdir: string, path: string): string | null {
  const rel = relativePath(logdir, path);
  if (rel === null) return null;
  const i = rel.lastIndexOf('/');
  return i < 0 ? '.' : rel.slice(0, i);
}

/**
 * Follows a logdir as it grows: each `update()` reads only the bytes appended since the last one,
 * from every event file under the logdir, and returns what changed. Runs are the folders holding
 * event files, named by their path relative to the logdir ("train", "run_1/validation", "." for
 * files directly in it); a run's files are read in name order.
 *
 * @example
 * const watcher = new tp.summary.LogdirWatcher(storage, 'logs');
 * setInterval(async () => {
 *   const changes = await watcher.update();
 *   for (const [run, c] of changes) console.log(run, [...c.scalars]);
 * }, 5000);
 */
export class LogdirWatcher {
  readonly accumulator: EventAccumulator;
  private readonly readers = new Map<string, EventFileReader>();
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    readonly storage: LogdirStorage,
    readonly logdir: string,
    accumulator: EventAccumulator = new EventAccumulator(),
  ) {
    this.accumulator = accumulator;
  }

  /** Everything read so far. */
  get data(): LogdirData {
    return this.accumulator.data;
  }

  /**
   * Reads what was appended since the last update. With `final`, also reports records cut off at
   * the end of a file (only for files that will not grow any more).
   */
  update(options: { final?: boolean } = {}): Promise<Map<string, RunChanges>> {
    const next = this.running.then(() => this.read(options.final ?? false));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async read(final: boolean): Promise<Map<string, RunChanges>> {
    const files = sortFiles((await this.storage.list(this.logdir)).filter((f) => isEventFile(f.path)));
    for (const f of files) {
      const run = runName(this.logdir, f.path);
      if (run === null) continue;
      let reader = this.readers.get(f.path);
      if (!reader) {
        this.readers.set(f.path, (reader = new EventFileReader()));
        this.accumulator.run(run);
      }
      const offset = reader.offset + reader.pendingBytes;
      if (f.size > offset) {
        let bytes: Uint8Array;
        try {
          bytes = await this.storage.read(f.path, offset, f.size);
        } catch (e) {
          this.accumulator.problem(run, { path: f.path, kind: 'truncated', offset, skipped: 0, message: `could not read: ${e instanceof Error ? e.message : String(e)}` });
          continue;
        }
        this.consume(run, f.path, reader.push(bytes));
      }
      if (final) this.consume(run, f.path, reader.finish());
    }
    return this.accumulator.takeChanges();
  }

  private consume(run: string, path: string, result: { events: SummaryEvent[]; problems: RecordProblem[] }): void {
    for (const p of result.problems) this.accumulator.problem(run, { ...p, path });
    this.accumulator.addAll(run, result.events, path);
  }
}

/**
 * Reads a whole logdir: per run, per tag, the scalars [{wallTime, step, value}], histograms
 * [{wallTime, step, buckets}], texts, and the graph.
 *
 * @example
 * const { runs } = await tp.summary.loadLogdir(new tp.summary.NodeFsStorage(), 'logs');
 * console.log(Object.keys(runs)); // ['train', 'validation']
 * console.log(runs.train.scalars.loss.at(-1)); // { wallTime: ..., step: 99, value: 0.01 }
 */
export async function loadLogdir(storage: LogdirStorage, logdir: string): Promise<LogdirData> {
  const watcher = new LogdirWatcher(storage, logdir);
  await watcher.update({ final: true });
  return watcher.data;
}
