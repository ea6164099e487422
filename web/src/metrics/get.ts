// Looking metrics up as Keras's compile does: names (camelCase, snake_case, class names and
// the aliases 'mse', 'mae', 'acc', ...), functions (wrapped in MeanMetricWrapper), classes and
// instances; 'accuracy' / 'acc' and 'crossentropy' / 'ce' pick the binary, sparse or
// categorical variant from the loss and the output shape.
import { LOSS_FUNCTION_NAMES, nameKey, get as getLoss, type LossIdentifier } from '../losses/get.js';
import { Loss, LossFunctionWrapper } from '../losses/loss.js';
import * as lossClasses from '../losses/classes.js';
import { binaryCrossentropy, sparseCategoricalCrossentropy } from '../losses/probabilistic.js';
import * as accuracy from './accuracy.js';
import { AUC } from './auc.js';
import * as lossMetrics from './loss_metrics.js';
import { Metric, type MetricArgs } from './metric.js';
import { Precision, Recall, TruePositives, FalsePositives, TrueNegatives, FalseNegatives } from './precision_recall.js';
import { Mean, MeanMetricWrapper, Sum, functionName, type MetricFn } from './reduction_metrics.js';
import type { DType } from '../dtype.js';

/** What `tp.metrics.get` accepts. */
export type MetricIdentifier = string | Metric | MetricFn | (abstract new (...args: never[]) => Metric) | { className: string; config?: object };

/** What compile knows when it resolves a metric (Keras reads the loss and the output shape). */
export interface MetricContext {
  /** The output's loss, to tell binary / sparse / categorical accuracy apart. */
  loss?: LossIdentifier | null;
  /** The model output's shape (batch dimension included, may be null). */
  outputShape?: readonly (number | null)[];
  /** The labels' shape, when known: then Keras 3's rule (label rank, last dimensions) decides. */
  yTrueShape?: readonly (number | null)[];
  /** The model output's dtype: metrics made from names take it (float64 for a float64 model). */
  dtype?: DType;
}

type MetricClass = (new (args?: MetricArgs & Record<string, unknown>) => Metric) & { className: string };

const METRIC_CLASSES: Record<string, MetricClass> = {};
function register(cls: MetricClass, ...aliases: string[]): void {
  for (const n of [cls.className, ...aliases]) METRIC_CLASSES[nameKey(n)] = cls;
}
register(Mean);
register(Sum);
register(accuracy.Accuracy);
register(accuracy.BinaryAccuracy);
register(accuracy.CategoricalAccuracy);
register(accuracy.SparseCategoricalAccuracy);
register(accuracy.TopKCategoricalAccuracy);
register(accuracy.SparseTopKCategoricalAccuracy);
register(Precision);
register(Recall);
register(TruePositives);
register(FalsePositives);
register(TrueNegatives);
register(FalseNegatives);
register(AUC);
register(lossMetrics.MeanSquaredError, 'mse');
register(lossMetrics.MeanAbsoluteError, 'mae');
register(lossMetrics.MeanAbsolutePercentageError, 'mape');
register(lossMetrics.MeanSquaredLogarithmicError, 'msle');
register(lossMetrics.RootMeanSquaredError);
register(lossMetrics.LogCoshError, 'logcosh', 'log_cosh');
register(lossMetrics.CosineSimilarity, 'cosine_proximity');
register(lossMetrics.BinaryCrossentropy);
register(lossMetrics.CategoricalCrossentropy);
register(lossMetrics.SparseCategoricalCrossentropy);
register(lossMetrics.KLDivergence, 'kld', 'kullback_leibler_divergence');
register(lossMetrics.Poisson);
register(lossMetrics.Hinge);
register(lossMetrics.SquaredHinge);
register(lossMetrics.CategoricalHinge);

const customMetrics = new Map<string, MetricClass | MetricFn>();

/**
 * Makes a custom Metric class (or metric function) known to `get` and `deserialize` by name.
 *
 * @example
 * class Count extends tp.metrics.Metric {
 *   n = this.addWeight('n');
 *   updateState(yTrue: tp.Tensor) { this.n.assignAdd(tp.scalar(yTrue.shape[0] ?? 1)); }
 *   result() { return this.n.mul(1); }
 * }
 * tp.metrics.registerMetric(Count);
 * console.log(tp.metrics.get('Count').name); // Count
 */
export function registerMetric(metricClassOrFn: (abstract new (...args: never[]) => Metric) | MetricFn, name?: string): void {
  const key = name ?? (Object.prototype.hasOwnProperty.call(metricClassOrFn, 'className') ? (metricClassOrFn as unknown as MetricClass).className : metricClassOrFn.name);
  if (!key) throw new Error('registerMetric: give a name for an anonymous class or function');
  customMetrics.set(nameKey(key), metricClassOrFn as MetricClass | MetricFn);
}

function isMetricClass(x: unknown): x is MetricClass {
  return typeof x === 'function' && x.prototype instanceof Metric;
}

function lossIs(loss: LossIdentifier | null | undefined, fn: (...a: never[]) => unknown, cls: typeof lossClasses.BinaryCrossentropy | typeof lossClasses.SparseCategoricalCrossentropy): boolean {
  if (loss === null || loss === undefined) return false;
  let l: Loss;
  try {
    l = getLoss(loss);
  } catch {
    return false;
  }
  return l instanceof cls || (l instanceof LossFunctionWrapper && l.fn === (fn as unknown));
}

type Kind = 'binary' | 'sparse' | 'categorical';

/** @internal Keras's choice of accuracy / crossentropy variant for an output. */
export function chooseVariant(context: MetricContext): Kind {
  const out = context.outputShape;
  const last = out && out.length > 0 ? out[out.length - 1] : undefined;
  const yt = context.yTrueShape;
  if (yt && out) {
    // tf.keras 2.x compile_utils: from the shapes of labels and outputs.
    const ytLast = yt.length > 0 ? yt[yt.length - 1] : undefined;
    if (last === 1) return 'binary';
    if (yt.length < out.length || (ytLast === 1 && last !== 1)) return 'sparse';
    return 'categorical';
  }
  // Keras's get_metric_function: the output's last dimension and the loss.
  if (last === 1 || lossIs(context.loss, binaryCrossentropy, lossClasses.BinaryCrossentropy)) return 'binary';
  if (lossIs(context.loss, sparseCategoricalCrossentropy, lossClasses.SparseCategoricalCrossentropy)) return 'sparse';
  return 'categorical';
}

function fromName(name: string, context: MetricContext, config: Record<string, unknown> = {}): Metric {
  const lower = name.toLowerCase();
  const args = { ...(context.dtype === 'float64' ? { dtype: context.dtype } : {}), ...config, name: (config.name as string | undefined) ?? name };
  if (lower === 'accuracy' || lower === 'acc') {
    const kind = chooseVariant(context);
    return kind === 'binary' ? new accuracy.BinaryAccuracy(args) : kind === 'sparse' ? new accuracy.SparseCategoricalAccuracy(args) : new accuracy.CategoricalAccuracy(args);
  }
  if (lower === 'crossentropy' || lower === 'ce') {
    const kind = chooseVariant(context);
    return kind === 'binary'
      ? new lossMetrics.BinaryCrossentropy(args)
      : kind === 'sparse'
        ? new lossMetrics.SparseCategoricalCrossentropy(args)
        : new lossMetrics.CategoricalCrossentropy(args);
  }
  const custom = customMetrics.get(nameKey(name));
  if (custom !== undefined) return isMetricClass(custom) ? new custom(args) : new MeanMetricWrapper(custom, args);
  const cls = METRIC_CLASSES[nameKey(name)];
  if (cls === undefined) {
    // Any built-in loss function streams as its mean, as Keras accepts loss names as metrics.
    const lossFn = [...LOSS_FUNCTION_NAMES].find(([, n]) => nameKey(n) === nameKey(name))?.[0];
    if (lossFn !== undefined) return new MeanMetricWrapper(lossFn as MetricFn, args);
  }
  if (cls === undefined)
    throw new Error(
      `metrics.get: unknown metric '${name}'; known: accuracy, acc, crossentropy, ${Object.values(METRIC_CLASSES)
        .filter((c, i, all) => all.indexOf(c) === i)
        .map((c) => c.className)
        .join(', ')}, aliases mse, mae, mape, msle, kld, logcosh (camelCase and snake_case also work), or register it with tp.metrics.registerMetric`,
    );
  return new cls(args);
}

/**
 * A Metric from a name, function, class, instance or {className, config}, as Keras's compile
 * resolves `metrics=[...]`. A name becomes the metric's name (so logs read 'accuracy', 'mse');
 * a function is wrapped in MeanMetricWrapper named after it; 'accuracy' / 'acc' choose binary
 * accuracy for a last output dimension of 1 or a binary cross-entropy loss, sparse categorical
 * accuracy for a sparse categorical cross-entropy loss, else categorical accuracy.
 *
 * @example
 * const acc = tp.metrics.get('accuracy', { loss: 'sparse_categorical_crossentropy', outputShape: [null, 10] });
 * console.log(acc instanceof tp.metrics.SparseCategoricalAccuracy, acc.name); // true accuracy
 * console.log(tp.metrics.get('mse').name); // mse
 * console.log(tp.metrics.get(tp.losses.meanAbsoluteError).name); // mean_absolute_error
 */
export function get(identifier: MetricIdentifier, context: MetricContext = {}): Metric {
  if (identifier instanceof Metric) return identifier;
  if (typeof identifier === 'string') return fromName(identifier, context);
  if (isMetricClass(identifier)) return new identifier();
  if (typeof identifier === 'function') return new MeanMetricWrapper(identifier as MetricFn, functionName(identifier as MetricFn));
  if (typeof identifier === 'object' && identifier !== null && typeof identifier.className === 'string') return deserialize(identifier, {}, context);
  throw new Error(`metrics.get: expected a metric name, function, Metric or {className, config}, got ${identifier === null ? 'null' : typeof identifier}`);
}

/**
 * {className, config} of a metric (Keras's serialize).
 *
 * @example
 * console.log(tp.metrics.serialize(new tp.metrics.AUC({ numThresholds: 50 })).className); // AUC
 */
export function serialize(metric: Metric): { className: string; config: object } {
  const ctor = metric.constructor as unknown as { className?: string; name: string };
  const className = Object.prototype.hasOwnProperty.call(ctor, 'className') && ctor.className ? ctor.className : ctor.name;
  return { className, config: metric.getConfig() };
}

/**
 * The metric `serialize` described; `customObjects` maps class or function names to your own.
 *
 * @example
 * const m = tp.metrics.deserialize({ className: 'BinaryAccuracy', config: { name: 'acc', threshold: 0.7 } });
 * console.log(m.name, (m as tp.metrics.BinaryAccuracy).threshold); // acc 0.7
 */
export function deserialize(
  spec: { className: string; config?: object },
  customObjects: Record<string, (abstract new (...args: never[]) => Metric) | MetricFn> = {},
  context: MetricContext = {},
): Metric {
  const config = (spec.config ?? {}) as Record<string, unknown>;
  const custom = customObjects[spec.className];
  if (custom !== undefined) return isMetricClass(custom) ? new custom(config) : new MeanMetricWrapper(custom as MetricFn, config);
  if (spec.className === 'MeanMetricWrapper') {
    const fnName = config.fn;
    const fn = typeof fnName === 'string' ? (customObjects[fnName] ?? customMetrics.get(nameKey(fnName))) : undefined;
    if (typeof fn === 'function' && !isMetricClass(fn)) return new MeanMetricWrapper(fn as MetricFn, { name: config.name as string | undefined });
    if (typeof fnName === 'string') return fromName(fnName, context, { name: config.name });
  }
  return fromName(spec.className, context, config);
}
