// Looking losses up by name (keras.losses.get) and (de)serializing them as {className, config}.
// Names match camelCase, snake_case and class spellings alike ('meanSquaredError',
// 'mean_squared_error', 'MeanSquaredError') plus Keras's short aliases ('mse', 'kld', ...).
import * as classes from './classes.js';
import { categoricalHinge, hinge, squaredHinge } from './hinge.js';
import { Loss, LossFunctionWrapper, type LossArgs } from './loss.js';
import { binaryCrossentropy, categoricalCrossentropy, klDivergence, poisson, sparseCategoricalCrossentropy } from './probabilistic.js';
import {
  cosineSimilarity,
  huber,
  logCosh,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  meanSquaredLogarithmicError,
  type LossFn,
} from './regression.js';

/** What `tp.losses.get` accepts. */
export type LossIdentifier = string | Loss | LossFn | { className: string; config?: object };

type LossClass = (new (args?: LossArgs & Record<string, unknown>) => Loss) & { className: string };

/** @internal The lookup key of a name: lower case without underscores. */
export function nameKey(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

const LOSS_CLASSES: Record<string, LossClass> = {};
function register(cls: LossClass, ...aliases: string[]): void {
  for (const n of [cls.className, ...aliases]) LOSS_CLASSES[nameKey(n)] = cls;
}
register(classes.MeanSquaredError, 'mse');
register(classes.MeanAbsoluteError, 'mae');
register(classes.MeanAbsolutePercentageError, 'mape');
register(classes.MeanSquaredLogarithmicError, 'msle');
register(classes.Huber, 'huber_loss');
register(classes.LogCosh);
register(classes.BinaryCrossentropy);
register(classes.CategoricalCrossentropy);
register(classes.SparseCategoricalCrossentropy);
register(classes.CosineSimilarity, 'cosine_proximity', 'cosine');
register(classes.Hinge);
register(classes.SquaredHinge);
register(classes.CategoricalHinge);
register(classes.KLDivergence, 'kld', 'kullback_leibler_divergence');
register(classes.Poisson);

/**
 * Keras's snake_case name of each built-in loss function (what a metric wrapping it is called).
 * @internal
 */
export const LOSS_FUNCTION_NAMES = new Map<LossFn | ((...a: never[]) => unknown), string>([
  [meanSquaredError, 'mean_squared_error'],
  [meanAbsoluteError, 'mean_absolute_error'],
  [meanAbsolutePercentageError, 'mean_absolute_percentage_error'],
  [meanSquaredLogarithmicError, 'mean_squared_logarithmic_error'],
  [huber, 'huber'],
  [logCosh, 'log_cosh'],
  [cosineSimilarity, 'cosine_similarity'],
  [binaryCrossentropy, 'binary_crossentropy'],
  [categoricalCrossentropy, 'categorical_crossentropy'],
  [sparseCategoricalCrossentropy, 'sparse_categorical_crossentropy'],
  [klDivergence, 'kl_divergence'],
  [poisson, 'poisson'],
  [hinge, 'hinge'],
  [squaredHinge, 'squared_hinge'],
  [categoricalHinge, 'categorical_hinge'],
]);

const customLosses = new Map<string, LossClass | LossFn>();

/**
 * Makes a custom Loss class (or loss function) known to `get` and `deserialize` by name, as
 * Keras's `custom_objects` / `register_keras_serializable` do.
 *
 * @example
 * class MyLoss extends tp.losses.Loss {
 *   call(yTrue: tp.Tensor, yPred: tp.Tensor) { return tp.abs(yTrue.sub(yPred)); }
 * }
 * tp.losses.registerLoss(MyLoss);
 * console.log(tp.losses.get('MyLoss') instanceof MyLoss); // true
 */
export function registerLoss(lossClassOrFn: (abstract new (...args: never[]) => Loss) | LossFn, name?: string): void {
  const key = name ?? (Object.prototype.hasOwnProperty.call(lossClassOrFn, 'className') ? (lossClassOrFn as unknown as LossClass).className : lossClassOrFn.name);
  if (!key) throw new Error('registerLoss: give a name for an anonymous class or function');
  customLosses.set(nameKey(key), lossClassOrFn as LossClass | LossFn);
}

function isLossClass(x: unknown): x is LossClass {
  return typeof x === 'function' && x.prototype instanceof Loss;
}

function fromName(name: string, config: Record<string, unknown> = {}): Loss {
  const custom = customLosses.get(nameKey(name));
  if (custom !== undefined) return isLossClass(custom) ? new custom(config) : new LossFunctionWrapper(custom, { name, ...config });
  const cls = LOSS_CLASSES[nameKey(name)];
  if (cls === undefined)
    throw new Error(
      `losses.get: unknown loss '${name}'; known: ${Object.values(LOSS_CLASSES)
        .filter((c, i, all) => all.indexOf(c) === i)
        .map((c) => c.className)
        .join(', ')}, aliases mse, mae, mape, msle, kld (camelCase and snake_case also work), or register it with tp.losses.registerLoss`,
    );
  return new cls(config);
}

/**
 * A Loss from a name, a {className, config} object, a loss function (wrapped, named after the
 * function) or a Loss (returned as is), like keras.losses.get.
 *
 * @example
 * console.log(tp.losses.get('mse').name); // mean_squared_error
 * console.log(tp.losses.get('sparse_categorical_crossentropy') instanceof tp.losses.SparseCategoricalCrossentropy); // true
 * tp.losses.get('meanAbsoluteError').apply([[0, 1]], [[1, 1]]).print(); // 0.5
 */
export function get(identifier: LossIdentifier): Loss {
  if (identifier instanceof Loss) return identifier;
  if (typeof identifier === 'string') return fromName(identifier);
  if (typeof identifier === 'function') {
    if (isLossClass(identifier)) return new identifier();
    return new LossFunctionWrapper(identifier, { name: LOSS_FUNCTION_NAMES.get(identifier) ?? (identifier.name !== '' ? identifier.name : 'loss') });
  }
  if (typeof identifier === 'object' && identifier !== null && typeof identifier.className === 'string') return deserialize(identifier);
  throw new Error(`losses.get: expected a loss name, function, Loss or {className, config}, got ${identifier === null ? 'null' : typeof identifier}`);
}

/** The registered class name of a loss's class (its own static className, else the JS class name). */
function classNameOf(loss: Loss): string {
  const ctor = loss.constructor as unknown as { className?: string; name: string };
  return Object.prototype.hasOwnProperty.call(ctor, 'className') && ctor.className ? ctor.className : ctor.name;
}

/**
 * {className, config} for a Loss, as Keras's serialize (a LossFunctionWrapper around a named
 * function serializes as that function's name).
 *
 * @example
 * console.log(tp.losses.serialize(new tp.losses.Huber({ delta: 2 })));
 * // { className: 'Huber', config: { name: 'huber_loss', reduction: 'sum_over_batch_size', delta: 2 } }
 */
export function serialize(loss: Loss): { className: string; config: object } {
  if (loss instanceof LossFunctionWrapper && loss.constructor === LossFunctionWrapper) {
    const fn = loss.fn;
    return { className: LOSS_FUNCTION_NAMES.get(fn) ?? fn.name, config: loss.getConfig() };
  }
  return { className: classNameOf(loss), config: loss.getConfig() };
}

/**
 * The Loss that `serialize` described; `customObjects` maps class or function names to your own.
 *
 * @example
 * const loss = tp.losses.deserialize({ className: 'BinaryCrossentropy', config: { fromLogits: true } });
 * console.log((loss as tp.losses.BinaryCrossentropy).fromLogits); // true
 */
export function deserialize(
  spec: { className: string; config?: object },
  customObjects: Record<string, (abstract new (...args: never[]) => Loss) | LossFn> = {},
): Loss {
  const custom = customObjects[spec.className];
  if (custom !== undefined) {
    if (isLossClass(custom)) return new custom((spec.config ?? {}) as Record<string, unknown>);
    return new LossFunctionWrapper(custom as LossFn, spec.config ?? {});
  }
  return fromName(spec.className, (spec.config ?? {}) as Record<string, unknown>);
}
