// The callback protocol of `fit`/`evaluate`/`predict`: Keras's hooks with TF.js's camelCase names.
import type { Model } from '../models/model.js';

/** Figures handed to callbacks: Keras names (`loss`, `accuracy`, `val_loss`, `lr`, ...) to numbers. */
export type Logs = { [name: string]: number };

/** What `fit` tells callbacks about the run (Keras's `params`, TF.js's names). */
export interface CallbackParams {
  epochs?: number;
  steps?: number;
  samples?: number;
  verbose?: number;
  batchSize?: number;
  doValidation?: boolean;
  metrics?: string[];
  [k: string]: unknown;
}

/** The model a callback sees (a type-only import: no runtime cycle with models/). */
export type CallbackModel = Model;

/**
 * Base class of all callbacks. Override the hooks you need; every hook may return a promise,
 * which `fit` awaits before going on.
 *
 * @example
 * class StopAt extends tp.callbacks.Callback {
 *   constructor(private target: number) { super(); }
 *   onEpochEnd(epoch: number, logs?: tp.callbacks.Logs) {
 *     if (logs && logs.loss < this.target) this.model!.stopTraining = true;
 *   }
 * }
 * await model.fit(x, y, { epochs: 100, callbacks: [new StopAt(0.01)] });
 */
export class Callback {
  model: CallbackModel | null = null;
  params: CallbackParams = {};

  setModel(model: CallbackModel): void { this.model = model; }
  setParams(params: CallbackParams): void { this.params = params; }

  /* eslint-disable @typescript-eslint/no-unused-vars */
  onTrainBegin(logs?: Logs): void | Promise<void> {}
  onTrainEnd(logs?: Logs): void | Promise<void> {}
  onEpochBegin(epoch: number, logs?: Logs): void | Promise<void> {}
  onEpochEnd(epoch: number, logs?: Logs): void | Promise<void> {}
  onBatchBegin(batch: number, logs?: Logs): void | Promise<void> {}
  onBatchEnd(batch: number, logs?: Logs): void | Promise<void> {}
  onTestBegin(logs?: Logs): void | Promise<void> {}
  onTestEnd(logs?: Logs): void | Promise<void> {}
  onTestBatchBegin(batch: number, logs?: Logs): void | Promise<void> {}
  onTestBatchEnd(batch: number, logs?: Logs): void | Promise<void> {}
  onPredictBegin(logs?: Logs): void | Promise<void> {}
  onPredictEnd(logs?: Logs): void | Promise<void> {}
  onPredictBatchBegin(batch: number, logs?: Logs): void | Promise<void> {}
  onPredictBatchEnd(batch: number, logs?: Logs): void | Promise<void> {}
  /** TF.js: called when `fit` yields to the event loop (`yieldEvery`). */
  onYield(epoch: number, batch: number, logs?: Logs): void | Promise<void> {}
  /* eslint-enable @typescript-eslint/no-unused-vars */

  /** One line naming the callback (not its model and params, which a cell's value would dump). */
  toString(): string {
    return `${this.constructor.name || 'Callback'} callback`;
  }
}

type Hook<A extends unknown[]> = (...args: A) => void | Promise<void>;

/** Plain-object callbacks (TF.js `CustomCallbackArgs`, Keras `LambdaCallback` arguments). */
export interface CustomCallbackArgs {
  onTrainBegin?: Hook<[Logs?]>;
  onTrainEnd?: Hook<[Logs?]>;
  onEpochBegin?: Hook<[number, Logs?]>;
  onEpochEnd?: Hook<[number, Logs?]>;
  onBatchBegin?: Hook<[number, Logs?]>;
  onBatchEnd?: Hook<[number, Logs?]>;
  onTestBegin?: Hook<[Logs?]>;
  onTestEnd?: Hook<[Logs?]>;
  onTestBatchBegin?: Hook<[number, Logs?]>;
  onTestBatchEnd?: Hook<[number, Logs?]>;
  onPredictBegin?: Hook<[Logs?]>;
  onPredictEnd?: Hook<[Logs?]>;
  onPredictBatchBegin?: Hook<[number, Logs?]>;
  onPredictBatchEnd?: Hook<[number, Logs?]>;
  onYield?: Hook<[number, number, Logs?]>;
}

const HOOKS = [
  'onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchBegin', 'onBatchEnd',
  'onTestBegin', 'onTestEnd', 'onTestBatchBegin', 'onTestBatchEnd', 'onPredictBegin',
  'onPredictEnd', 'onPredictBatchBegin', 'onPredictBatchEnd', 'onYield',
] as const;

/**
 * A callback made of functions (Keras `LambdaCallback`); hooks not given do nothing.
 *
 * @example
 * const losses: number[] = [];
 * const cb = new tp.callbacks.LambdaCallback({ onEpochEnd: (epoch, logs) => { losses.push(logs!.loss); } });
 * await model.fit(x, y, { epochs: 3, callbacks: [cb] });
 */
export class LambdaCallback extends Callback {
  constructor(args: CustomCallbackArgs = {}) {
    super();
    for (const name of HOOKS) {
      const fn = args[name];
      if (fn === undefined) continue;
      if (typeof fn !== 'function') throw new Error(`LambdaCallback: '${name}' must be a function, got ${typeof fn}`);
      (this as unknown as Record<string, unknown>)[name] = fn;
    }
  }
}

/** Callback-like values `fit` accepts: callbacks, plain hook objects, or an array of either. */
export type CallbackArg = Callback | CustomCallbackArgs | Array<Callback | CustomCallbackArgs>;

/**
 * Normalises what a user passed as `callbacks` into Callback instances (plain objects become
 * LambdaCallbacks, as TF.js's `CustomCallbackArgs`).
 *
 * @example
 * const cbs = tp.callbacks.standardizeCallbacks({ onEpochEnd: () => {} }); // [LambdaCallback]
 */
export function standardizeCallbacks(callbacks: CallbackArg | null | undefined): Callback[] {
  if (callbacks == null) return [];
  const list = Array.isArray(callbacks) ? callbacks : [callbacks];
  return list.map((c) => (c instanceof Callback ? c : new LambdaCallback(c)));
}

/**
 * The callbacks of one `fit`/`evaluate`/`predict` call, run in order; each hook awaits every
 * callback before the next one starts.
 *
 * @example
 * const list = new tp.callbacks.CallbackList([new tp.callbacks.TerminateOnNaN()], { model, params: { epochs: 2 } });
 * await list.onTrainBegin();
 */
export class CallbackList {
  readonly callbacks: Callback[];
  model: CallbackModel | null = null;
  params: CallbackParams = {};

  constructor(callbacks: CallbackArg | null = [], args: { model?: CallbackModel; params?: CallbackParams } = {}) {
    this.callbacks = standardizeCallbacks(callbacks);
    if (args.model) this.setModel(args.model);
    if (args.params) this.setParams(args.params);
  }

  append(callback: Callback | CustomCallbackArgs): void {
    const cb = callback instanceof Callback ? callback : new LambdaCallback(callback);
    if (this.model) cb.setModel(this.model);
    cb.setParams(this.params);
    this.callbacks.push(cb);
  }

  setModel(model: CallbackModel): void {
    this.model = model;
    for (const c of this.callbacks) c.setModel(model);
  }

  setParams(params: CallbackParams): void {
    this.params = params;
    for (const c of this.callbacks) c.setParams(params);
  }

  // All callbacks share one logs object, as in Keras: a key one adds (ReduceLROnPlateau's 'lr')
  // is seen by those after it (CSVLogger, TensorBoard, History).
  async onTrainBegin(logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onTrainBegin(logs); }
  async onTrainEnd(logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onTrainEnd(logs); }
  async onEpochBegin(epoch: number, logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onEpochBegin(epoch, logs); }
  async onEpochEnd(epoch: number, logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onEpochEnd(epoch, logs); }
  async onBatchBegin(batch: number, logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onBatchBegin(batch, logs); }
  async onBatchEnd(batch: number, logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onBatchEnd(batch, logs); }
  async onTestBegin(logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onTestBegin(logs); }
  async onTestEnd(logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onTestEnd(logs); }
  async onTestBatchBegin(batch: number, logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onTestBatchBegin(batch, logs); }
  async onTestBatchEnd(batch: number, logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onTestBatchEnd(batch, logs); }
  async onPredictBegin(logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onPredictBegin(logs); }
  async onPredictEnd(logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onPredictEnd(logs); }
  async onPredictBatchBegin(batch: number, logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onPredictBatchBegin(batch, logs); }
  async onPredictBatchEnd(batch: number, logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onPredictBatchEnd(batch, logs); }
  async onYield(epoch: number, batch: number, logs?: Logs): Promise<void> { for (const c of this.callbacks) await c.onYield(epoch, batch, logs); }
}
