// TerminateOnNaN: Keras's keras.callbacks.TerminateOnNaN.
import { Callback, type Logs } from './callback.js';

/**
 * Stops training (`model.stopTraining = true`) after a batch whose loss is NaN or infinite.
 *
 * @example
 * await model.fit(x, y, { epochs: 10, callbacks: [tp.callbacks.terminateOnNaN()] });
 */
export class TerminateOnNaN extends Callback {
  override onBatchEnd(batch: number, logs?: Logs): void {
    const loss = logs?.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      console.log(`Batch ${batch}: Invalid loss, terminating training`);
      if (this.model) this.model.stopTraining = true;
    }
  }
}

/**
 * Factory of TerminateOnNaN.
 *
 * @example
 * const cb = tp.callbacks.terminateOnNaN();
 */
export function terminateOnNaN(): TerminateOnNaN {
  return new TerminateOnNaN();
}
