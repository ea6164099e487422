// Keras's default object names: the snake_case class name, made unique per session by a counter
// ('dense', 'dense_1', 'dense_2', ...; inputs count from 1: 'input_1', 'input_2').

const counters = new Map<string, number>();

/** `MyDense` -> `my_dense`, `BatchNormalization` -> `batch_normalization` (Keras's to_snake_case). */
export function toSnakeCase(name: string): string {
  const s = name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return s.startsWith('_') ? `private${s}` : s;
}

/** `batch_input_shape` -> `batchInputShape`. */
export function toCamelCase(name: string): string {
  if (!name.includes('_')) return name;
  return name.replace(/_+(\w|$)/g, (_m, c: string) => c.toUpperCase());
}

/** The next unique name for `base`: base, base_1, ... (or base_1, base_2 with `zeroBased` false). */
export function uniqueName(base: string, zeroBased = true): string {
  const n = counters.get(base) ?? 0;
  counters.set(base, n + 1);
  if (zeroBased) return n === 0 ? base : `${base}_${n}`;
  return `${base}_${n + 1}`;
}

/**
 * Restarts default names ('dense', 'dense_1', ...) from the beginning, as Keras's
 * `clear_session()`. Layers made before keep their names.
 *
 * @example
 * tp.layers.clearSession();
 * console.log(tp.layers.dense({ units: 1 }).name); // 'dense'
 */
export function clearSession(): void {
  counters.clear();
}
