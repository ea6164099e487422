// compile(): resolves the optimizer, the loss of each output, loss weights and metrics into the
// state the training steps use. Outputs unknown at compile time (subclassed models) are resolved on
// the first step, from the predictions' shapes (inside the first trace, which may create variables).
import * as losses from '../losses/index.js';
import * as metrics from '../metrics/index.js';
import * as optimizers from '../optimizers/index.js';
import type { Loss } from '../losses/index.js';
import type { Metric } from '../metrics/index.js';
import type { Optimizer } from '../optimizers/index.js';
import type { TracedFunction } from '../graph/function.js';
import type { Tensor } from '../tensor.js';
import type { DType } from '../dtype.js';
import { MeanTracker } from './mean_tracker.js';
import type { CompileArgs, LossIdentifier, MetricIdentifier, TrainableModel } from './types.js';

/** @internal One model output: its loss, weight, loss tracker and metrics. */
export interface OutputSpec {
  name: string;
  loss: Loss | null;
  lossWeight: number;
  /** The unweighted loss of this output, logged as `<output>_loss` when there are several outputs. */
  lossTracker: MeanTracker | null;
  metrics: { logName: string; metric: Metric }[];
}

/** @internal What compile() leaves for fit/evaluate/predict. */
export interface CompiledState {
  args: CompileArgs;
  optimizer: Optimizer;
  runEagerly: boolean;
  lossTracker: MeanTracker;
  outputs: OutputSpec[] | null;
  /** dtype of the last step's figures (the loss's: float64 for a float64 model). */
  figuresDType?: 'float32' | 'float64';
  /** Batches per engine call that automatic chunking last settled on (kept across fit calls). */
  autoChunk?: number;
  /** Compiled steps, one tp.function per argument layout; each traces once per batch shape. */
  functions: Map<string, TracedFunction<Tensor[], unknown>>;
}

const states = new WeakMap<object, CompiledState>();

/** @internal The compiled state of `model`, or an error naming the call that needs it. */
export function compiledState(model: TrainableModel, op: string): CompiledState {
  const s = states.get(model);
  if (!s) throw new Error(`${op}: model '${model.name}' is not compiled; call model.compile({optimizer, loss}) first`);
  return s;
}

/** @internal The compiled state if any (predict works without compile). */
export function maybeCompiledState(model: TrainableModel): CompiledState | undefined {
  return states.get(model);
}

function idName(id: LossIdentifier | MetricIdentifier): string {
  if (typeof id === 'string') return id;
  if (typeof id === 'function') return id.name || 'metric';
  return id.name;
}

function describeId(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x;
}

function isLossId(x: unknown): x is LossIdentifier {
  return typeof x === 'string' || typeof x === 'function' || (typeof x === 'object' && x !== null && typeof (x as Loss).apply === 'function');
}

function perOutput<T>(
  spec: T | T[] | { [name: string]: T } | undefined,
  names: string[],
  field: string,
  isSingle: (x: unknown) => boolean,
): (T | undefined)[] {
  if (spec === undefined) return names.map(() => undefined);
  if (Array.isArray(spec) && !isSingle(spec)) {
    if (spec.length !== names.length)
      throw new Error(`compile: '${field}' has ${spec.length} entries but the model has ${names.length} outputs (${names.join(', ')})`);
    return spec;
  }
  if (!isSingle(spec) && typeof spec === 'object' && spec !== null) {
    const map = spec as { [name: string]: T };
    for (const k of Object.keys(map))
      if (!names.includes(k)) throw new Error(`compile: '${field}' names output '${k}', but the outputs are ${names.join(', ')}`);
    return names.map((n) => map[n]);
  }
  return names.map(() => spec as T);
}

/** @internal Resolves losses and metrics for `names.length` outputs with the given shapes. */
export function resolveOutputs(state: CompiledState, names: string[], shapes: (number | null)[][], dtypes: readonly DType[] = []): OutputSpec[] {
  const { args } = state;
  const lossIds = perOutput<LossIdentifier | null>(args.loss, names, 'loss', (x) => isLossId(x) || x === null);
  const weights = perOutput<number>(args.lossWeights, names, 'lossWeights', (x) => typeof x === 'number');
  // A flat metric list applies to every output; a list of lists or a map is per output.
  let metricIds: (MetricIdentifier | MetricIdentifier[] | undefined)[];
  let shared = false;
  const m = args.metrics;
  if (m === undefined) metricIds = names.map(() => undefined);
  else if (Array.isArray(m)) {
    const nested = m.length > 0 && m.every((e) => Array.isArray(e));
    if (nested && names.length > 1) metricIds = perOutput(m as MetricIdentifier[][], names, 'metrics', () => false);
    else {
      shared = names.length > 1;
      const flat = nested ? (m as MetricIdentifier[][]).flat() : (m as MetricIdentifier[]);
      metricIds = names.map(() => flat);
    }
  } else metricIds = perOutput(m, names, 'metrics', (x) => Array.isArray(x) || isLossId(x));
  const multi = names.length > 1;
  return names.map((name, i) => {
    const lid = lossIds[i];
    const loss = lid === undefined || lid === null ? null : losses.get(lid);
    const ids = metricIds[i];
    const list = ids === undefined ? [] : Array.isArray(ids) ? ids : [ids];
    const metricObjs = list.map((id) => {
      if (shared && typeof id === 'object')
        throw new Error(`compile: metric object '${id.name}' in a flat list would be shared by ${names.length} outputs; give metrics per output (array of arrays or {outputName: [...]})`);
      const metric = metrics.get(id, { ...(loss ? { loss } : {}), outputShape: shapes[i]!, ...(dtypes[i] ? { dtype: dtypes[i] } : {}) });
      return { logName: multi ? `${name}_${idName(id)}` : idName(id), metric };
    });
    const w = weights[i] ?? 1;
    if (typeof w !== 'number' || !Number.isFinite(w)) throw new Error(`compile: lossWeights for output '${name}' must be a finite number, got ${String(w)}`);
    return { name, loss, lossWeight: w, lossTracker: multi && loss ? new MeanTracker(`${name}_loss`) : null, metrics: metricObjs };
  });
}

/** @internal Log names in the order the steps return their figures (Keras's metrics_names). */
export function logNames(outputs: OutputSpec[]): string[] {
  const names = ['loss'];
  for (const o of outputs) if (o.lossTracker) names.push(`${o.name}_loss`);
  for (const o of outputs) for (const m of o.metrics) names.push(m.logName);
  return names;
}

/** @internal Output names: the model's, else output_1, output_2, ... */
export function outputNamesOf(model: TrainableModel, n: number): string[] {
  const names = model.outputNames;
  if (names && names.length === n) return names;
  return Array.from({ length: n }, (_, i) => `output_${i + 1}`);
}

/**
 * Configures `model` for training (model.compile): the optimizer (a name such as 'adam' or an
 * Optimizer), the loss (name, Loss or function; per output for several outputs), optional
 * lossWeights and metrics ('accuracy' picks binary/categorical/sparse from the loss and output
 * shape, as Keras). By default each training step runs compiled, one tp.function call per batch;
 * `runEagerly: true` runs the same step as plain JS. `stepsPerExecution` (Keras's
 * steps_per_execution; default 'auto') sets how many batches fit runs per engine call.
 *
 * @example
 * const model = tp.sequential({ layers: [tp.layers.dense({ units: 1, inputShape: [3] })] });
 * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['mae'] });
 */
export function compileModel(model: TrainableModel, args: CompileArgs): void {
  if (typeof args !== 'object' || args === null) throw new Error(`compile: expected {optimizer, loss, metrics?}, got ${describeId(args)}`);
  if (args.optimizer === undefined || args.optimizer === null) throw new Error(`compile: model '${model.name}' needs an optimizer (a name such as 'adam', or an optimizer object)`);
  if (args.loss === undefined) throw new Error(`compile: model '${model.name}' needs a loss (a name such as 'meanSquaredError', a Loss or a function)`);
  const spe = args.stepsPerExecution;
  if (spe !== undefined && spe !== 'auto' && !(Number.isInteger(spe) && spe >= 1))
    throw new Error(`compile: stepsPerExecution must be a positive integer or 'auto', got ${typeof spe === 'number' ? spe : describeId(spe)}`);
  const old = states.get(model);
  if (old) disposeState(old);
  const optimizer = optimizers.get(args.optimizer);
  const state: CompiledState = {
    args,
    optimizer,
    runEagerly: args.runEagerly ?? false,
    lossTracker: new MeanTracker('loss'),
    outputs: null,
    functions: new Map(),
  };
  let symbolic: { shape: (number | null)[]; dtype?: DType }[] | undefined;
  try {
    symbolic = model.outputs; // functional and built sequential models know their outputs
  } catch {
    symbolic = undefined;
  }
  if (symbolic && symbolic.length > 0) {
    state.outputs = resolveOutputs(state, outputNamesOf(model, symbolic.length), symbolic.map((s) => s.shape), symbolic.map((s) => s.dtype ?? 'float32'));
  }
  states.set(model, state);
  model.optimizer = optimizer;
  model.loss = args.loss;
  model.compiledMetrics = args.metrics;
  model.metricsNames = state.outputs ? logNames(state.outputs) : ['loss'];
}

/** @internal Frees the variables compile created (trackers, metrics). */
export function disposeState(state: CompiledState): void {
  state.lossTracker.dispose();
  for (const o of state.outputs ?? []) {
    o.lossTracker?.dispose();
    for (const m of o.metrics) m.metric.dispose();
  }
  state.functions.clear();
}

/** @internal Resets the loss trackers and metrics (start of each epoch and evaluation). */
export function resetMetrics(state: CompiledState): void {
  state.lossTracker.resetState();
  for (const o of state.outputs ?? []) {
    o.lossTracker?.resetState();
    for (const m of o.metrics) m.metric.resetState();
  }
}
