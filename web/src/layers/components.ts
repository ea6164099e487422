// The layer-side view of activations, initializers, regularizers and constraints (tp.activations,
// tp.initializers, tp.regularizers, tp.constraints): resolving what a layer config names (a
// string, an object, a function, or a serialized {className, config}) and serializing it back for
// getConfig. Typed by the contract's signatures.
import * as activationsModule from '../activations/index.js';
import * as constraintsModule from '../constraints/index.js';
import type { DType } from '../dtype.js';
import * as initializersModule from '../initializers/index.js';
import * as regularizersModule from '../regularizers/index.js';
import type { Tensor } from '../tensor.js';
import { classNameOf, type ConfigDict } from './serialization.js';

/** An activation function; `activationName` is what getConfig writes. */
export type ActivationFn = ((x: Tensor) => Tensor) & { activationName?: string };
/** Makes initial values for a weight. */
export interface InitializerLike { apply(shape: number[], dtype?: DType): Tensor; getConfig?(): object }
/** A weight penalty: returns a scalar loss. */
export interface RegularizerLike { apply(w: Tensor): Tensor; getConfig?(): object }
/** A projection applied to a weight after each optimizer step. */
export interface ConstraintLike { apply(w: Tensor): Tensor; getConfig?(): object }
/** A serialized component, as in TF.js configs. */
export interface Serialized { className: string; config: ConfigDict }

export type ActivationIdentifier = string | ((x: Tensor) => Tensor) | null | undefined;
export type InitializerIdentifier = string | InitializerLike | ((shape: number[], dtype: DType) => Tensor) | Serialized;
export type RegularizerIdentifier = string | RegularizerLike | ((w: Tensor) => Tensor) | Serialized | null | undefined;
export type ConstraintIdentifier = string | ConstraintLike | ((w: Tensor) => Tensor) | Serialized | null | undefined;

interface ComponentModule {
  get?: (id: unknown) => unknown;
  serialize?: (x: unknown) => unknown;
  deserialize?: (x: unknown) => unknown;
  [name: string]: unknown;
}
const activations = activationsModule as unknown as ComponentModule;
const initializers = initializersModule as unknown as ComponentModule;
const regularizers = regularizersModule as unknown as ComponentModule;
const constraints = constraintsModule as unknown as ComponentModule;

function isSerialized(x: unknown): x is Serialized {
  return typeof x === 'object' && x !== null && typeof (x as Serialized).className === 'string' && typeof (x as { apply?: unknown }).apply !== 'function';
}

type Ctor = new (config: unknown) => unknown;

// {className: 'GlorotUniform', config} -> the module's class (new) or factory (call) of that name.
function deserializeIn(module: ComponentModule, kind: string, s: Serialized): unknown {
  if (typeof module.deserialize === 'function') return module.deserialize(s);
  const config = s.config ?? {};
  const isClass = (f: unknown): f is Ctor => typeof f === 'function' && typeof (f as { prototype?: { apply?: unknown } }).prototype?.apply === 'function';
  const exact = module[s.className];
  if (isClass(exact)) return new exact(config);
  const wanted = s.className.toLowerCase().replace(/_/g, '');
  for (const [name, value] of Object.entries(module)) {
    if (name.toLowerCase() !== wanted || typeof value !== 'function') continue;
    return isClass(value) ? new value(config) : (value as (c: unknown) => unknown)(config);
  }
  if (typeof module.get === 'function') return module.get(s.className);
  throw new Error(`${kind}: unknown ${kind} class '${s.className}'`);
}

function needGet(module: ComponentModule, kind: string): (id: unknown) => unknown {
  if (typeof module.get !== 'function') throw new Error(`${kind}: tp.${kind}.get is not available`);
  return module.get;
}

/** tp.activations.get, with functions and null (linear) usable on their own. */
export function getActivation(id: ActivationIdentifier): ActivationFn {
  if (typeof activations.get === 'function') return activations.get(id) as ActivationFn;
  if (id === null || id === undefined) return Object.assign((x: Tensor) => x, { activationName: 'linear' });
  if (typeof id === 'function') return id;
  return needGet(activations, 'activations')(id) as ActivationFn;
}

/** The name getConfig writes for an activation. */
export function serializeActivation(a: ActivationFn): string {
  if (typeof activations.serialize === 'function') return activations.serialize(a) as string;
  return a.activationName ?? (a.name !== '' ? a.name : 'custom');
}

/** tp.initializers.get, also taking a serialized {className, config}. */
export function getInitializer(id: InitializerIdentifier): InitializerLike {
  if (isSerialized(id)) return deserializeIn(initializers, 'initializers', id) as InitializerLike;
  if (typeof initializers.get === 'function') return initializers.get(id) as InitializerLike;
  if (typeof id === 'function') return { apply: (shape, dtype) => id(shape, dtype ?? 'float32') };
  if (typeof id === 'object' && id !== null) return id;
  return needGet(initializers, 'initializers')(id) as InitializerLike;
}

function serializeObject(module: ComponentModule, x: { getConfig?(): object; constructor: { name: string } }): Serialized {
  if (typeof module.serialize === 'function') {
    const s = module.serialize(x);
    if (isSerialized(s)) return s;
  }
  return { className: classNameOf(x.constructor as { name: string; className?: string }), config: (x.getConfig?.() ?? {}) as ConfigDict };
}

/** {className, config} of an initializer. */
export function serializeInitializer(i: InitializerLike): Serialized {
  return serializeObject(initializers, i as InitializerLike & { constructor: { name: string } });
}

/** tp.regularizers.get (null for none), also taking a serialized {className, config}. */
export function getRegularizer(id: RegularizerIdentifier): RegularizerLike | null {
  if (id === null || id === undefined) return null;
  if (isSerialized(id)) return deserializeIn(regularizers, 'regularizers', id) as RegularizerLike;
  if (typeof regularizers.get === 'function') return regularizers.get(id) as RegularizerLike | null;
  if (typeof id === 'function') return { apply: id };
  if (typeof id === 'object') return id;
  return needGet(regularizers, 'regularizers')(id) as RegularizerLike;
}

/** {className, config} of a regularizer, or null. */
export function serializeRegularizer(r: RegularizerLike | null): Serialized | null {
  return r === null ? null : serializeObject(regularizers, r as RegularizerLike & { constructor: { name: string } });
}

/** tp.constraints.get (null for none), also taking a serialized {className, config}. */
export function getConstraint(id: ConstraintIdentifier): ConstraintLike | null {
  if (id === null || id === undefined) return null;
  if (isSerialized(id)) return deserializeIn(constraints, 'constraints', id) as ConstraintLike;
  if (typeof constraints.get === 'function') return constraints.get(id) as ConstraintLike | null;
  if (typeof id === 'function') return { apply: id };
  if (typeof id === 'object') return id;
  return needGet(constraints, 'constraints')(id) as ConstraintLike;
}

/** {className, config} of a constraint, or null. */
export function serializeConstraint(c: ConstraintLike | null): Serialized | null {
  return c === null ? null : serializeObject(constraints, c as ConstraintLike & { constructor: { name: string } });
}
