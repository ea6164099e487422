// Text rendering of tensor values: aligned columns, nested brackets, and NumPy's summarization
// (above 1000 elements, each axis longer than 6 shows its first and last 3 entries around "...").
import type { DType, TypedArray } from './dtype.js';

const SUMMARIZE_ABOVE = 1000;
const EDGE_ITEMS = 3;

function formatValue(v: number, dtype: DType): string {
  if (dtype === 'bool') return v !== 0 ? 'true' : 'false';
  if (dtype === 'int32' || !Number.isFinite(v)) return String(v);
  // Shortest text of the value at float32 (7) or float64 (12) significant digits.
  return String(parseFloat(v.toPrecision(dtype === 'float32' ? 7 : 12)));
}

/** Indices shown along an axis of length n: all, or the edges with -1 standing for "...". */
function shownIndices(n: number, summarize: boolean): number[] {
  if (!summarize || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i);
  return [...head, -1, ...tail];
}

/** @internal Renders values of the given shape as nested, aligned rows: "[[1, 2],\n [3, 4]]". */
export function formatTensor(values: TypedArray, shape: readonly number[], dtype: DType): string {
  if (shape.length === 0) return formatValue(values[0]!, dtype);
  const summarize = values.length > SUMMARIZE_ABOVE;
  const strides: number[] = new Array(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = acc;
    acc *= shape[d]!;
  }
  // Format the shown values first so every column gets the same width.
  const cells = new Map<number, string>();
  const collect = (dim: number, offset: number): void => {
    for (const i of shownIndices(shape[dim]!, summarize)) {
      if (i < 0) continue;
      const pos = offset + i * strides[dim]!;
      if (dim === shape.length - 1) cells.set(pos, formatValue(values[pos]!, dtype));
      else collect(dim + 1, pos);
    }
  };
  collect(0, 0);
  let width = 0;
  for (const s of cells.values()) width = Math.max(width, s.length);

  const render = (dim: number, offset: number): string => {
    const idx = shownIndices(shape[dim]!, summarize);
    if (dim === shape.length - 1)
      return `[${idx.map((i) => (i < 0 ? '...' : cells.get(offset + i)!.padStart(width))).join(', ')}]`;
    const indent = ' '.repeat(dim + 1);
    const sep = ',' + '\n'.repeat(shape.length - dim - 1) + indent;
    return `[${idx.map((i) => (i < 0 ? '...' : render(dim + 1, offset + i * strides[dim]!))).join(sep)}]`;
  };
  return render(0, 0);
}

/**
 * Prints a tensor to the console (TF.js's tf.print).
 *
 * @example
 * tp.print(tp.tensor([[1, 2], [3, 4]]));
 */
export function print(x: { print(): void }): void {
  x.print();
}

/**
 * @internal Objects with a method under this key show as a table when they are a notebook cell's
 * value (a History: one row per epoch); their toString() is the text form.
 */
export const CELL_TABLE: unique symbol = Symbol.for('tensorpad.cellTable');

/** @internal What a CELL_TABLE method returns. */
export interface CellTable {
  columns: string[];
  rows: (number | string | null)[][];
}
