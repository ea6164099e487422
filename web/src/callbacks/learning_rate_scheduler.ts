// LearningRateScheduler: Keras's keras.callbacks.LearningRateScheduler.
import { Callback, type Logs } from './callback.js';
import { optimizerOf } from './learning_rate.js';

/** A schedule: epoch (0-based) and the current rate -> the rate for this epoch. */
export type Schedule = (epoch: number, lr: number) => number;

/**
 * Sets the optimizer's learning rate to `schedule(epoch, lr)` at the start of each epoch, and
 * writes `logs.lr` at its end.
 *
 * @example
 * const scheduler = tp.callbacks.learningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)));
 * await model.fit(x, y, { epochs: 15, callbacks: [scheduler] });
 */
export class LearningRateScheduler extends Callback {
  readonly schedule: Schedule;
  readonly verbose: number;

  constructor(schedule: Schedule, verbose = 0) {
    super();
    if (typeof schedule !== 'function') throw new Error('LearningRateScheduler: schedule must be a function (epoch, lr) => number');
    this.schedule = schedule;
    this.verbose = verbose;
  }

  override onEpochBegin(epoch: number): void {
    const optimizer = optimizerOf(this.model, 'LearningRateScheduler');
    const lr = this.schedule(epoch, optimizer.learningRate);
    if (typeof lr !== 'number' || Number.isNaN(lr)) throw new Error(`LearningRateScheduler: the output of the schedule function should be a number, got ${String(lr)} at epoch ${epoch}`);
    optimizer.learningRate = lr;
    if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  override onEpochEnd(_epoch: number, logs?: Logs): void {
    if (logs) logs.lr = optimizerOf(this.model, 'LearningRateScheduler').learningRate;
  }
}

/**
 * Factory of LearningRateScheduler.
 *
 * @example
 * const cb = tp.callbacks.learningRateScheduler((epoch) => 0.1 / (1 + epoch));
 */
export function learningRateScheduler(schedule: Schedule, verbose = 0): LearningRateScheduler {
  return new LearningRateScheduler(schedule, verbose);
}
