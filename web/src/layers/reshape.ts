// Reshape: each sample to `targetShape` (the batch axis stays); one entry may be -1 (inferred).
import { reshape as reshapeOp } from '../ops/shape.js';
import type { Tensor } from '../tensor.js';
import { Layer, type CallKwargs, type LayerArgs } from './layer.js';
import type { ConfigDict } from './serialization.js';
import { formatShape, shapeSize, type Shape } from './shape.js';

export interface ReshapeLayerArgs extends LayerArgs {
  targetShape: number[];
}

/**
 * Reshapes every sample.
 *
 * @example
 * console.log(tp.layers.reshape({ targetShape: [3, -1] }).apply(tp.zeros([2, 6])).shape); // [2, 3, 2]
 */
export class Reshape extends Layer {
  static override className = 'Reshape';
  readonly targetShape: number[];

  constructor(args: ReshapeLayerArgs) {
    super(args);
    const t = args.targetShape;
    if (!Array.isArray(t) || t.some((d) => !Number.isInteger(d) || (d < 0 && d !== -1)) || t.filter((d) => d === -1).length > 1)
      throw new Error(`${this.who}: targetShape must be a list of non-negative integers with at most one -1, got ${JSON.stringify(t)}`);
    this.targetShape = [...t];
  }

  // The sample shape for a sample of `size` elements (null if unknown).
  private resolve(size: number | null, inputShape: Shape): Shape {
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const free = this.targetShape.indexOf(-1);
    if (size === null) return this.targetShape.map((d) => (d === -1 ? null : d));
    const bad = free < 0 ? known !== size : known === 0 || size % known !== 0;
    if (bad)
      throw new Error(
        `${this.who}: cannot reshape input of shape ${formatShape(inputShape)} to target shape ${formatShape(this.targetShape)} ` +
          `(a sample has ${size} values)`,
      );
    return this.targetShape.map((d) => (d === -1 ? size / known : d));
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const sample = this.resolve(x.shape.slice(1).reduce((a, b) => a * b, 1), x.shape) as number[];
    return reshapeOp(x, [x.shape[0]!, ...sample]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [s[0] ?? null, ...this.resolve(shapeSize(s.slice(1)), s)];
  }

  override getConfig(): ConfigDict {
    return { targetShape: [...this.targetShape], ...super.getConfig() };
  }
}

/**
 * A Reshape layer.
 *
 * @example
 * const r = tp.layers.reshape({ targetShape: [2, 2] });
 * console.log(r.apply(tp.zeros([5, 4])).shape); // [5, 2, 2]
 */
export function reshape(args: ReshapeLayerArgs): Reshape {
  return new Reshape(args);
}
