// ModelCheckpoint: Keras's keras.callbacks.ModelCheckpoint, saving in the TF.js format through
// tp.io (files in Node, IndexedDB or memory in browsers).
import { saveModel, saveWeights, type SavableModel } from '../io/save_model.js';
import type { IOHandler } from '../io/types.js';
import { Callback, type Logs } from './callback.js';
import { monitorDirection, type MonitorMode } from './monitor.js';
import { pythonFormat } from './python_format.js';

export interface ModelCheckpointArgs {
  /**
   * Where to save: a path or 'file://' URL (Node), 'indexeddb://name', 'memory://name', with
   * Keras placeholders: '{epoch:02d}' (1-based), '{batch}', and any log, e.g. '{val_loss:.2f}'.
   * Or a function (epoch, logs) returning the URL or an IOHandler.
   */
  filepath: string | ((epoch: number, logs: Logs) => string | IOHandler);
  /** Figure compared by saveBestOnly (default 'val_loss'). */
  monitor?: string;
  verbose?: number;
  /** Save only when the monitored figure improves on the best so far. */
  saveBestOnly?: boolean;
  /** Save the weights only (model.json with modelTopology null + weights). */
  saveWeightsOnly?: boolean;
  mode?: MonitorMode;
  /** 'epoch' (default) or a number of batches between saves. */
  saveFreq?: 'epoch' | number;
  /** Best value to beat before the first save (saveBestOnly). */
  initialValueThreshold?: number;
}

/**
 * Saves the model (or its weights) at the end of each epoch or every `saveFreq` batches, as
 * Keras: with `saveBestOnly` only when the monitored figure improves (a missing figure saves,
 * with a warning). Each save is awaited before training goes on.
 *
 * @example
 * const ckpt = tp.callbacks.modelCheckpoint({ filepath: 'ckpt/weights.{epoch:02d}-{val_loss:.2f}', saveBestOnly: true });
 * await model.fit(x, y, { epochs: 10, validationData: [xv, yv], callbacks: [ckpt] });
 * console.log(ckpt.saved); // the paths written, in order
 */
export class ModelCheckpoint extends Callback {
  readonly filepath: ModelCheckpointArgs['filepath'];
  readonly monitor: string;
  readonly verbose: number;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly saveFreq: 'epoch' | number;
  readonly mode: 'min' | 'max';
  best: number | undefined;
  /** The targets saved to, in order (URLs, or '<handler>'). */
  readonly saved: string[] = [];
  private readonly initialBest: number | undefined;
  private currentEpoch = 0;
  private batchesSinceSave = 0;
  private lastBatch = 0;

  constructor(args: ModelCheckpointArgs | string) {
    super();
    const a: ModelCheckpointArgs = typeof args === 'string' ? { filepath: args } : args;
    if (a.filepath === undefined || a.filepath === '') throw new Error('ModelCheckpoint: filepath is required');
    this.filepath = a.filepath;
    this.monitor = a.monitor ?? 'val_loss';
    this.verbose = a.verbose ?? 0;
    this.saveBestOnly = a.saveBestOnly ?? false;
    this.saveWeightsOnly = a.saveWeightsOnly ?? false;
    this.saveFreq = a.saveFreq ?? 'epoch';
    if (this.saveFreq !== 'epoch' && !(Number.isInteger(this.saveFreq) && this.saveFreq > 0))
      throw new Error(`ModelCheckpoint: unrecognized saveFreq ${JSON.stringify(a.saveFreq)}; expected 'epoch' or a positive integer of batches`);
    this.mode = monitorDirection(this.monitor, a.mode ?? 'auto', 'ModelCheckpoint');
    this.initialBest = a.initialValueThreshold;
    this.best = a.initialValueThreshold;
  }

  override onTrainBegin(): void {
    this.best = this.initialBest;
    this.batchesSinceSave = 0;
    this.lastBatch = 0;
  }

  override onEpochBegin(epoch: number): void {
    this.currentEpoch = epoch;
  }

  override async onBatchEnd(batch: number, logs?: Logs): Promise<void> {
    if (this.shouldSaveOnBatch(batch)) await this.save(this.currentEpoch, batch, logs ?? {});
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    if (this.saveFreq === 'epoch') await this.save(epoch, null, logs ?? {});
  }

  private shouldSaveOnBatch(batch: number): boolean {
    if (this.saveFreq === 'epoch') return false;
    // Batches restart at 0 each epoch: count them across epochs.
    this.batchesSinceSave += batch <= this.lastBatch ? batch + 1 : batch - this.lastBatch;
    this.lastBatch = batch;
    if (this.batchesSinceSave >= this.saveFreq) {
      this.batchesSinceSave = 0;
      return true;
    }
    return false;
  }

  private isImprovement(value: number): boolean {
    if (this.best === undefined) return true;
    return this.mode === 'min' ? value < this.best : value > this.best;
  }

  /** The target of a save: the filepath with its placeholders filled (Keras's _get_file_path). */
  targetFor(epoch: number, batch: number | null, logs: Logs): string | IOHandler {
    if (typeof this.filepath === 'function') return this.filepath(epoch, logs);
    const values: { [k: string]: unknown } = { ...logs, epoch: BigInt(epoch + 1) };
    if (batch !== null && !('batch' in logs)) values.batch = BigInt(batch + 1);
    else if ('batch' in logs && Number.isInteger(logs.batch)) values.batch = BigInt(logs.batch!);
    try {
      return pythonFormat(this.filepath, values);
    } catch (e) {
      throw new Error(`ModelCheckpoint: failed to format the filepath '${this.filepath}': ${(e as Error).message}`);
    }
  }

  private shouldSave(epoch: number, logs: Logs, target: string): boolean {
    if (!this.saveBestOnly) {
      if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: saving model to ${target}`);
      return true;
    }
    const current = logs[this.monitor];
    if (current === undefined) {
      console.warn(`ModelCheckpoint: can save best model only with ${this.monitor} available, saving anyway`);
      return true;
    }
    const bestStr = this.best === undefined ? 'None' : this.best.toFixed(5);
    if (this.isImprovement(current)) {
      if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ${this.monitor} improved from ${bestStr} to ${current.toFixed(5)}, saving model to ${target}`);
      this.best = current;
      return true;
    }
    if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ${this.monitor} did not improve from ${bestStr}`);
    return false;
  }

  private async save(epoch: number, batch: number | null, logs: Logs): Promise<void> {
    if (!this.model) throw new Error('ModelCheckpoint: no model set (fit calls setModel; when driving it by hand call setModel(model) first)');
    const target = this.targetFor(epoch, batch, logs);
    const label = typeof target === 'string' ? target : '<handler>';
    if (!this.shouldSave(epoch, logs, label)) return;
    const model: SavableModel = this.model;
    if (this.saveWeightsOnly) await saveWeights(model, target);
    else await saveModel(model, target);
    this.saved.push(label);
  }
}

/**
 * Factory of ModelCheckpoint.
 *
 * @example
 * const ckpt = tp.callbacks.modelCheckpoint({ filepath: 'memory://best', saveBestOnly: true });
 */
export function modelCheckpoint(args: ModelCheckpointArgs | string): ModelCheckpoint {
  return new ModelCheckpoint(args);
}
