// evaluate(): the test step over batches, returning the final loss and metrics as scalars.
import { scalar } from '../ops/tensor_from_values.js';
import type { DType } from '../dtype.js';
import { dispose } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { compiledState, resetMetrics, type CompiledState } from './compile.js';
import { Batcher, flatten, numSamples } from './data.js';
import { runTestStep, stepLogNames, type Figures, type Layout } from './steps.js';
import type { EvaluateArgs, TensorOrArrayOrMap, TrainableModel } from './types.js';
import type { Logs } from '../callbacks/index.js';

/** @internal Prepared (x, y, sampleWeight) tensors and their layout. */
export interface Prepared {
  layout: Layout;
  tensors: Tensor[];
  samples: number;
}

/** @internal Flattens x, y and sample weights into a layout and a tensor list. */
export function prepare(model: TrainableModel, x: TensorOrArrayOrMap, y: TensorOrArrayOrMap, sw: Tensor | null | undefined, op: string): Prepared {
  const fx = flatten(x, model, 'x', op);
  const fy = flatten(y, model, 'y', op);
  const groups = [
    { name: 'x', tensors: fx.tensors },
    { name: 'y', tensors: fy.tensors },
    ...(sw ? [{ name: 'sampleWeight', tensors: [sw] }] : []),
  ];
  const samples = numSamples(groups, op);
  if (sw && sw.rank !== 1) throw new Error(`${op}: sampleWeight must have shape [samples], got [${sw.shape.join(',')}]`);
  return {
    layout: { nx: fx.tensors.length, xArray: fx.isArray, ny: fy.tensors.length, hasWeights: !!sw },
    tensors: [...fx.tensors, ...fy.tensors, ...(sw ? [sw] : [])],
    samples,
  };
}

/** @internal Runs the test step over all batches; returns the final figures by log name. */
export function testLoop(model: TrainableModel, state: CompiledState, p: Prepared, batchSize: number, steps?: number): Logs {
  if (p.samples === 0) throw new Error(`evaluate: no samples to evaluate model '${model.name}' on`);
  resetMetrics(state);
  const batcher = new Batcher(p.tensors, p.samples, batchSize);
  const n = steps === undefined ? batcher.numBatches : Math.min(steps, batcher.numBatches);
  let values: Figures = new Float32Array(0);
  for (let b = 0; b < n; b++) {
    const batch = batcher.batch(b, null);
    try {
      values = runTestStep(model, state, p.layout, batch);
    } finally {
      dispose(batch);
    }
  }
  return toLogs(stepLogNames(state), values);
}

/** @internal Names zipped with figures. */
export function toLogs(names: string[], values: ArrayLike<number>): Logs {
  const logs: Logs = {};
  names.forEach((n, i) => (logs[n] = values[i]!));
  return logs;
}

/** @internal Scalars in log order, of the figures' dtype: one tensor if there is only the loss. */
export function logsToScalars(logs: Logs, dtype: DType = 'float32'): Tensor | Tensor[] {
  const list = Object.values(logs).map((v) => scalar(v, dtype));
  return list.length === 1 ? list[0]! : list;
}

/** @internal Checks a batch size argument. */
export function checkBatchSize(b: number, op: string): number {
  if (!Number.isInteger(b) || b < 1) throw new Error(`${op}: batchSize must be a positive integer, got ${String(b)}`);
  return b;
}

/**
 * Loss and metrics of the model on (x, y) with training=false, batch by batch (model.evaluate).
 * Returns a scalar (loss only) or [loss, ...metrics] in `model.metricsNames` order.
 *
 * @example
 * const model = tp.sequential({ layers: [tp.layers.dense({ units: 1, inputShape: [2] })] });
 * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['mae'] });
 * const [loss, mae] = model.evaluate(tp.ones([10, 2]), tp.zeros([10, 1]), { batchSize: 4 }) as tp.Tensor[];
 * console.log(loss.shape, mae.shape); // [] []
 */
export function evaluateModel(model: TrainableModel, x: TensorOrArrayOrMap, y: TensorOrArrayOrMap, args: EvaluateArgs = {}): Tensor | Tensor[] {
  const state = compiledState(model, 'evaluate');
  const p = prepare(model, x, y, args.sampleWeight, 'evaluate');
  const logs = testLoop(model, state, p, checkBatchSize(args.batchSize ?? 32, 'evaluate'), args.steps);
  model.metricsNames = Object.keys(logs);
  if (args.verbose === 1) console.log(Object.entries(logs).map(([k, v]) => `${k}: ${v.toFixed(4)}`).join(' - '));
  return logsToScalars(logs, state.figuresDType);
}
