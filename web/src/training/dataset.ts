// fitDataset() and evaluateDataset(): training and evaluation on tp.data datasets whose elements
// are batches {xs, ys} or [xs, ys] (optionally [xs, ys, sampleWeight]).
import type { Logs } from '../callbacks/index.js';
import { dispose, getTensorsInContainer } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { compiledState, resetMetrics, type CompiledState } from './compile.js';
import { logsToScalars, prepare, testLoop, toLogs, type Prepared } from './evaluate.js';
import { epochLoop, makeCallbacks } from './fit.js';
import type { History } from './history.js';
import { runTestStep, runTrainStep, stepLogNames, type Figures } from './steps.js';
import type { DatasetLike, EvaluateDatasetArgs, FitDatasetArgs, TensorOrArrayOrMap, TrainableModel } from './types.js';

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
  await epochLoop(
    model, state, callbacks, { epochs, initialEpoch, yieldEvery: args.yieldEvery },
    async (epoch, onBatch) => {
      const it = perEpoch === undefined ? await iterate(dataset, op) : (shared ??= await iterate(dataset, op));
      let logs: Logs = {};
      for (let b = 0; perEpoch === undefined || b < perEpoch; b++) {
        const r = await it.next();
        if (r.done) {
          if (perEpoch !== undefined) {
            console.warn(`${op}: the dataset ended after ${b} of ${perEpoch} batches in epoch ${epoch + 1}; training stops (use dataset.repeat())`);
            model.stopTraining = true;
          }
          break;
        }
        let values: Figures;
        let size = 0;
        try {
          const p = element(model, r.value, op);
          size = p.samples;
          await callbacks.onBatchBegin(b, { batch: b, size });
          values = runTrainStep(model, state, p.layout, p.tensors);
        } finally {
          dispose(getTensorsInContainer(r.value));
        }
        logs = toLogs(stepLogNames(state), values);
        if (await onBatch(b, logs)) break;
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
