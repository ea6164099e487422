// tp.constraints: Keras's weight constraints with TF.js's factory names, and get/serialize.
import { describeValue, nameKey, readSerialized } from '../initializers/names.js';
import { Constraint, FunctionConstraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm, type ConstraintFunction } from './constraint.js';

export { Constraint, MaxNorm, NonNeg, UnitNorm, MinMaxNorm, FunctionConstraint, type ConstraintFunction } from './constraint.js';

/** What layers accept as a constraint. */
export type ConstraintIdentifier = string | Constraint | ConstraintFunction | { className?: string; class_name?: string; config?: object };

type ConstraintClass = { className: string; new (config?: never): Constraint };
const classes = new Map<string, ConstraintClass>();

/**
 * Makes a custom Constraint subclass loadable by name.
 *
 * @example
 * class Clip extends tp.constraints.Constraint {
 *   static override className = 'Clip';
 *   apply(w: tp.Tensor) { return tp.clipByValue(w, -1, 1); }
 * }
 * tp.constraints.registerConstraint(Clip);
 * tp.constraints.get('clip')!.apply(tp.tensor([5])).print(); // [1]
 */
export function registerConstraint(cls: ConstraintClass): void {
  classes.set(nameKey(cls.className), cls);
}
for (const cls of [MaxNorm, NonNeg, UnitNorm, MinMaxNorm] as ConstraintClass[]) registerConstraint(cls);

/**
 * The constraint for `id`: 'max_norm' / 'maxNorm', 'non_neg', 'unit_norm', 'min_max_norm' (Keras's
 * defaults), a Constraint, a saved {className, config}, a function (wrapped), or null/undefined.
 *
 * @example
 * tp.constraints.get('non_neg')!.apply(tp.tensor([-1, 1])).print(); // [0, 1]
 */
export function get(id: ConstraintIdentifier | null | undefined): Constraint | null {
  if (id === null || id === undefined) return null;
  if (id instanceof Constraint) return id;
  if (typeof id === 'function') return new FunctionConstraint(id);
  if (typeof id === 'string') {
    const cls = classes.get(nameKey(id));
    if (cls === undefined) throw new Error(`constraints.get: unknown constraint '${id}' (known: max_norm, non_neg, unit_norm, min_max_norm)`);
    return new cls();
  }
  const s = readSerialized(id);
  if (s !== null) {
    const cls = classes.get(nameKey(s.className));
    if (cls === undefined) throw new Error(`constraints.get: unknown constraint class '${s.className}'`);
    return new cls(s.config as never);
  }
  throw new Error(`constraints.get: expected a name, a Constraint, a function or {className, config}, got ${describeValue(id)}`);
}

/**
 * The saved form {className, config}.
 *
 * @example
 * console.log(tp.constraints.serialize(tp.constraints.maxNorm({ maxValue: 3 }))); // { className: 'MaxNorm', config: { maxValue: 3, axis: 0 } }
 */
export function serialize(c: Constraint): { className: string; config: object } {
  return { className: c.getClassName(), config: c.getConfig() };
}

/**
 * The constraint saved as {className, config}.
 *
 * @example
 * const c = tp.constraints.deserialize({ class_name: 'MaxNorm', config: { max_value: 1, axis: 0 } });
 * c.apply(tp.tensor([[3], [4]])).print(); // [[0.6], [0.8]]
 */
export function deserialize(config: { className?: string; class_name?: string; config?: object }): Constraint {
  return get(config)!;
}

/** @example tp.constraints.maxNorm({ maxValue: 1 }).apply(tp.tensor([[6], [8]])).print(); // [[0.6], [0.8]] */
export function maxNorm(args: { maxValue?: number; axis?: number | number[] } = {}): Constraint {
  return new MaxNorm(args);
}
/** @example tp.constraints.nonNeg().apply(tp.tensor([-2, 3])).print(); // [0, 3] */
export function nonNeg(): Constraint {
  return new NonNeg();
}
/** @example tp.constraints.unitNorm({ axis: 0 }).apply(tp.tensor([[6], [8]])).print(); // [[0.6], [0.8]] */
export function unitNorm(args: { axis?: number | number[] } = {}): Constraint {
  return new UnitNorm(args);
}
/** @example tp.constraints.minMaxNorm({ minValue: 0, maxValue: 1 }).apply(tp.tensor([[6], [8]])).print(); // [[0.6], [0.8]] */
export function minMaxNorm(args: { minValue?: number; maxValue?: number; rate?: number; axis?: number | number[] } = {}): Constraint {
  return new MinMaxNorm(args);
}
