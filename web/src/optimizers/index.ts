// tp.optimizers: Keras's optimizer classes, learning-rate schedules, gradient clipping helpers,
// and get() for the strings and saved configs model.compile accepts.
import { describeValue, nameKey, readSerialized } from '../initializers/names.js';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Adamax } from './adamax.js';
import { AdamW } from './adamw.js';
import { Nadam } from './nadam.js';
import { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

export { Optimizer, type OptimizerArgs, type GradientsAndVariables } from './optimizer.js';
export { SGD, type SGDArgs } from './sgd.js';
export { Adam, type AdamArgs } from './adam.js';
export { AdamW } from './adamw.js';
export { Nadam, type NadamArgs } from './nadam.js';
export { RMSprop, type RMSpropArgs } from './rmsprop.js';
export { Adagrad, type AdagradArgs } from './adagrad.js';
export { Adadelta, type AdadeltaArgs } from './adadelta.js';
export { Adamax, type AdamaxArgs } from './adamax.js';
export { clipByNorm, clipByGlobalNorm, globalNorm } from './clipping.js';
export { LearningRateSchedule } from './schedules.js';
export * as schedules from './schedules.js';

type OptimizerClass = { className: string; new (args?: never): Optimizer };
const classes = new Map<string, OptimizerClass>();

/**
 * Makes a custom Optimizer subclass loadable by name.
 *
 * @example
 * class MySGD extends tp.optimizers.SGD { static override className = 'MySGD'; }
 * tp.optimizers.registerOptimizer(MySGD);
 * console.log(tp.optimizers.get('MySGD') instanceof MySGD); // true
 */
export function registerOptimizer(cls: OptimizerClass): void {
  classes.set(nameKey(cls.className), cls);
}
for (const cls of [SGD, Adam, AdamW, Nadam, RMSprop, Adagrad, Adadelta, Adamax] as OptimizerClass[]) registerOptimizer(cls);

/**
 * The optimizer for `id`: a compile string ('sgd', 'adam', 'adamw', 'nadam', 'rmsprop',
 * 'adagrad', 'adadelta', 'adamax'; any case, a new optimizer with Keras's defaults), an
 * Optimizer (returned as is), or a saved {className, config}.
 *
 * @example
 * const opt = tp.optimizers.get('nadam');
 * console.log(opt.getClassName(), opt.learningRate); // 'Nadam' 0.001
 */
export function get(id: string | Optimizer | { className?: string; class_name?: string; config?: object }): Optimizer {
  if (id instanceof Optimizer) return id;
  if (typeof id === 'string') {
    // TF.js class names end in 'Optimizer' (AdamOptimizer); Keras names do not.
    const cls = classes.get(nameKey(id)) ?? classes.get(nameKey(id).replace(/optimizer$/, ''));
    if (cls === undefined)
      throw new Error(`optimizers.get: unknown optimizer '${id}' (known: sgd, adam, adamw, nadam, rmsprop, adagrad, adadelta, adamax)`);
    return new cls();
  }
  const s = readSerialized(id);
  if (s !== null) {
    const cls = classes.get(nameKey(s.className));
    if (cls === undefined) throw new Error(`optimizers.get: unknown optimizer class '${s.className}'`);
    return new cls(s.config as never);
  }
  throw new Error(`optimizers.get: expected a name, an Optimizer or {className, config}, got ${describeValue(id)}`);
}

/**
 * The saved form {className, config}.
 *
 * @example
 * console.log(tp.optimizers.serialize(new tp.optimizers.SGD({ learningRate: 0.5 })).className); // 'SGD'
 */
export function serialize(o: Optimizer): { className: string; config: Record<string, unknown> } {
  return { className: o.getClassName(), config: o.getConfig() };
}

/**
 * A new optimizer from its saved form (Keras's snake_case config keys accepted).
 *
 * @example
 * const o = tp.optimizers.deserialize({ class_name: 'Adam', config: { learning_rate: 0.01, beta_1: 0.8 } });
 * console.log((o as tp.optimizers.Adam).beta1); // 0.8
 */
export function deserialize(config: { className?: string; class_name?: string; config?: object }): Optimizer {
  return get(config);
}
