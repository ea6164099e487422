// Name matching shared by the get() functions of activations, initializers, regularizers,
// constraints and optimizers: Keras writes 'glorot_uniform', TF.js 'glorotUniform', class names
// 'GlorotUniform'; all three must find the same thing.

/**
 * The lookup key of an identifier: lower case without underscores, so 'glorot_uniform',
 * 'glorotUniform' and 'GlorotUniform' all become 'glorotuniform'.
 */
export function nameKey(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

/** 'learning_rate' -> 'learningRate'; camelCase passes through. */
export function snakeToCamel(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** 'fan_in' and 'fanIn' both become 'fanIn'; other values pass through. */
export function camelValue<T>(v: T): T {
  return (typeof v === 'string' ? snakeToCamel(v) : v) as T;
}

/** A copy of a config with snake_case keys renamed to camelCase (Keras JSON to TF.js style). */
export function camelKeys(config: object | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config ?? {})) out[snakeToCamel(k)] = v;
  return out;
}

/** A serialized object as Keras ({class_name, config}) or TF.js ({className, config}) writes it. */
export interface SerializedObject {
  className?: string;
  class_name?: string;
  config?: object;
}

/** The class name and camelCased config of a serialized object, or null if `x` is not one. */
export function readSerialized(x: unknown): { className: string; config: Record<string, unknown> } | null {
  if (typeof x !== 'object' || x === null) return null;
  const s = x as SerializedObject;
  const className = s.className ?? s.class_name;
  if (typeof className !== 'string') return null;
  return { className, config: camelKeys(s.config) };
}

/** A short description of a value for error messages. */
export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'string') return `'${x}'`;
  if (typeof x === 'object') return x.constructor?.name ?? 'an object';
  return `${typeof x} ${String(x)}`;
}
