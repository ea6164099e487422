// ReduceLROnPlateau: Keras's keras.callbacks.ReduceLROnPlateau.
import { Callback, type Logs } from './callback.js';
import { optimizerOf } from './learning_rate.js';
import type { MonitorMode } from './monitor.js';

export interface ReduceLROnPlateauArgs {
  /** Figure to watch (default 'val_loss'). */
  monitor?: string;
  /** New rate = rate * factor (default 0.1; must be < 1). */
  factor?: number;
  /** Epochs without improvement before the rate is reduced (default 10). */
  patience?: number;
  verbose?: number;
  /** 'min', 'max', or 'auto' (max when the name contains 'acc', else min). */
  mode?: MonitorMode;
  /** Improvement threshold (default 1e-4). */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** Lower bound of the rate (default 0). */
  minLr?: number;
}

/**
 * Multiplies the optimizer's learning rate by `factor` when the monitored figure has not
 * improved by more than `minDelta` for `patience` epochs, then waits `cooldown` epochs; never
 * below `minLr`. Writes `logs.lr` (the rate used in the epoch) at each epoch end, as tf.keras.
 *
 * @example
 * const plateau = tp.callbacks.reduceLROnPlateau({ monitor: 'val_loss', factor: 0.2, patience: 5, minLr: 0.001 });
 * await model.fit(x, y, { epochs: 50, validationSplit: 0.2, callbacks: [plateau] });
 */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly verbose: number;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly mode: 'min' | 'max';
  wait = 0;
  cooldownCounter = 0;
  best: number;

  constructor(args: ReduceLROnPlateauArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.factor = args.factor ?? 0.1;
    if (!(this.factor < 1)) throw new Error(`ReduceLROnPlateau: does not support a factor >= 1.0, got factor=${args.factor}`);
    this.patience = args.patience ?? 10;
    this.verbose = args.verbose ?? 0;
    this.minDelta = args.minDelta ?? 1e-4;
    this.cooldown = args.cooldown ?? 0;
    this.minLr = args.minLr ?? 0;
    let mode = args.mode ?? 'auto';
    if (mode !== 'auto' && mode !== 'min' && mode !== 'max') {
      console.warn(`ReduceLROnPlateau: learning rate reduction mode '${String(mode)}' is unknown, falling back to 'auto'`);
      mode = 'auto';
    }
    // Keras's own rule here differs from EarlyStopping's: any name containing 'acc' goes up.
    this.mode = mode === 'min' || (mode === 'auto' && !this.monitor.includes('acc')) ? 'min' : 'max';
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  private improved(current: number): boolean {
    return this.mode === 'min' ? current < this.best - this.minDelta : current > this.best + this.minDelta;
  }

  override onTrainBegin(): void {
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.cooldownCounter = 0;
    this.wait = 0;
  }

  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    const optimizer = optimizerOf(this.model, 'ReduceLROnPlateau');
    if (logs) logs.lr = optimizer.learningRate;
    const current = logs?.[this.monitor];
    if (current === undefined) {
      console.warn(`ReduceLROnPlateau: conditioned on metric '${this.monitor}' which is not available. Available metrics are: ${Object.keys(logs ?? {}).join(',')}`);
      return;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.improved(current)) {
      this.best = current;
      this.wait = 0;
    } else if (!this.inCooldown) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const oldLr = optimizer.learningRate;
        // Keras compares with the float32 bound, since the rate lives in a float32 variable.
        if (oldLr > Math.fround(this.minLr)) {
          const newLr = Math.max(oldLr * this.factor, this.minLr);
          optimizer.learningRate = newLr;
          if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${newLr}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}

/**
 * Factory of ReduceLROnPlateau.
 *
 * @example
 * const cb = tp.callbacks.reduceLROnPlateau({ factor: 0.5, patience: 2 });
 */
export function reduceLROnPlateau(args: ReduceLROnPlateauArgs = {}): ReduceLROnPlateau {
  return new ReduceLROnPlateau(args);
}
