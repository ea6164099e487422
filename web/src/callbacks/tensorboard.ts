// TensorBoard: Keras's keras.callbacks.TensorBoard with tp.summary writers: runs '<logDir>/train'
// and '<logDir>/validation', epoch_/batch_ scalars, weight histograms and the model graph.
import { createFileWriter, type SummaryWriter } from '../summary/writer.js';
import { DataType } from '../summary/event.js';
import type { LogdirStorage } from '../summary/storage.js';
import { joinPath } from '../summary/storage.js';
import { Callback, type Logs } from './callback.js';
import { modelGraphDef } from './model_graph.js';

export interface TensorBoardArgs {
  /** Folder of the run (default 'logs'). */
  logDir?: string;
  /** Write weight histograms every this many epochs (0: never, the default). */
  histogramFreq?: number;
  /** Write the model graph (default true). */
  writeGraph?: boolean;
  /** 'epoch' (default): epoch figures only; 'batch' or n: also batch_ figures every n batches. */
  updateFreq?: 'epoch' | 'batch' | number;
  /** Where the event files go (default `tp.summary.getDefaultStorage()`: files in Node). */
  storage?: LogdirStorage | Promise<LogdirStorage>;
}

const NOT_FIGURES = new Set(['batch', 'size', 'num_steps']);
const utf8 = new TextEncoder();

interface WeightLike { name: string; dataSync(): ArrayLike<number>; shape: readonly number[]; dtype: string }

/**
 * Writes what Keras's TensorBoard callback writes, for `tensorboard --logdir` and the
 * tensorpad dashboard: in `<logDir>/train` the epoch figures as `epoch_<name>` (and
 * `epoch_learning_rate`), in `<logDir>/validation` the `val_` figures under the same
 * `epoch_<name>` tags; with updateFreq 'batch' or n, `batch_<name>` at the global batch number
 * (1-based) every n batches; every `histogramFreq` epochs a histogram of each layer weight
 * ('dense/kernel_0/histogram'); with writeGraph the model's Keras config (tag 'keras') and its
 * layer graph. Writers are closed at the end of training.
 *
 * @example
 * const tb = tp.callbacks.tensorBoard({ logDir: 'my_logs/run_1', histogramFreq: 1 });
 * await model.fit(x, y, { epochs: 30, validationData: [xv, yv], callbacks: [tb] });
 * // then: tensorboard --logdir my_logs
 */
export class TensorBoard extends Callback {
  readonly logDir: string;
  readonly histogramFreq: number;
  readonly writeGraph: boolean;
  readonly updateFreq: 'epoch' | number;
  private readonly storage: TensorBoardArgs['storage'];
  private writers: { train?: SummaryWriter; val?: SummaryWriter } = {};
  private globalTrainBatch = 0;
  private shouldWriteTrainGraph = false;

  constructor(args: TensorBoardArgs | string = {}) {
    super();
    const a: TensorBoardArgs = typeof args === 'string' ? { logDir: args } : args;
    this.logDir = a.logDir ?? 'logs';
    this.histogramFreq = a.histogramFreq ?? 0;
    if (!Number.isInteger(this.histogramFreq) || this.histogramFreq < 0)
      throw new Error(`TensorBoard: histogramFreq must be a non-negative integer, got ${a.histogramFreq}`);
    this.writeGraph = a.writeGraph ?? true;
    const u = a.updateFreq ?? 'epoch';
    if (u !== 'epoch' && u !== 'batch' && !(Number.isInteger(u) && u > 0))
      throw new Error(`TensorBoard: updateFreq must be 'epoch', 'batch' or a positive integer, got ${JSON.stringify(u)}`);
    this.updateFreq = u === 'batch' ? 1 : u;
    this.storage = a.storage;
  }

  /** The train run's folder. */
  get trainDir(): string {
    return joinPath(this.logDir, 'train');
  }

  /** The validation run's folder. */
  get validationDir(): string {
    return joinPath(this.logDir, 'validation');
  }

  // Created on first use, as Keras does, so a run without validation has no validation folder.
  private get trainWriter(): SummaryWriter {
    return (this.writers.train ??= createFileWriter(this.trainDir, this.storage ? { storage: this.storage } : {}));
  }

  private get valWriter(): SummaryWriter {
    return (this.writers.val ??= createFileWriter(this.validationDir, this.storage ? { storage: this.storage } : {}));
  }

  override setModel(model: NonNullable<Callback['model']>): void {
    super.setModel(model);
    this.writers = {};
    this.shouldWriteTrainGraph = false;
    if (this.writeGraph) {
      this.writeKerasModelSummary();
      this.shouldWriteTrainGraph = true;
    }
  }

  // Keras's keras_model_summary: the model JSON for the graph plugin's conceptual view.
  private writeKerasModelSummary(): void {
    const toJSON = this.model?.toJSON as ((u?: unknown, s?: boolean) => unknown) | undefined;
    if (typeof toJSON !== 'function') return;
    let json: string;
    try {
      const t = toJSON.call(this.model, null, false);
      json = typeof t === 'string' ? t : JSON.stringify(t);
    } catch {
      return; // subclassed models have no config; Keras writes nothing for them either
    }
    this.trainWriter.write('keras', { dtype: DataType.STRING, shape: [], stringVal: [utf8.encode(json)] }, {
      step: 0,
      metadata: { pluginName: 'graph_keras_model', pluginContent: utf8.encode('1') },
    });
  }

  override onTrainBegin(_logs?: Logs): void {
    this.globalTrainBatch = 0;
  }

  override onBatchBegin(_batch?: number, _logs?: Logs): void {
    this.globalTrainBatch += 1;
  }

  override onBatchEnd(_batch: number, logs?: Logs): void {
    if (this.shouldWriteTrainGraph) {
      this.trainWriter.graph(modelGraphDef(this.model!));
      this.shouldWriteTrainGraph = false;
    }
    if (this.updateFreq === 'epoch' || !logs || this.globalTrainBatch % this.updateFreq !== 0) return;
    for (const [name, value] of Object.entries(logs))
      if (!NOT_FIGURES.has(name) && typeof value === 'number') this.trainWriter.scalar(`batch_${name}`, value, { step: this.globalTrainBatch });
  }

  override onTestEnd(logs?: Logs): void {
    const iterations = (this.model?.optimizer as { iterations?: { dataSync(): ArrayLike<number> } } | undefined)?.iterations;
    if (!logs || !iterations || typeof iterations.dataSync !== 'function') return;
    const step = Math.round(Number(iterations.dataSync()[0]));
    for (const [name, value] of Object.entries(logs))
      if (!NOT_FIGURES.has(name) && typeof value === 'number') this.valWriter.scalar(`evaluation_${name}_vs_iterations`, value, { step });
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    this.logEpochMetrics(epoch, logs);
    if (this.histogramFreq > 0 && epoch % this.histogramFreq === 0) this.logWeights(epoch);
    // Each epoch reaches storage at once, so a dashboard watching the logdir follows training.
    for (const w of Object.values(this.writers)) void w.flush().catch(() => undefined); // close() reports failures
  }

  private logEpochMetrics(epoch: number, logs?: Logs): void {
    if (!logs || Object.keys(logs).length === 0) return;
    const train: [string, number][] = [];
    const val: [string, number][] = [];
    for (const [k, v] of Object.entries(logs)) {
      if (typeof v !== 'number' || NOT_FIGURES.has(k)) continue;
      if (k.startsWith('val_')) val.push([k.slice(4), v]);
      else train.push([k, v]);
    }
    const lr = (this.model?.optimizer as { learningRate?: unknown } | undefined)?.learningRate;
    if (typeof lr === 'number') {
      const i = train.findIndex(([k]) => k === 'learning_rate');
      if (i >= 0) train[i] = ['learning_rate', lr];
      else train.push(['learning_rate', lr]);
    }
    for (const [k, v] of train) this.trainWriter.scalar(`epoch_${k}`, v, { step: epoch });
    for (const [k, v] of val) this.valWriter.scalar(`epoch_${k}`, v, { step: epoch });
  }

  private logWeights(epoch: number): void {
    const layers = (this.model?.layers as { weights?: WeightLike[] }[] | undefined) ?? [];
    for (const layer of layers)
      for (const w of layer.weights ?? []) this.trainWriter.histogram(`${w.name.replace(/:/g, '_')}/histogram`, w, { step: epoch });
  }

  override async onTrainEnd(): Promise<void> {
    const ws = Object.values(this.writers);
    this.writers = {};
    await Promise.all(ws.map((w) => w.close()));
  }
}

/**
 * Factory of the TensorBoard callback (TF.js `tf.node.tensorBoard` takes the logdir first; so
 * does this, or an args object).
 *
 * @example
 * await model.fit(x, y, { epochs: 5, callbacks: [tp.callbacks.tensorBoard('logs/run_1')] });
 * await model.fit(x, y, { epochs: 5, callbacks: [tp.callbacks.tensorBoard({ logDir: 'logs/run_2', updateFreq: 'batch' })] });
 */
export function tensorBoard(logDirOrArgs: string | TensorBoardArgs = {}, args: Omit<TensorBoardArgs, 'logDir'> = {}): TensorBoard {
  return new TensorBoard(typeof logDirOrArgs === 'string' ? { ...args, logDir: logDirOrArgs } : logDirOrArgs);
}
