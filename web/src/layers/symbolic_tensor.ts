// Symbolic tensors of the functional API: a shape (null for unknown dimensions, the batch first)
// and a dtype, plus the layer call that produced it. No values: applying layers to them records
// the graph that tp.model later runs on real tensors.
import type { DType } from '../dtype.js';
import type { Layer } from './layer.js';
import { formatShape, type Shape } from './shape.js';

let nextId = 0;

/**
 * A placeholder for a layer's input or output in the functional API (Keras's KerasTensor,
 * TF.js's SymbolicTensor). `tp.input` makes one; `layer.apply(symbolic)` returns new ones.
 *
 * @example
 * const x = tp.input({ shape: [3] });
 * const y = tp.layers.dense({ units: 2 }).apply(x) as tp.SymbolicTensor;
 * console.log(x.shape, y.shape); // [null, 3] [null, 2]
 */
export class SymbolicTensor {
  /** Unique id, for maps keyed by tensor. */
  readonly id = nextId++;
  readonly rank: number;

  constructor(
    readonly dtype: DType,
    readonly shape: Shape,
    /** The layer whose call produced this tensor. */
    readonly sourceLayer: Layer,
    /** Which call (inbound node) of the source layer. */
    readonly nodeIndex: number,
    /** Which output of that call. */
    readonly tensorIndex: number,
    readonly name: string,
  ) {
    this.rank = shape.length;
  }

  toString(): string {
    return `SymbolicTensor '${this.name}' shape=${formatShape(this.shape)} dtype=${this.dtype}`;
  }
}

/** True for a SymbolicTensor (or an array starting with one). */
export function isSymbolic(x: unknown): boolean {
  if (Array.isArray(x)) return x.length > 0 && x.some((e) => e instanceof SymbolicTensor);
  return x instanceof SymbolicTensor;
}
