// The train, test and predict steps. Each is one JS function of tensors that uses only tensor ops
// and variable assignments, so tp.function can trace it once per batch shape and replay it as one
// call into WASM (forward, loss, regularization, backward, clipping, update, constraints and metric
// updates together); with runEagerly the same function runs op by op.
import { GradientTape } from '../autodiff/gradient_tape.js';
import { tracedFunction, type TracedFunction } from '../graph/function.js';
import { tidy } from '../memory.js';
import { mul } from '../ops/binary.js';
import { addN } from '../ops/math_composites.js';
import { stack } from '../ops/assemble.js';
import { cast } from '../ops/unary.js';
import { gather } from '../ops/gather_scatter.js';
import { tensor } from '../ops/tensor_from_values.js';
import { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { logNames, outputNamesOf, resolveOutputs, type CompiledState } from './compile.js';
import type { TrainableModel } from './types.js';

/** @internal How a batch is laid out as the flat tensor arguments of a step. */
export interface Layout {
  /** Number of input tensors and whether the model gets them as an array. */
  nx: number;
  xArray: boolean;
  ny: number;
  hasWeights: boolean;
  /**
   * The arguments are the whole data set plus an int32 vector of row indices (the batch, in
   * shuffled order): the batch is gathered inside the step, so selection is part of the one call.
   */
  indexed?: boolean;
}

function layoutKey(kind: string, l: Layout): string {
  return `${kind}:${l.nx}:${l.xArray}:${l.ny}:${l.hasWeights}:${l.indexed === true}`;
}

function asList(y: unknown, model: TrainableModel): Tensor[] {
  const list = Array.isArray(y) ? y : [y];
  for (const t of list)
    if (!(t instanceof Tensor)) throw new Error(`model '${model.name}': apply() returned ${typeof t}, expected tensors`);
  return list as Tensor[];
}

function forward(model: TrainableModel, l: Layout, args: Tensor[], training: boolean): Tensor[] {
  const xs = args.slice(0, l.nx);
  return asList(model.apply(l.xArray ? xs : xs[0]!, { training }), model);
}

/** The total loss (weighted output losses + model.losses) and each output's own loss. */
function computeLoss(state: CompiledState, model: TrainableModel, ys: Tensor[], preds: Tensor[], sw: Tensor | null) {
  if (!state.outputs) state.outputs = resolveOutputs(state, outputNamesOf(model, preds.length), preds.map((p) => p.shape), preds.map((p) => p.dtype));
  const outs = state.outputs;
  if (outs.length !== preds.length)
    throw new Error(`model '${model.name}' returned ${preds.length} outputs but was compiled for ${outs.length} (${outs.map((o) => o.name).join(', ')})`);
  if (ys.length !== preds.length)
    throw new Error(`model '${model.name}': got ${ys.length} target tensors for ${preds.length} outputs (${outs.map((o) => o.name).join(', ')})`);
  const terms: Tensor[] = [];
  const perOutput: (Tensor | null)[] = outs.map((o, i) => {
    if (!o.loss) return null;
    const value = o.loss.apply(ys[i]!, preds[i]!, sw);
    terms.push(o.lossWeight === 1 ? value : mul(value, o.lossWeight));
    return value;
  });
  // Regularization and addLoss terms count in training and evaluation alike, as in Keras.
  const extra = model.losses;
  if (extra.length > 0) terms.push(addN(extra));
  if (terms.length === 0) throw new Error(`model '${model.name}': no output has a loss`);
  const total = terms.length === 1 ? terms[0]! : addN(terms);
  return { total, perOutput };
}

/** The figures of a step (loss, metrics) in logNames order: float64 for a float64 model. */
export type Figures = Float32Array | Float64Array;

/**
 * Updates trackers and metrics; returns every figure, in logNames order, as one vector of the
 * loss's dtype (float64 for a float64 model, else float32).
 */
function updateFigures(state: CompiledState, ys: Tensor[], preds: Tensor[], sw: Tensor | null, total: Tensor, perOutput: (Tensor | null)[]): Tensor {
  const dtype = total.dtype === 'float64' ? 'float64' : 'float32';
  const batch = preds[0]!.shape[0] ?? 1;
  state.lossTracker.updateState(total, batch);
  const outs = state.outputs!;
  outs.forEach((o, i) => o.lossTracker?.updateState(perOutput[i]!, batch));
  outs.forEach((o, i) => o.metrics.forEach(({ metric }) => metric.updateState(ys[i]!, preds[i]!, sw)));
  const figures: Tensor[] = [state.lossTracker.result()];
  for (const o of outs) if (o.lossTracker) figures.push(o.lossTracker.result());
  for (const o of outs) for (const { metric } of o.metrics) figures.push(metric.result());
  return stack(figures.map((f) => (f.rank === 0 ? f : f.reshape([]))).map((f) => (f.dtype === dtype ? f : cast(f, dtype))));
}

function split(l: Layout, args: Tensor[]) {
  const ys = args.slice(l.nx, l.nx + l.ny);
  const sw = l.hasWeights ? args[l.nx + l.ny]! : null;
  return { ys, sw };
}

/** The batch's tensors: the arguments, or their rows at the index vector (the last argument). */
function select(l: Layout, args: Tensor[]): Tensor[] {
  if (!l.indexed) return args;
  const idx = args[args.length - 1]!;
  return args.slice(0, -1).map((t) => gather(t, idx));
}

function trainStep(model: TrainableModel, state: CompiledState, l: Layout) {
  return (...all: Tensor[]): Tensor => {
    const args = select(l, all);
    const { ys, sw } = split(l, args);
    const tape = new GradientTape();
    const { preds, total, perOutput } = tape.record(() => {
      const p = forward(model, l, args, true);
      return { preds: p, ...computeLoss(state, model, ys, p, sw) };
    });
    const vars: Variable[] = model.trainableWeights;
    const grads = tape.gradient(total, vars);
    const pairs: [Tensor, Variable][] = [];
    grads.forEach((g, i) => {
      if (g) pairs.push([g, vars[i]!]);
    });
    if (pairs.length > 0) state.optimizer.applyGradients(pairs);
    return updateFigures(state, ys, preds, sw, total, perOutput);
  };
}

function testStep(model: TrainableModel, state: CompiledState, l: Layout) {
  return (...all: Tensor[]): Tensor => {
    const args = select(l, all);
    const { ys, sw } = split(l, args);
    const preds = forward(model, l, args, false);
    const { total, perOutput } = computeLoss(state, model, ys, preds, sw);
    return updateFigures(state, ys, preds, sw, total, perOutput);
  };
}

function getFunction(state: CompiledState, key: string, make: () => (...a: Tensor[]) => unknown): TracedFunction<Tensor[], unknown> {
  let f = state.functions.get(key);
  if (!f) {
    f = tracedFunction(make());
    state.functions.set(key, f);
  }
  return f;
}

/**
 * @internal Runs one training step on a batch laid out as `l`; returns the running figures
 * (loss, output losses, metrics) in `stepLogNames` order. Compiled unless runEagerly.
 */
export function runTrainStep(model: TrainableModel, state: CompiledState, l: Layout, args: Tensor[]): Figures {
  return runFigures(state, 'train', l, args, () => trainStep(model, state, l));
}

/**
 * @internal Runs `steps` compiled training steps on an indexed layout in (at most) two engine
 * calls: `rows` holds the batches' row indices back to back (`steps` batches of `k` rows). The
 * arguments are the whole data set; returns the running figures after the last step, exactly as
 * `steps` runTrainStep calls would (each step sees the previous steps' variable updates).
 */
export function runTrainSteps(model: TrainableModel, state: CompiledState, l: Layout, data: Tensor[], rows: Int32Array, steps: number): Figures {
  if (!l.indexed || state.runEagerly) throw new Error('runTrainSteps: needs a compiled, indexed layout');
  const k = rows.length / steps;
  const f = getFunction(state, layoutKey('train', l), () => trainStep(model, state, l));
  const replay = (from: number): Figures | null => {
    const block = tensor(rows.subarray(from * k), [steps - from, k], 'int32');
    try {
      const out = tidy(() => f.runSteps(...data, block) as Tensor | null);
      return out ? figuresOf(state, out) : null;
    } finally {
      block.dispose();
    }
  };
  const all = replay(0);
  if (all) return all;
  // Not traced yet: the first batch traces the step, the others replay the trace.
  const idx = tensor(rows.subarray(0, k), [k], 'int32');
  let first: Figures;
  try {
    first = runFigures(state, 'train', l, [...data, idx], () => trainStep(model, state, l));
  } finally {
    idx.dispose();
  }
  return steps === 1 ? first : replay(1)!;
}

/** @internal Same for the test step (no gradient, training=false). */
export function runTestStep(model: TrainableModel, state: CompiledState, l: Layout, args: Tensor[]): Figures {
  return runFigures(state, 'test', l, args, () => testStep(model, state, l));
}

function runFigures(state: CompiledState, kind: string, l: Layout, args: Tensor[], make: () => (...a: Tensor[]) => Tensor): Figures {
  const step = state.runEagerly ? make() : getFunction(state, layoutKey(kind, l), make);
  return figuresOf(state, tidy(() => step(...args) as Tensor));
}

/** Reads (and disposes) a step's figures vector. */
function figuresOf(state: CompiledState, out: Tensor): Figures {
  try {
    state.figuresDType = out.dtype === 'float64' ? 'float64' : 'float32';
    return out.dataSync() as Figures;
  } finally {
    out.dispose();
  }
}

/** @internal The compiled train step for a layout (for inspection: traceCount, getConcreteFunction). */
export function trainFunction(model: TrainableModel, state: CompiledState, l: Layout): TracedFunction<Tensor[], unknown> {
  return getFunction(state, layoutKey('train', l), () => trainStep(model, state, l));
}

/** @internal Log names of the figures the steps return. */
export function stepLogNames(state: CompiledState): string[] {
  return state.outputs ? logNames(state.outputs) : ['loss'];
}

// predict works on uncompiled models too, so its compiled functions live per model here.
const predictFunctions = new WeakMap<object, Map<string, TracedFunction<Tensor[], unknown>>>();

/** @internal Runs the model on one batch with training=false (compiled unless runEagerly); returns what the model returns. */
export function runPredictStep(model: TrainableModel, state: CompiledState | undefined, l: Layout, xs: Tensor[]): Tensor | Tensor[] {
  const fn = (...a: Tensor[]) => model.apply(l.xArray ? a : a[0]!, { training: false }) as Tensor | Tensor[];
  if (state?.runEagerly) return tidy(() => fn(...xs));
  let map = predictFunctions.get(model);
  if (!map) predictFunctions.set(model, (map = new Map()));
  // A model that gained layers since (Sequential.add) gets a new trace.
  const key = `${layoutKey('predict', l)}:${model.trainableWeights.length}`;
  let f = map.get(key);
  if (!f) map.set(key, (f = tracedFunction(fn)));
  const g = f;
  return tidy(() => g(...xs) as Tensor | Tensor[]);
}
