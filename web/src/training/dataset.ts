// fitDataset() and evaluateDataset(): training and evaluation on tp.data datasets whose elements
// are batches {xs, ys} or [xs, ys] (optionally [xs, ys, sampleWeight]).
import type { Logs } from '../callbacks/index.js';
import { dispose, getTensorsInContainer } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { compiledState, resetMetrics, type CompiledState } from './compile.js';
import { logsToScalars, prepare, testLoop, toLogs, type Prepared } from './evaluate.js';
import { chunking, epochLoop, makeCallbacks, nextAutoChunk } from './fit.js';
import type { History } from './history.js';
import { runTestStep, runTrainStep, runTrainSteps, stepLogNames, type Figures } from './steps.js';
import type { DatasetLike, EvaluateDatasetArgs, FitDatasetArgs, TensorOrArrayOrMap, TrainableModel } from './types.js';
import { now } from './yield.js';
import { concat } from '../ops/assemble.js';

// Elements pulled ahead at most for one engine call when the epoch has no set length.
const MAX_PULL = 4096;

interface BatchIterator {
  next(): Promise<IteratorResult<unknown>>;
}

async function iterate(dataset: DatasetLike, op: string): Promise<BatchIterator> {
  if (typeof dataset?.iterator === 'function') return dataset.iterator();
  const f = dataset?.[Symbol.asyncIterator];
  if (typeof f === 'function') return f.call(dataset) as BatchIterator;
  throw new Error(`${op}: expected a dataset (tp.data.*) with iterator(), got ${dataset === null ? 'null' : typeof dataset}`);
}

function isDataset(x: unknown): x is DatasetLike {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && (typeof (x as DatasetLike).iterator === 'function' || typeof (x as DatasetLike)[Symbol.asyncIterator] === 'function');
}

/** An element as (x, y, sampleWeight?) prepared for a step. */
function element(model: TrainableModel, value: unknown, op: string): Prepared {
  let xs: unknown, ys: unknown, sw: unknown;
  if (Array.isArray(value)) [xs, ys, sw] = value;
  else if (typeof value === 'object' && value !== null && 'xs' in value) ({ xs, ys } = value as { xs: unknown; ys: unknown });
  else throw new Error(`${op}: dataset elements must be {xs, ys} or [xs, ys], got ${value === null ? 'null' : typeof value}`);
  if (ys === undefined) throw new Error(`${op}: a dataset element has no targets (ys)`);
  return prepare(model, xs as TensorOrArrayOrMap, ys as TensorOrArrayOrMap, (sw as Tensor | undefined) ?? null, op);
}

function sameShapes(a: Prepared, b: Prepared): boolean {
  const l = a.layout, m = b.layout;
  if (l.nx !== m.nx || l.xArray !== m.xArray || l.ny !== m.ny || l.hasWeights !== m.hasWeights) return false;
  return a.tensors.every((t, i) => {
    const u = b.tensors[i]!;
    return t.dtype === u.dtype && t.shape.length === u.shape.length && t.shape.every((d, j) => d === u.shape[j]);
  });
}

/**
 * Batches of equal shapes as one engine call: joined row-wise, each step gathers its own rows
 * (runTrainSteps), so the result is that of one step per batch in order.
 */
function runJoined(model: TrainableModel, state: CompiledState, batches: Prepared[]): Figures {
  const first = batches[0]!;
  const joined = first.tensors.map((_, i) => concat(batches.map((p) => p.tensors[i]!), 0));
  try {
    const rows = new Int32Array(batches.length * first.samples);
    for (let r = 0; r < rows.length; r++) rows[r] = r;
    return runTrainSteps(model, state, { ...first.layout, indexed: true }, joined, rows, batches.length);
  } finally {
    dispose(joined);
  }
}

async function datasetTestLoop(model: TrainableModel, state: CompiledState, dataset: DatasetLike, batches: number | undefined, op: string): Promise<Logs> {
  resetMetrics(state);
  const it = await iterate(dataset, op);
  let values: Figures | null = null;
  for (let b = 0; batches === undefined || b < batches; b++) {
    const r = await it.next();
    if (r.done) break;
    try {
      const p = element(model, r.value, op);
      values = runTestStep(model, state, p.layout, p.tensors);
    } finally {
      dispose(getTensorsInContainer(r.value));
    }
  }
  if (values === null) throw new Error(`${op}: the dataset yielded no batches`);
  return toLogs(stepLogNames(state), values);
}

/**
 * Trains on a dataset of batches (model.fitDataset, as TF.js): each epoch runs the dataset to its
 * end, or `batchesPerEpoch` batches from one iterator kept across epochs.
 *
 * @example
 * const model = tp.sequential({ layers: [tp.layers.dense({ units: 1, inputShape: [2] })] });
 * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
 * const ds = tp.data.fromTensorSlices({ xs: tp.ones([64, 2]), ys: tp.zeros([64, 1]) }).batch(16);
 * const history = await model.fitDataset(ds, { epochs: 5, verbose: 0 });
 * console.log(history.history.loss.length); // 5
 */
export async function fitDatasetModel(model: TrainableModel, dataset: DatasetLike, args: FitDatasetArgs = {}): Promise<History> {
  const op = 'fitDataset';
  const state = compiledState(model, op);
  const epochs = args.epochs ?? 1;
  const initialEpoch = args.initialEpoch ?? 0;
  const perEpoch = args.batchesPerEpoch ?? args.stepsPerEpoch;
  if (perEpoch !== undefined && (!Number.isInteger(perEpoch) || perEpoch < 1))
    throw new Error(`${op}: batchesPerEpoch must be a positive integer, got ${String(perEpoch)}`);
  if (args.classWeight) throw new Error(`${op}: classWeight is not supported with datasets; map the dataset to [xs, ys, sampleWeight] elements`);
  const verbose = args.verbose ?? 1;
  const vd = args.validationData;
  let validate: (() => Promise<Logs> | Logs) | null = null;
  if (isDataset(vd)) validate = () => datasetTestLoop(model, state, vd, args.validationBatches, `${op} (validationData)`);
  else if (Array.isArray(vd)) {
    const p = prepare(model, vd[0], vd[1], (vd[2] as Tensor | undefined) ?? null, `${op} (validationData)`);
    validate = () => testLoop(model, state, p, args.validationBatchSize ?? 32);
  }
  const { callbacks, history } = makeCallbacks(model, args.callbacks, verbose, {
    epochs, initialEpoch, steps: perEpoch, verbose, doValidation: validate !== null, metrics: stepLogNames(state),
  });
  let shared: BatchIterator | null = null;
  const plan = chunking(state, callbacks, args.yieldEvery);
  await epochLoop(
    model, state, callbacks, { epochs, initialEpoch, yieldEvery: args.yieldEvery },
    async (epoch, onBatch) => {
      const it = perEpoch === undefined ? await iterate(dataset, op) : (shared ??= await iterate(dataset, op));
      let logs: Logs = {};
      for (let b = 0; perEpoch === undefined || b < perEpoch; ) {
        // Up to a chunk of elements from the iterator; runs of equal shapes share one engine call.
        const want = Math.min(typeof plan === 'number' ? plan : (state.autoChunk ?? 8), perEpoch === undefined ? MAX_PULL : perEpoch - b);
        const taken: unknown[] = [];
        let ended = false;
        while (taken.length < want) {
          const r = await it.next();
          if (r.done) {
            ended = true;
            break;
          }
          taken.push(r.value);
        }
        let stop = false;
        try {
          const prepared = taken.map((v) => element(model, v, op));
          for (let i = 0; i < prepared.length && !stop; ) {
            let n = 1;
            while (i + n < prepared.length && sameShapes(prepared[i]!, prepared[i + n]!)) n++;
            // Every joined size is a trace of its own: automatic chunks use powers of two only.
            if (plan === 'auto') n = 2 ** Math.floor(Math.log2(n));
            await callbacks.onBatchBegin(b, { batch: b, size: prepared[i]!.samples });
            const t0 = now();
            const values = n === 1 ? runTrainStep(model, state, prepared[i]!.layout, prepared[i]!.tensors) : runJoined(model, state, prepared.slice(i, i + n));
            if (plan === 'auto' && n > 1) state.autoChunk = nextAutoChunk(state.autoChunk ?? 8, n, now() - t0);
            b += n;
            i += n;
            logs = toLogs(stepLogNames(state), values);
            stop = await onBatch(b - 1, logs);
          }
        } finally {
          for (const v of taken) dispose(getTensorsInContainer(v));
        }
        if (stop) break;
        if (ended) {
          if (perEpoch !== undefined && b < perEpoch) {
            console.warn(`${op}: the dataset ended after ${b} of ${perEpoch} batches in epoch ${epoch + 1}; training stops (use dataset.repeat())`);
            model.stopTraining = true;
          }
          break;
        }
      }
      return logs;
    },
    validate,
  );
  model.metricsNames = stepLogNames(state);
  model.history = history;
  return history;
}

/**
 * Loss and metrics over a dataset of batches (model.evaluateDataset); `batches` limits how many.
 *
 * @example
 * const model = tp.sequential({ layers: [tp.layers.dense({ units: 1, inputShape: [2] })] });
 * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['mae'] });
 * const testDs = tp.data.fromTensorSlices({ xs: tp.ones([20, 2]), ys: tp.zeros([20, 1]) }).batch(8);
 * const [loss, mae] = (await model.evaluateDataset(testDs)) as tp.Tensor[];
 */
export async function evaluateDatasetModel(model: TrainableModel, dataset: DatasetLike, args: EvaluateDatasetArgs = {}): Promise<Tensor | Tensor[]> {
  const state = compiledState(model, 'evaluateDataset');
  const logs = await datasetTestLoop(model, state, dataset, args.batches ?? args.steps, 'evaluateDataset');
  model.metricsNames = Object.keys(logs);
  return logsToScalars(logs, state.figuresDType);
}
