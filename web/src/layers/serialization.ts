// The registry of serializable classes (layers, models) used by modelFromJSON, and the conversion
// between tensorpad's camelCase configs and the snake_case ("pythonic") configs of Keras's
// model.json, as TF.js writes them: keys and string values change case, except layer names, class
// names and the layer names inside inbound_nodes / input_layers / output_layers.
import { toCamelCase, toSnakeCase } from './naming.js';

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/** A config object. */
export type ConfigDict = { [key: string]: unknown };

/** A class that modelFromJSON can rebuild: a static className and fromConfig (or a config constructor). */
export interface SerializableClass {
  className?: string;
  name: string;
  fromConfig?: (config: ConfigDict, customObjects?: CustomObjects) => unknown;
  new (...args: never[]): unknown;
}

/** Classes found by name before the registry (TF.js's customObjects). */
export type CustomObjects = { [className: string]: SerializableClass };

const registry = new Map<string, SerializableClass>();

/** The class name used in configs: the class's own static `className`, else its JS name. */
export function classNameOf(ctor: { name: string; className?: string }): string {
  return Object.prototype.hasOwnProperty.call(ctor, 'className') && typeof ctor.className === 'string' ? ctor.className : ctor.name;
}

/**
 * Registers a class (tp.serialization.registerClass, also tp.models.registerClass) so `tp.models.modelFromJSON` (and tp.loadLayersModel) can rebuild it from its
 * `className`. Built-in layers and models are found without it. The class gets rebuilt with
 * `cls.fromConfig(config)` if it has one, else `new cls(config)`.
 *
 * @example
 * class Scale extends tp.layers.Layer {
 *   static className = 'Scale';
 *   call(x: tp.Tensor) { return x.mul(2); }
 * }
 * tp.serialization.registerClass(Scale);
 */
export function registerClass<T extends SerializableClass>(cls: T, name?: string): T {
  const key = name ?? classNameOf(cls);
  if (key === '' || key === undefined) throw new Error('registerClass: the class has no name; give it a static className');
  registry.set(key, cls);
  return cls;
}

/** The class registered as `className` (customObjects first), or undefined; built-in layers are in class_lookup.ts. */
export function findInRegistry(className: string, customObjects?: CustomObjects): SerializableClass | undefined {
  return customObjects?.[className] ?? registry.get(className);
}

/** Names of the registered classes. */
export function registryClassNames(): string[] {
  return [...registry.keys()].sort();
}

// Keys whose arrays hold layer names at position 0 of each entry.
const NAME_LIST_KEYS = new Set(['inboundNodes', 'inputLayers', 'outputLayers', 'inbound_nodes', 'input_layers', 'output_layers']);

function convert(value: unknown, key: string | undefined, keyCase: (s: string) => string, inNameList: boolean): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return inNameList ? value : keyCase(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const names = key !== undefined && NAME_LIST_KEYS.has(key);
    return value.map((item, i) => (names && i === 0 && typeof item === 'string' ? item : convert(item, key, keyCase, false)));
  }
  if (typeof value === 'object') {
    const out: { [k: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value as ConfigDict)) {
      const newKey = keyCase(k);
      const verbatim = (k === 'name' || k === 'className' || k === 'class_name') && typeof v === 'string';
      out[newKey] = verbatim ? (v as string) : convert(v, k, keyCase, false);
    }
    return out;
  }
  throw new Error(`serialization: cannot serialize a value of type ${typeof value} (under '${key ?? ''}')`);
}

/** camelCase config -> Keras's snake_case JSON (as TF.js's convertTsToPythonic). */
export function toPythonic(config: unknown): JsonValue {
  return convert(config, undefined, toSnakeCase, false);
}

/** Keras's snake_case JSON -> camelCase config (as TF.js's convertPythonicToTs). */
export function fromPythonic(json: unknown): JsonValue {
  return convert(json, undefined, toCamelCase, false);
}
