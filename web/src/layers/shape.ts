// Shapes of symbolic tensors and layer inputs: a dimension is a number or null (unknown, the batch
// dimension). Helpers to format them in error messages (TF.js style, [null,3]) and in summaries
// (Keras style, (None, 3)).

/** A shape whose dimensions may be unknown (null), as Keras's TensorShape. */
export type Shape = (number | null)[];

/** `[null,3]`: how errors print shapes. */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;
}

/** `(None, 3)`: how Keras's summary prints an output shape (a Python tuple). */
export function pythonShape(shape: readonly (number | null)[]): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** True when `shape` is a list of shapes rather than one shape. */
export function isShapeList(shape: unknown): shape is Shape[] {
  return Array.isArray(shape) && shape.length > 0 && shape.every((s) => Array.isArray(s));
}

/** Normalizes a negative axis against `rank`; throws naming `who` when it is out of range. */
export function normalizeAxis(axis: number, rank: number, who: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) throw new Error(`${who}: axis ${axis} is out of range for rank ${rank}`);
  return a;
}

/** Product of the known dimensions, or null if one is unknown. */
export function shapeSize(shape: readonly (number | null)[]): number | null {
  let n = 1;
  for (const d of shape) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}
