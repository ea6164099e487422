// Concatenate: joins a list of inputs along `axis` (default -1); the other dimensions must agree.
import { concat } from '../ops/assemble.js';
import type { Tensor } from '../tensor.js';
import type { CallKwargs, LayerArgs } from './layer.js';
import { Merge } from './merge.js';
import type { ConfigDict } from './serialization.js';
import { formatShape, normalizeAxis, type Shape } from './shape.js';
import type { SymbolicTensor } from './symbolic_tensor.js';

export interface ConcatenateLayerArgs extends LayerArgs {
  axis?: number;
}

/**
 * Concatenates its inputs along an axis.
 *
 * @example
 * tp.layers.concatenate().apply([tp.tensor([[1, 2]]), tp.tensor([[3]])]).print(); // [[1, 2, 3]]
 */
export class Concatenate extends Merge {
  static override className = 'Concatenate';
  readonly axis: number;

  constructor(args: ConcatenateLayerArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
  }

  private outShape(shapes: Shape[]): Shape {
    const rank = shapes[0]!.length;
    if (shapes.some((s) => s.length !== rank))
      throw new Error(`${this.who}: inputs must have the same rank, got shapes ${shapes.map(formatShape).join(', ')}`);
    const axis = normalizeAxis(this.axis, rank, this.who);
    const out: Shape = [...shapes[0]!];
    for (let i = 0; i < rank; i++) {
      if (i === axis) {
        out[i] = shapes.some((s) => s[i] === null) ? null : shapes.reduce((n, s) => n + (s[i] as number), 0);
        continue;
      }
      const known = shapes.map((s) => s[i]).filter((d): d is number => d !== null);
      if (new Set(known).size > 1)
        throw new Error(
          `${this.who}: inputs must match on every axis but the concatenation axis ${this.axis}, got shapes ${shapes.map(formatShape).join(', ')}`,
        );
      out[i] = known[0] ?? null;
    }
    return out;
  }

  override build(inputShape: Shape | Shape[]): void {
    this.outShape(this.checkList(inputShape));
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    if (!Array.isArray(inputs)) throw new Error(`${this.who}: a merge layer must be called on a list of at least 2 inputs, got one tensor`);
    this.outShape(this.checkList(inputs.map((t) => t.shape)));
    return this.mergeFunction(inputs);
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return concat(inputs, normalizeAxis(this.axis, inputs[0]!.rank, this.who));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return this.outShape(this.checkList(inputShape));
  }

  override getConfig(): ConfigDict {
    return { axis: this.axis, ...super.getConfig() };
  }
}

/**
 * A Concatenate layer (`concatenate({axis})`), or, given a list of tensors, their concatenation
 * (Keras's `concatenate([a, b], axis)`).
 *
 * @example
 * tp.layers.concatenate([tp.tensor([[1]]), tp.tensor([[2]])]).print(); // [[1, 2]]
 */
export function concatenate(args?: ConcatenateLayerArgs): Concatenate;
export function concatenate(inputs: SymbolicTensor[], args?: ConcatenateLayerArgs): SymbolicTensor;
export function concatenate(inputs: Tensor[], args?: ConcatenateLayerArgs): Tensor;
export function concatenate(x?: ConcatenateLayerArgs | Tensor[] | SymbolicTensor[], args?: ConcatenateLayerArgs): Concatenate | Tensor | SymbolicTensor {
  if (Array.isArray(x)) return new Concatenate(args).apply(x) as Tensor | SymbolicTensor;
  return new Concatenate(x);
}
