// Text rendering of tensor values in TF.js's layout: nested brackets, columns of a matrix padded
// on the right to a common width, and any axis longer than 20 shown as its first and last 3
// entries around "...". Values print as TF.js does (fixed to 7 decimals, trailing zeros dropped).
import type { DType, TypedArray } from './dtype.js';

const SUMMARIZE_ABOVE = 20;
const EDGE_ITEMS = 3;

function formatValue(v: number, dtype: DType): string {
  if (dtype === 'bool') return v !== 0 ? 'true' : 'false';
  if (!Number.isFinite(v)) return String(v);
  // float64 (not in TF.js) keeps 12 significant digits.
  if (dtype === 'float64') return String(parseFloat(v.toPrecision(12)));
  return String(parseFloat(v.toFixed(7)));
}

/** Indices shown along an axis of length n: all, or the edges with -1 standing for "...". */
function shownIndices(n: number): number[] {
  if (n <= SUMMARIZE_ABOVE) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i);
  return [...head, -1, ...tail];
}

/**
 * @internal The lines of the values of the given shape, as TF.js prints them under "Tensor":
 * ["[[1, 2],", " [3, 4]]"].
 */
export function formatTensorLines(values: TypedArray, shape: readonly number[], dtype: DType): string[] {
  if (shape.length === 0) return [formatValue(values[0]!, dtype)];
  const rank = shape.length;
  const cols = shape[rank - 1]!;
  // A matrix or higher pads each column (over all rows) to its widest value; a vector does not.
  const width = new Array<number>(cols).fill(0);
  if (rank > 1 && cols > 0)
    for (let i = 0; i < values.length; i++) width[i % cols] = Math.max(width[i % cols]!, formatValue(values[i]!, dtype).length);
  const strides: number[] = new Array(rank);
  for (let d = rank - 1, acc = 1; d >= 0; d--) {
    strides[d] = acc;
    acc *= shape[d]!;
  }
  const render = (dim: number, offset: number, isLast: boolean): string[] => {
    const idx = shownIndices(shape[dim]!);
    if (dim === rank - 1) {
      const cells = idx.map((i) => (i < 0 ? '...' : formatValue(values[offset + i]!, dtype).padEnd(width[i]!)));
      return [`[${cells.join(', ')}]`];
    }
    const lines: string[] = [];
    idx.forEach((i, k) => {
      if (i < 0) lines.push('...');
      else lines.push(...render(dim + 1, offset + i * strides[dim]!, k === idx.length - 1));
    });
    const sep = rank - dim === 2 ? ',' : '';
    const n = shape[dim]!;
    if (n === 0) return ['[]' + (isLast ? '' : ',' + '\n'.repeat(rank - dim - 1))];
    lines[0] = '[' + lines[0]! + (lines.length > 1 ? sep : '');
    for (let i = 1; i < lines.length - 1; i++) lines[i] = ' ' + lines[i] + sep;
    // Blocks of rank r >= 2 are separated by r - 1 blank lines.
    const blank = '\n'.repeat(rank - dim - 1);
    if (lines.length > 1) lines[lines.length - 1] = ' ' + lines[lines.length - 1];
    lines[lines.length - 1] += ']' + (isLast ? '' : ',' + blank);
    return lines;
  };
  return render(0, 0, true).flatMap((l) => l.split('\n'));
}

/** @internal The values as TF.js lays them out, one string with newlines. */
export function formatTensor(values: TypedArray, shape: readonly number[], dtype: DType): string {
  return formatTensorLines(values, shape, dtype).join('\n');
}

/**
 * Prints a tensor to the console (TF.js's tf.print); `verbose` adds dtype, rank and shape.
 *
 * @example
 * tp.print(tp.tensor([[1, 2], [3, 4]]));
 * tp.print(tp.tensor([1, 2]), true);
 */
export function print(x: { print(verbose?: boolean): void }, verbose = false): void {
  x.print(verbose);
}

/**
 * Objects with a method under this key show as a table when they are a notebook cell's
 * value (a History: one row per epoch); their toString() is the text form.
 */
export const CELL_TABLE: unique symbol = Symbol.for('tensorpad.cellTable');

/** What a CELL_TABLE method returns. */
export interface CellTable {
  columns: string[];
  rows: (number | string | null)[][];
}
