// History: the callback fit() always adds last; it collects each epoch's logs.
import { Callback, type Logs } from '../callbacks/index.js';
import { CELL_TABLE, type CellTable } from '../print.js';

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

  /** One row per epoch (numbered from 1, as fit's progress lines): its loss and metrics. */
  [CELL_TABLE](): CellTable {
    const names = Object.keys(this.history);
    return { columns: ['epoch', ...names], rows: this.epoch.map((e, i) => [e + 1, ...names.map((k) => this.history[k]![i] ?? null)]) };
  }

  /**
   * The per-epoch table as text: what a History shows as a cell's value, or printed.
   *
   * @example
   * const model = tp.sequential({ layers: [tp.layers.dense({ units: 1, inputShape: [1] })] });
   * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
   * const h = await model.fit(tp.ones([8, 1]), tp.ones([8, 1]), { epochs: 2, verbose: 0 });
   * console.log(String(h)); // History (2 epochs), then one row per epoch: epoch, loss
   */
  override toString(): string {
    const { columns, rows } = this[CELL_TABLE]();
    const cells = rows.map((r) => r.map((v) => (v === null ? '' : typeof v === 'number' && !Number.isInteger(v) ? String(parseFloat(v.toPrecision(5))) : String(v))));
    const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j]!.length)));
    const line = (r: string[]) => r.map((v, j) => v.padStart(widths[j]!)).join('  ');
    const title = `History (${rows.length} epoch${rows.length === 1 ? '' : 's'})`;
    return rows.length === 0 ? `${title}: fit has not run` : [title, line(columns), ...cells.map(line)].join('\n');
  }
}
