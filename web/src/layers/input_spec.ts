// What a layer accepts (Keras's InputSpec): rank bounds, known sizes of some axes, dtype. Checked
// on every call, so a wrong input fails with the layer's name and both shapes.
import { formatShape, type Shape } from './shape.js';

export interface InputSpec {
  ndim?: number;
  minNdim?: number;
  maxNdim?: number;
  /** Required sizes by axis (negative axes count from the end). */
  axes?: { [axis: number]: number };
  /** Required full shape (null dims free). */
  shape?: Shape;
}

function axisText(axis: number, rank: number): string {
  if (axis === -1 || axis === rank - 1) return 'last dimension';
  return `dimension ${axis < 0 ? axis + rank : axis}`;
}

/** Throws `<who>: expected ..., got shape [..]` if `shape` does not satisfy `spec`. */
export function checkInputSpec(spec: InputSpec, shape: Shape, who: string, inputIndex: number | null): void {
  const rank = shape.length;
  const which = inputIndex === null ? 'input' : `input ${inputIndex}`;
  const got = `got shape ${formatShape(shape)}`;
  if (spec.ndim !== undefined && rank !== spec.ndim)
    throw new Error(`${who}: expected ${which} of rank ${spec.ndim}, ${got}`);
  if (spec.minNdim !== undefined && rank < spec.minNdim)
    throw new Error(`${who}: expected ${which} of rank >= ${spec.minNdim}, ${got}`);
  if (spec.maxNdim !== undefined && rank > spec.maxNdim)
    throw new Error(`${who}: expected ${which} of rank <= ${spec.maxNdim}, ${got}`);
  if (spec.axes)
    for (const [key, size] of Object.entries(spec.axes)) {
      const axis = Number(key);
      const a = axis < 0 ? axis + rank : axis;
      const d = shape[a];
      if (d !== null && d !== undefined && d !== size)
        throw new Error(`${who}: expected ${which} with ${axisText(axis, rank)} ${size}, ${got}`);
    }
  if (spec.shape) {
    const ok = spec.shape.length === rank && spec.shape.every((d, i) => d === null || shape[i] === null || d === shape[i]);
    if (!ok) throw new Error(`${who}: expected ${which} of shape ${formatShape(spec.shape)}, ${got}`);
  }
}
