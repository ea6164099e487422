// Mean, Sum and MeanMetricWrapper (keras.metrics reduction metrics): the weighted running mean
// that most Keras metrics are, with Keras 3's per-sample reduction of values and weights.
import type { TensorLike } from '../convert.js';
import type { DType } from '../dtype.js';
import { LOSS_FUNCTION_NAMES } from '../losses/get.js';
import { asTensor, divNoNan, squeezeOrExpandToSameRank } from '../losses/utils.js';
import { mul } from '../ops/binary.js';
import { mean, sum } from '../ops/reduction.js';
import { broadcastTo } from '../ops/shape.js';
import { scalar } from '../ops/tensor_from_values.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { Metric, type MetricArgs, type MetricConfig } from './metric.js';

/** A metric function: labels and predictions in, per-sample values out. */
export type MetricFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/**
 * @internal Keras's reduce_to_samplewise_values: values reduced to one per sample (the first
 * axis), weighted by sampleWeight broadcast to them; returns the weights reduced the same way.
 */
export function reduceToSamplewiseValues(
  values: TensorLike,
  sampleWeight: TensorLike | null | undefined,
  reduce: (x: Tensor, axis: number[]) => Tensor,
  dtype: DType,
  where: string,
): [Tensor, Tensor | null] {
  let v = asTensor(values, dtype);
  let sw: Tensor | null = null;
  if (sampleWeight !== null && sampleWeight !== undefined) {
    sw = asTensor(sampleWeight, dtype);
    [v, sw] = squeezeOrExpandToSameRank(v, sw);
    if (v.rank > sw.rank) v = reduce(v, range(sw.rank, v.rank));
    const ok = sw.rank === v.rank && sw.shape.every((d, i) => d === v.shape[i] || d === 1);
    if (!ok && sw.rank !== 0)
      throw new Error(`${where}: sampleWeight of shape [${sw.shape.join(',')}] does not broadcast to the values of shape [${v.shape.join(',')}]`);
    sw = broadcastTo(sw, v.shape);
    v = mul(v, sw);
    if (sw.rank > 1) sw = reduce(sw, range(1, sw.rank));
  }
  if (v.rank > 1) v = reduce(v, range(1, v.rank));
  return [v, sw];
}

/**
 * The weighted mean of all values seen (keras.metrics.Mean): `updateState(values, sampleWeight?)`
 * adds Σ w·v to `total` and Σ w (or the number of samples) to `count`; the result is
 * total / count, 0 before any update.
 *
 * @example
 * const m = new tp.metrics.Mean();
 * m.updateState([1, 3, 5, 7]);
 * m.result().print(); // 4
 * m.resetState();
 * m.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
 * m.result().print(); // 2
 */
export class Mean extends Metric {
  static override className = 'Mean';
  readonly total: Variable;
  readonly count: Variable;

  constructor(args: MetricArgs = {}) {
    super({ ...args, name: args.name ?? 'mean' });
    this.total = this.addWeight('total');
    this.count = this.addWeight('count');
  }

  updateState(values: TensorLike, sampleWeight?: TensorLike | null): void {
    const [v, sw] = reduceToSamplewiseValues(values, sampleWeight, (x, axis) => mean(x, axis), this.dtype, `metric '${this.name}'`);
    this.total.assignAdd(sum(v));
    this.count.assignAdd(sw !== null ? sum(sw) : scalar(v.rank >= 1 ? v.shape[0]! : 1, this.dtype));
  }

  result(): Tensor {
    return divNoNan(this.total, this.count);
  }
}

/**
 * The weighted sum of all values seen (keras.metrics.Sum).
 *
 * @example
 * const s = new tp.metrics.Sum();
 * s.updateState([1, 3, 5, 7]);
 * s.result().print(); // 16
 */
export class Sum extends Metric {
  static override className = 'Sum';
  readonly total: Variable;

  constructor(args: MetricArgs = {}) {
    super({ ...args, name: args.name ?? 'sum' });
    this.total = this.addWeight('total');
  }

  updateState(values: TensorLike, sampleWeight?: TensorLike | null): void {
    const [v] = reduceToSamplewiseValues(values, sampleWeight, (x, axis) => sum(x, axis), this.dtype, `metric '${this.name}'`);
    this.total.assignAdd(sum(v));
  }

  result(): Tensor {
    return this.total;
  }
}

/** @internal Keras names of the built-in metric functions (filled by the files defining them). */
export const METRIC_FUNCTION_NAMES = new Map<unknown, string>();

/** The Keras name of a metric/loss function: built-ins by their snake_case name, others by fn.name. */
export function functionName(fn: (...args: never[]) => unknown): string {
  return METRIC_FUNCTION_NAMES.get(fn) ?? LOSS_FUNCTION_NAMES.get(fn as never) ?? (fn.name !== '' ? fn.name : 'mean_metric_wrapper');
}

/**
 * The running weighted mean of a per-sample function of (yTrue, yPred) (keras.metrics.
 * MeanMetricWrapper): turns any loss or metric function into a streaming metric. Labels and
 * predictions are cast to the metric's dtype first; the name defaults to the function's.
 *
 * @example
 * const m = new tp.metrics.MeanMetricWrapper(tp.losses.meanAbsoluteError, 'mae');
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);
 * m.result().print(); // 0.25
 */
export class MeanMetricWrapper extends Mean {
  static override className = 'MeanMetricWrapper';
  /** The wrapped per-sample function. */
  readonly fn: MetricFn;

  constructor(fn: MetricFn, nameOrArgs: string | MetricArgs = {}) {
    if (typeof fn !== 'function') throw new Error(`MeanMetricWrapper: expected a function (yTrue, yPred) => Tensor, got ${typeof fn}`);
    const args = typeof nameOrArgs === 'string' ? { name: nameOrArgs } : nameOrArgs;
    super({ ...args, name: args.name ?? functionName(fn) });
    this.fn = fn;
  }

  override updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    if (yPred === undefined || yPred === null) throw new Error(`metric '${this.name}': updateState needs yTrue and yPred`);
    const values = this.fn(asTensor(yTrue, this.dtype), asTensor(yPred, this.dtype));
    super.updateState(values, sampleWeight);
  }

  override getConfig(): MetricConfig {
    // Built-in subclasses are rebuilt from their class name; a bare wrapper needs its function.
    return this.constructor === MeanMetricWrapper ? { ...super.getConfig(), fn: functionName(this.fn) } : super.getConfig();
  }
}
