// tp.initializers: Keras's weight initializers with TF.js's factory names, and get/serialize for
// the names, objects and functions layers accept.
import { Constant, Identity, Ones, Zeros } from './constant.js';
import { FunctionInitializer, Initializer, type InitializerFunction } from './initializer.js';
import { describeValue, nameKey, readSerialized } from './names.js';
import { Orthogonal } from './orthogonal.js';
import { RandomNormal, RandomUniform, TruncatedNormal, type SeedArgs } from './random.js';
import {
  GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform, VarianceScaling,
  type VarianceScalingArgs,
} from './variance_scaling.js';

export { Initializer, FunctionInitializer, type InitializerFunction } from './initializer.js';
export { Zeros, Ones, Constant, Identity } from './constant.js';
export { RandomNormal, RandomUniform, TruncatedNormal, type SeedArgs } from './random.js';
export {
  VarianceScaling, GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, computeFans,
  type VarianceScalingArgs, type FanMode, type Distribution,
} from './variance_scaling.js';
export { Orthogonal } from './orthogonal.js';

/** What layers accept as an initializer. */
export type InitializerIdentifier = string | Initializer | InitializerFunction | { className?: string; class_name?: string; config?: object };

type InitializerClass = { className: string; new (config?: never): Initializer };

const classes = new Map<string, InitializerClass>();

/**
 * Makes a custom Initializer subclass loadable by name (Keras's register_keras_serializable).
 *
 * @example
 * class Twos extends tp.initializers.Initializer {
 *   static override className = 'Twos';
 *   apply(shape: number[]) { return tp.fill(shape, 2); }
 * }
 * tp.initializers.registerInitializer(Twos);
 * tp.initializers.get('twos').apply([1]).print(); // [2]
 */
export function registerInitializer(cls: InitializerClass): void {
  classes.set(nameKey(cls.className), cls);
}

for (const cls of [
  Zeros, Ones, Constant, Identity, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling,
  GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, Orthogonal,
] as InitializerClass[])
  registerInitializer(cls);

/**
 * The initializer for `id`: a name (Keras's 'glorot_uniform', TF.js's 'glorotUniform' or the
 * class name), an Initializer (returned as is), a saved {className, config} (Keras's class_name
 * too), or a function (shape, dtype) => Tensor, wrapped as Keras does for custom initializers.
 *
 * @example
 * const w = tp.initializers.get('glorot_uniform').apply([2, 3]);
 * console.log(w.shape); // [2, 3]
 * tp.initializers.get({ className: 'Constant', config: { value: 4 } }).apply([2]).print(); // [4, 4]
 */
export function get(id: InitializerIdentifier): Initializer {
  if (id instanceof Initializer) return id;
  if (typeof id === 'function') return new FunctionInitializer(id);
  if (typeof id === 'string') {
    const cls = classes.get(nameKey(id));
    if (cls === undefined)
      throw new Error(`initializers.get: unknown initializer '${id}' (known: ${[...classes.values()].map((c) => c.className).join(', ')})`);
    return new cls();
  }
  const s = readSerialized(id);
  if (s !== null) {
    const cls = classes.get(nameKey(s.className));
    if (cls === undefined) throw new Error(`initializers.get: unknown initializer class '${s.className}'`);
    return new cls(s.config as never);
  }
  throw new Error(`initializers.get: expected a name, an Initializer, a function or {className, config}, got ${describeValue(id)}`);
}

/**
 * The saved form of an initializer: its class name and config (TF.js's camelCase keys).
 *
 * @example
 * console.log(tp.initializers.serialize(tp.initializers.heNormal({ seed: 3 }))); // { className: 'HeNormal', config: { seed: 3 } }
 */
export function serialize(i: Initializer): { className: string; config: object } {
  return { className: i.getClassName(), config: i.getConfig() };
}

/**
 * The initializer saved as {className, config} (the inverse of serialize).
 *
 * @example
 * const i = tp.initializers.deserialize({ className: 'RandomUniform', config: { minval: 0, maxval: 1 } });
 * console.log(i.getConfig()); // { minval: 0, maxval: 1, seed: null }
 */
export function deserialize(config: { className?: string; class_name?: string; config?: object }): Initializer {
  return get(config);
}

// TF.js-style factories.

/** @example tp.initializers.zeros().apply([2]).print(); // [0, 0] */
export function zeros(): Initializer {
  return new Zeros();
}
/** @example tp.initializers.ones().apply([2]).print(); // [1, 1] */
export function ones(): Initializer {
  return new Ones();
}
/** @example tp.initializers.constant({ value: 0.5 }).apply([2]).print(); // [0.5, 0.5] */
export function constant(args: { value: number }): Initializer {
  return new Constant(args);
}
/** @example tp.initializers.identity({ gain: 1 }).apply([2, 2]).print(); // [[1, 0], [0, 1]] */
export function identity(args: { gain?: number } = {}): Initializer {
  return new Identity(args);
}
/** @example console.log(tp.initializers.randomNormal({ mean: 0, stddev: 1, seed: 1 }).apply([5]).shape); // [5] */
export function randomNormal(args: { mean?: number; stddev?: number } & SeedArgs = {}): Initializer {
  return new RandomNormal(args);
}
/** @example console.log(tp.initializers.randomUniform({ minval: -1, maxval: 1 }).apply([5]).shape); // [5] */
export function randomUniform(args: { minval?: number; maxval?: number } & SeedArgs = {}): Initializer {
  return new RandomUniform(args);
}
/** @example console.log(tp.initializers.truncatedNormal({ stddev: 0.1 }).apply([5]).shape); // [5] */
export function truncatedNormal(args: { mean?: number; stddev?: number } & SeedArgs = {}): Initializer {
  return new TruncatedNormal(args);
}
/** @example console.log(tp.initializers.varianceScaling({ scale: 2, mode: 'fanOut' }).apply([4, 2]).shape); // [4, 2] */
export function varianceScaling(args: VarianceScalingArgs = {}): Initializer {
  return new VarianceScaling(args);
}
/** @example console.log(tp.initializers.glorotUniform({ seed: 1 }).apply([4, 2]).shape); // [4, 2] */
export function glorotUniform(args: SeedArgs = {}): Initializer {
  return new GlorotUniform(args);
}
/** @example console.log(tp.initializers.glorotNormal().apply([4, 2]).shape); // [4, 2] */
export function glorotNormal(args: SeedArgs = {}): Initializer {
  return new GlorotNormal(args);
}
/** @example console.log(tp.initializers.heUniform().apply([4, 2]).shape); // [4, 2] */
export function heUniform(args: SeedArgs = {}): Initializer {
  return new HeUniform(args);
}
/** @example console.log(tp.initializers.heNormal().apply([4, 2]).shape); // [4, 2] */
export function heNormal(args: SeedArgs = {}): Initializer {
  return new HeNormal(args);
}
/** @example console.log(tp.initializers.lecunUniform().apply([4, 2]).shape); // [4, 2] */
export function lecunUniform(args: SeedArgs = {}): Initializer {
  return new LecunUniform(args);
}
/** @example console.log(tp.initializers.lecunNormal().apply([4, 2]).shape); // [4, 2] */
export function lecunNormal(args: SeedArgs = {}): Initializer {
  return new LecunNormal(args);
}
/** @example console.log(tp.initializers.orthogonal({ gain: 1, seed: 1 }).apply([3, 2]).shape); // [3, 2] */
export function orthogonal(args: { gain?: number } & SeedArgs = {}): Initializer {
  return new Orthogonal(args);
}
