// EarlyStopping: Keras's (keras.callbacks.EarlyStopping) rules, step for step.
import { clone } from '../ops/shape.js';
import { keep } from '../memory.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { Callback, type Logs } from './callback.js';
import { monitorDirection, monitorValue, type MonitorMode } from './monitor.js';

export interface EarlyStoppingArgs {
  /** Figure to watch (default 'val_loss'). */
  monitor?: string;
  /** Smallest change that counts as an improvement (absolute value used; default 0). */
  minDelta?: number;
  /** Epochs without improvement after which training stops (default 0). */
  patience?: number;
  verbose?: number;
  /** 'min', 'max', or 'auto' (max for accuracy/AUC names, else min). */
  mode?: MonitorMode;
  /** Training stops unless the figure improves on this value within `patience` epochs. */
  baseline?: number | null;
  /** Put back the weights of the best epoch at the end of training (default false). */
  restoreBestWeights?: boolean;
  /** Epochs to wait before monitoring starts (default 0). */
  startFromEpoch?: number;
}

/**
 * Stops training when the monitored figure has stopped improving (sets `model.stopTraining`).
 * An epoch improves if it beats the best so far by more than `minDelta` (in the monitor's direction);
 * `wait` counts epochs since the last improvement (reset only when the baseline is beaten too),
 * and training stops once `wait >= patience` (never after the first epoch). With
 * `restoreBestWeights`, the weights of the best epoch are put back when training ends.
 *
 * @example
 * const stop = tp.callbacks.earlyStopping({ monitor: 'val_loss', patience: 10, restoreBestWeights: true });
 * await model.fit(x, y, { epochs: 100, validationSplit: 0.2, callbacks: [stop] });
 * console.log(stop.stoppedEpoch, stop.bestEpoch);
 */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly verbose: number;
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  readonly mode: 'min' | 'max';
  wait = 0;
  stoppedEpoch = 0;
  best: number;
  bestEpoch = 0;
  private bestWeights: Tensor[] | null = null;

  constructor(args: EarlyStoppingArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    this.verbose = args.verbose ?? 0;
    this.baseline = args.baseline ?? null;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.startFromEpoch = args.startFromEpoch ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new Error(`EarlyStopping: patience must be a non-negative integer, got ${args.patience}`);
    this.mode = monitorDirection(this.monitor, args.mode ?? 'auto', 'EarlyStopping');
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  private isImprovement(value: number, reference: number): boolean {
    // Keras: an improvement must beat the reference by more than minDelta.
    return this.mode === 'min' ? value + this.minDelta < reference : value - this.minDelta > reference;
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.bestEpoch = 0;
    this.dropBestWeights();
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    const current = monitorValue(logs, this.monitor, 'EarlyStopping');
    if (current === undefined || epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) {
      // No improvement may ever come: then the first monitored epoch's weights are the best.
      this.snapshot();
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.snapshot();
      if (this.baseline === null || this.isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.requireModel().stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      const vars = this.weightsOf();
      vars.forEach((v, i) => v.assign(this.bestWeights![i]!));
    }
    this.dropBestWeights();
  }

  private requireModel() {
    if (!this.model) throw new Error('EarlyStopping: no model set (fit calls setModel; when driving it by hand call setModel(model) first)');
    return this.model;
  }

  private weightsOf(): Variable[] {
    return this.requireModel().weights;
  }

  // Copies, not the variables: the variables keep changing as training goes on.
  private snapshot(): void {
    const copies = this.weightsOf().map((v) => keep(clone(v)));
    this.dropBestWeights();
    this.bestWeights = copies;
  }

  private dropBestWeights(): void {
    for (const t of this.bestWeights ?? []) t.dispose();
    this.bestWeights = null;
  }
}

/**
 * Factory of EarlyStopping (TF.js `tf.callbacks.earlyStopping`).
 *
 * @example
 * await model.fit(x, y, { epochs: 50, validationData: [xv, yv], callbacks: [tp.callbacks.earlyStopping({ patience: 3 })] });
 */
export function earlyStopping(args: EarlyStoppingArgs = {}): EarlyStopping {
  return new EarlyStopping(args);
}
