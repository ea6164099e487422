// Dropout: in training, zeroes each input unit with probability `rate` and scales the rest by
// 1 / (1 - rate); at inference, the identity. The mask comes from the engine's random stream, so a
// compiled training step draws a fresh mask every run; a `seed` draws the same mask every call
// (as TF.js's Dropout with a seed).
import { greaterEqual, mul } from '../ops/binary.js';
import { randomUniform } from '../ops/random.js';
import { cast } from '../ops/unary.js';
import { clone } from '../ops/shape.js';
import type { Tensor } from '../tensor.js';
import { Layer, type CallKwargs, type LayerArgs } from './layer.js';
import type { ConfigDict } from './serialization.js';
import type { Shape } from './shape.js';

export interface DropoutLayerArgs extends LayerArgs {
  /** Fraction of units dropped, in [0, 1). */
  rate: number;
  /** Shape of the mask, broadcast over the input (null entries take the input's size). */
  noiseShape?: (number | null)[] | null;
  seed?: number;
}

/**
 * Randomly drops units in training (`apply(x, {training: true})`).
 *
 * @example
 * const drop = tp.layers.dropout({ rate: 0.5 });
 * drop.apply(tp.ones([1, 4])).print(); // [[1, 1, 1, 1]] (inference: unchanged)
 * const y = drop.apply(tp.ones([1, 4]), { training: true }); // each entry 0 or 2
 */
export class Dropout extends Layer {
  static override className = 'Dropout';
  readonly rate: number;
  readonly noiseShape: (number | null)[] | null;
  readonly seed: number | null;

  constructor(args: DropoutLayerArgs) {
    super(args);
    if (typeof args.rate !== 'number' || !(args.rate >= 0 && args.rate < 1))
      throw new Error(`${this.who}: rate must be a number in [0, 1), got ${String(args.rate)}`);
    this.rate = args.rate;
    this.noiseShape = args.noiseShape ?? null;
    this.seed = args.seed ?? null;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs.training !== true || this.rate === 0) return clone(x);
    const shape = this.maskShape(x);
    const keep = cast(greaterEqual(randomUniform(shape, 0, 1, 'float32', this.seed ?? undefined), this.rate), x.dtype);
    return mul(x, mul(keep, 1 / (1 - this.rate)));
  }

  /** The shape of the keep/drop mask for input `x`, broadcast over it (spatial dropout drops whole channels). */
  protected maskShape(x: Tensor): number[] {
    if (this.noiseShape === null) return x.shape;
    if (this.noiseShape.length !== x.rank)
      throw new Error(`${this.who}: noiseShape [${this.noiseShape.join(',')}] does not match the input's rank ${x.rank}`);
    return this.noiseShape.map((d, i) => d ?? x.shape[i]!);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }

  override getConfig(): ConfigDict {
    return { rate: this.rate, noiseShape: this.noiseShape, seed: this.seed, ...super.getConfig() };
  }
}

/**
 * A Dropout layer.
 *
 * @example
 * const model = tp.sequential([tp.layers.dense({ units: 4, inputShape: [2] }), tp.layers.dropout({ rate: 0.2 })]);
 */
export function dropout(args: DropoutLayerArgs): Dropout {
  return new Dropout(args);
}
