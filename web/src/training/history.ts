// History: the callback fit() always adds last; it collects each epoch's logs.
import { Callback, type Logs } from '../callbacks/index.js';

/**
 * Records the epoch-end logs of a fit run: `history.history.loss[i]` is the loss of epoch
 * `history.epoch[i]`, and so on for each metric and `val_` figure (Keras's History).
 *
 * @example
 * const model = tp.sequential({ layers: [tp.layers.dense({ units: 1, inputShape: [1] })] });
 * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
 * const h = await model.fit(tp.ones([8, 1]), tp.ones([8, 1]), { epochs: 3, verbose: 0 });
 * console.log(h.epoch, h.history.loss.length); // [0, 1, 2] 3
 */
export class History extends Callback {
  epoch: number[] = [];
  history: { [name: string]: number[] } = {};

  override onTrainBegin(): void {
    this.epoch = [];
    this.history = {};
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}
