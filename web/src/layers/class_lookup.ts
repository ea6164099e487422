// Finding a serializable class by name: customObjects, then tp.serialization.registerClass's
// registry, then the built-in layers (a table, so that no layer registers itself on import).
import { BUILTIN_LAYERS } from './builtin_layers.js';
import {
  classNameOf, findInRegistry, registryClassNames, type CustomObjects, type SerializableClass,
} from './serialization.js';

let builtins: Map<string, SerializableClass> | undefined;

function builtinLayers(): Map<string, SerializableClass> {
  return (builtins ??= new Map(BUILTIN_LAYERS.map((cls) => [classNameOf(cls), cls])));
}

/**
 * The class called `className`: from `customObjects`, else one given to
 * tp.serialization.registerClass, else a built-in layer or model; undefined if none.
 *
 * @example
 * console.log(tp.serialization.getRegisteredClass('Dense') === tp.layers.Dense); // true
 */
export function getRegisteredClass(className: string, customObjects?: CustomObjects): SerializableClass | undefined {
  return findInRegistry(className, customObjects) ?? builtinLayers().get(className);
}

/** Names of every class getRegisteredClass finds (for error messages). */
export function registeredClassNames(): string[] {
  return [...new Set([...registryClassNames(), ...builtinLayers().keys()])].sort();
}
