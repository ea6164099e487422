// tp.regularizers: Keras's weight regularizers with TF.js's factory names, and get/serialize.
import { describeValue, nameKey, readSerialized } from '../initializers/names.js';
import { FunctionRegularizer, L1, L1L2, L2, Regularizer, type RegularizerFunction } from './regularizer.js';

export { Regularizer, L1L2, L1, L2, FunctionRegularizer, type RegularizerFunction } from './regularizer.js';

/** What layers accept as a regularizer. */
export type RegularizerIdentifier = string | Regularizer | RegularizerFunction | { className?: string; class_name?: string; config?: object };

type RegularizerClass = { className: string; new (config?: never): Regularizer };
const classes = new Map<string, RegularizerClass>();

/**
 * Makes a custom Regularizer subclass loadable by name.
 *
 * @example
 * class Sum extends tp.regularizers.Regularizer {
 *   static override className = 'Sum';
 *   apply(w: tp.Tensor) { return w.sum(); }
 * }
 * tp.regularizers.registerRegularizer(Sum);
 * tp.regularizers.get('Sum')!.apply(tp.tensor([1, 2])).print(); // 3
 */
export function registerRegularizer(cls: RegularizerClass): void {
  classes.set(nameKey(cls.className), cls);
}
for (const cls of [L1L2, L1, L2] as RegularizerClass[]) registerRegularizer(cls);

/**
 * The regularizer for `id`: 'l1', 'l2', 'l1l2' / 'l1_l2' (Keras's defaults 0.01), a Regularizer,
 * a saved {className, config}, a function (wrapped), or null/undefined for none.
 *
 * @example
 * tp.regularizers.get('l2')!.apply(tp.tensor([1, 2])).print(); // 0.05
 * console.log(tp.regularizers.get(null)); // null
 */
export function get(id: RegularizerIdentifier | null | undefined): Regularizer | null {
  if (id === null || id === undefined) return null;
  if (id instanceof Regularizer) return id;
  if (typeof id === 'function') return new FunctionRegularizer(id);
  if (typeof id === 'string') {
    const cls = classes.get(nameKey(id));
    if (cls === undefined) throw new Error(`regularizers.get: unknown regularizer '${id}' (known: l1, l2, l1l2)`);
    return new cls();
  }
  const s = readSerialized(id);
  if (s !== null) {
    const cls = classes.get(nameKey(s.className));
    if (cls === undefined) throw new Error(`regularizers.get: unknown regularizer class '${s.className}'`);
    return new cls(s.config as never);
  }
  throw new Error(`regularizers.get: expected a name, a Regularizer, a function or {className, config}, got ${describeValue(id)}`);
}

/**
 * The saved form {className, config}.
 *
 * @example
 * console.log(tp.regularizers.serialize(tp.regularizers.l2({ l2: 0.1 }))); // { className: 'L2', config: { l2: 0.1 } }
 */
export function serialize(r: Regularizer): { className: string; config: object } {
  return { className: r.getClassName(), config: r.getConfig() };
}

/**
 * The regularizer saved as {className, config}.
 *
 * @example
 * const r = tp.regularizers.deserialize({ class_name: 'L1L2', config: { l1: 0, l2: 1 } });
 * r.apply(tp.tensor([3])).print(); // 9
 */
export function deserialize(config: { className?: string; class_name?: string; config?: object }): Regularizer {
  return get(config)!;
}

/** @example tp.regularizers.l1({ l1: 0.1 }).apply(tp.tensor([1, -3])).print(); // 0.4 */
export function l1(args: { l1?: number } = {}): Regularizer {
  return new L1(args);
}
/** @example tp.regularizers.l2({ l2: 0.1 }).apply(tp.tensor([1, -3])).print(); // 1 */
export function l2(args: { l2?: number } = {}): Regularizer {
  return new L2(args);
}
/** @example tp.regularizers.l1l2({ l1: 0.1, l2: 0.1 }).apply(tp.tensor([1, -3])).print(); // 1.4 */
export function l1l2(args: { l1?: number; l2?: number } = {}): Regularizer {
  return new L1L2(args);
}
