// fit() and trainOnBatch(): epochs of compiled (or eager) training steps over in-memory tensors,
// with Keras's callbacks, validation, progress bar and History.
import { Callback, CallbackList, standardizeCallbacks, type Logs } from '../callbacks/index.js';
import { dispose } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { compiledState, resetMetrics, type CompiledState } from './compile.js';
import { Batcher, permutation, rows } from './data.js';
import { checkBatchSize, prepare, testLoop, toLogs, type Prepared } from './evaluate.js';
import { History } from './history.js';
import { ProgressLogger } from './progress.js';
import { classSampleWeights } from './sample_weights.js';
import { runTrainStep, runTrainSteps, stepLogNames, type Figures } from './steps.js';
import type { FitArgs, TensorOrArrayOrMap, TrainableModel, YieldEvery } from './types.js';
import { now, nextTask, Yielder } from './yield.js';
import { shouldStop } from '../worker/interrupt.js';

/** @internal The callbacks of a run: progress bar first, the user's, History last (as Keras). */
export function makeCallbacks(model: TrainableModel, user: FitArgs['callbacks'], verbose: number, params: Record<string, unknown>) {
  const history = new History();
  const list: Callback[] = [];
  if (verbose === 1 || verbose === 2) list.push(new ProgressLogger({ verbose }));
  list.push(...standardizeCallbacks(user ?? null), history);
  const callbacks = new CallbackList(list, { model: model as never, params });
  return { callbacks, history };
}

function checkVerbose(v: unknown, op: string): 0 | 1 | 2 {
  if (v !== 0 && v !== 1 && v !== 2) throw new Error(`${op}: verbose must be 0, 1 or 2, got ${String(v)}`);
  return v;
}

function checkEpochs(epochs: number, initialEpoch: number, op: string): void {
  if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`${op}: epochs must be a non-negative integer, got ${String(epochs)}`);
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new Error(`${op}: initialEpoch must be a non-negative integer, got ${String(initialEpoch)}`);
}

/**
 * A callback that acts on batches. The progress bar shows only the latest batch, so chunk ends
 * serve it unless it asked for updates more often than chunks end.
 */
function needsEveryBatch(c: Callback): boolean {
  if (c instanceof ProgressLogger) return c.updateInterval * 1e3 < CHUNK_MS;
  if (c instanceof History) return false;
  return c.onBatchBegin !== Callback.prototype.onBatchBegin || c.onBatchEnd !== Callback.prototype.onBatchEnd;
}

// Automatic chunks aim at this much work per engine call: Stop and yieldEvery act within it.
const CHUNK_MS = 15;
const MAX_CHUNK = 4096;

/**
 * @internal How many batches one engine call runs: a fixed count (compile's stepsPerExecution),
 * 'auto' (sized by time), or 1 when a callback or yieldEvery needs control after every batch.
 */
export function chunking(state: CompiledState, callbacks: CallbackList, yieldEvery: YieldEvery | undefined): number | 'auto' {
  if (state.runEagerly) return 1;
  const spe = state.args.stepsPerExecution ?? 'auto';
  if (spe !== 'auto') return spe;
  if (yieldEvery === 'batch' || yieldEvery === 0) return 1;
  return callbacks.callbacks.some(needsEveryBatch) ? 1 : 'auto';
}

/**
 * @internal The automatic chunk size after a call ran `n` batches in `ms`: towards CHUNK_MS of work
 * per call, at most 2x up or down at a time from the size asked for (a chunk cut short by the
 * epoch's end says nothing about it).
 */
export function nextAutoChunk(asked: number, n: number, ms: number): number {
  const ideal = ms > 0 ? (n * CHUNK_MS) / ms : 2 * asked;
  return Math.max(2, Math.min(MAX_CHUNK, Math.round(Math.min(2 * asked, Math.max(asked / 2, ideal)))));
}

/** @internal Validation figures with Keras's val_ prefix. */
export function prefixed(logs: Logs): Logs {
  const out: Logs = {};
  for (const [k, v] of Object.entries(logs)) out[`val_${k}`] = v;
  return out;
}

/** @internal Runs `body` for each epoch with the epoch/batch callbacks around it; shared by fit and fitDataset. */
export async function epochLoop(
  model: TrainableModel,
  state: CompiledState,
  callbacks: CallbackList,
  opts: { epochs: number; initialEpoch: number; yieldEvery: YieldEvery | undefined },
  runEpoch: (epoch: number, onBatch: (b: number, logs: Logs) => Promise<boolean>) => Promise<Logs>,
  validate: (() => Promise<Logs> | Logs) | null,
): Promise<void> {
  const yielder = new Yielder(opts.yieldEvery);
  model.stopTraining = false;
  await callbacks.onTrainBegin();
  let last: Logs = {};
  for (let epoch = opts.initialEpoch; epoch < opts.epochs; epoch++) {
    resetMetrics(state);
    await callbacks.onEpochBegin(epoch);
    const onBatch = async (b: number, logs: Logs): Promise<boolean> => {
      await callbacks.onBatchEnd(b, logs);
      if (yielder.due(false)) {
        await nextTask();
        await callbacks.onYield(epoch, b, logs);
      }
      // Stop in the playground (or a tp.worker runtime) ends fit at the next batch.
      if (shouldStop()) model.stopTraining = true;
      return model.stopTraining;
    };
    const logs = { ...(await runEpoch(epoch, onBatch)) };
    if (validate && Object.keys(logs).length > 0) Object.assign(logs, prefixed(await validate()));
    await callbacks.onEpochEnd(epoch, logs);
    last = logs;
    if (yielder.due(true)) await nextTask();
    if (model.stopTraining) break;
  }
  await callbacks.onTrainEnd(last);
}

/**
 * Trains the model for `epochs` passes over (x, y) in batches (model.fit), and returns the
 * History of epoch logs (`loss`, metrics, `val_` figures). Each step runs compiled (one WASM call)
 * unless compiled with runEagerly. Shuffling draws from the global random stream (tp.setSeed).
 * validationSplit holds out the last fraction of the samples before shuffling, as Keras.
 *
 * @example
 * const model = tp.sequential({ layers: [tp.layers.dense({ units: 1, inputShape: [1] })] });
 * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
 * const x = tp.tensor2d([[0], [1], [2], [3]]), y = tp.tensor2d([[1], [3], [5], [7]]);
 * const history = await model.fit(x, y, { epochs: 10, batchSize: 2, verbose: 0 });
 * console.log(history.history.loss.length); // 10
 */
export async function fitModel(model: TrainableModel, x: TensorOrArrayOrMap, y: TensorOrArrayOrMap, args: FitArgs = {}): Promise<History> {
  const op = 'fit';
  const state = compiledState(model, op);
  const epochs = args.epochs ?? 1;
  const initialEpoch = args.initialEpoch ?? 0;
  checkEpochs(epochs, initialEpoch, op);
  const batchSize = checkBatchSize(args.batchSize ?? 32, op);
  const verbose = checkVerbose(args.verbose ?? 1, op);
  const owned: Tensor[] = [];
  try {
    let sw = args.sampleWeight ?? null;
    const all = prepare(model, x, y, sw, op);
    if (args.classWeight) {
      if (all.layout.ny !== 1) throw new Error(`${op}: classWeight works with one output; model '${model.name}' has ${all.layout.ny} targets`);
      sw = classSampleWeights(all.tensors[all.layout.nx]!, args.classWeight, sw, op);
      owned.push(sw);
    }
    const withWeights = (p: Prepared): Prepared =>
      sw && !p.layout.hasWeights ? { ...p, layout: { ...p.layout, hasWeights: true }, tensors: [...p.tensors, sw] } : p;
    let train = withWeights(all);
    let val: Prepared | null = null;
    if (args.validationData) {
      const [vx, vy, vw] = args.validationData;
      val = prepare(model, vx, vy, vw ?? null, `${op} (validationData)`);
    } else if (args.validationSplit !== undefined && args.validationSplit > 0) {
      const f = args.validationSplit;
      if (!(f < 1)) throw new Error(`${op}: validationSplit must be in [0, 1), got ${f}`);
      const splitAt = Math.floor(train.samples * (1 - f));
      if (splitAt === 0 || splitAt === train.samples)
        throw new Error(`${op}: validationSplit ${f} of ${train.samples} samples leaves an empty training or validation set`);
      const head = train.tensors.map((t) => rows(t, 0, splitAt));
      const tail = train.tensors.map((t) => rows(t, splitAt, train.samples - splitAt));
      owned.push(...head, ...tail);
      val = { layout: train.layout, tensors: tail, samples: train.samples - splitAt };
      train = { layout: train.layout, tensors: head, samples: splitAt };
    }
    if (train.samples === 0) throw new Error(`${op}: x and y hold no samples`);
    const batcher = new Batcher(train.tensors, train.samples, batchSize);
    const steps = args.stepsPerEpoch ?? batcher.numBatches;
    if (!Number.isInteger(steps) || steps < 1) throw new Error(`${op}: stepsPerEpoch must be a positive integer, got ${String(args.stepsPerEpoch)}`);
    const shuffle = args.shuffle ?? true;
    const { callbacks, history } = makeCallbacks(model, args.callbacks, verbose, {
      epochs, initialEpoch, steps, samples: train.samples, batchSize, verbose, doValidation: val !== null, metrics: stepLogNames(state),
    });
    const validationBatchSize = checkBatchSize(args.validationBatchSize ?? batchSize, op);
    const v = val;
    // The step gathers its batch from the whole set (one call per batch, shuffled or not).
    const layout = { ...train.layout, indexed: true };
    const plan = chunking(state, callbacks, args.yieldEvery);
    let autoChunk = state.autoChunk ?? 8;
    await epochLoop(
      model, state, callbacks, { epochs, initialEpoch, yieldEvery: args.yieldEvery },
      async (_epoch, onBatch) => {
        const order = shuffle ? permutation(train.samples) : null;
        let logs: Logs = {};
        // Batches that fill batchSize rows can share an engine call; the short last one runs alone.
        const full = Math.floor(train.samples / batchSize);
        for (let s = 0; s < steps; ) {
          const b = s % batcher.numBatches;
          let n = Math.min(typeof plan === 'number' ? plan : autoChunk, steps - s, full - b);
          if (n < 1) n = 1;
          const first = s;
          await callbacks.onBatchBegin(first, { batch: first, size: n === 1 ? Math.min(batchSize, train.samples - b * batchSize) : batchSize });
          let values: Figures;
          if (n === 1) {
            const idx = batcher.indices(b, order);
            try {
              values = runTrainStep(model, state, layout, [...train.tensors, idx]);
            } finally {
              idx.dispose();
            }
          } else {
            const rowsOf = new Int32Array(n * batchSize);
            if (order) rowsOf.set(order.subarray(b * batchSize, (b + n) * batchSize));
            else for (let i = 0; i < rowsOf.length; i++) rowsOf[i] = b * batchSize + i;
            const t0 = now();
            values = runTrainSteps(model, state, layout, train.tensors, rowsOf, n);
            if (plan === 'auto') state.autoChunk = autoChunk = nextAutoChunk(autoChunk, n, now() - t0);
          }
          s += n;
          logs = toLogs(stepLogNames(state), values);
          if (await onBatch(s - 1, logs)) break;
        }
        return logs;
      },
      v ? () => testLoop(model, state, v, validationBatchSize) : null,
    );
    model.metricsNames = stepLogNames(state);
    model.history = history;
    return history;
  } finally {
    dispose(owned);
  }
}

/**
 * One training step on exactly this batch (model.trainOnBatch); returns the loss, or
 * [loss, ...metrics], of this batch alone (metrics are reset first, as Keras's default).
 *
 * @example
 * const model = tp.sequential({ layers: [tp.layers.dense({ units: 1, inputShape: [3] })] });
 * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
 * const loss = model.trainOnBatch(tp.ones([8, 3]), tp.zeros([8, 1])) as number;
 * console.log(typeof loss); // number
 */
export function trainOnBatchModel(model: TrainableModel, x: TensorOrArrayOrMap, y: TensorOrArrayOrMap): number | number[] {
  const state = compiledState(model, 'trainOnBatch');
  const p = prepare(model, x, y, null, 'trainOnBatch');
  resetMetrics(state);
  const values = Array.from(runTrainStep(model, state, p.layout, p.tensors));
  model.metricsNames = stepLogNames(state);
  return values.length === 1 ? values[0]! : values;
}
