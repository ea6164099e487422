// Flatten: [batch, d1, d2, ...] -> [batch, d1 * d2 * ...].
import { reshape } from '../ops/shape.js';
import type { Tensor } from '../tensor.js';
import { Layer, type CallKwargs, type LayerArgs } from './layer.js';
import type { ConfigDict } from './serialization.js';
import { shapeSize, type Shape } from './shape.js';

export interface FlattenLayerArgs extends LayerArgs {
  dataFormat?: 'channelsLast' | 'channelsFirst';
}

/**
 * Flattens every sample to a vector (the batch axis stays).
 *
 * @example
 * console.log(tp.layers.flatten().apply(tp.zeros([2, 3, 4])).shape); // [2, 12]
 */
export class Flatten extends Layer {
  static override className = 'Flatten';
  readonly dataFormat: 'channelsLast' | 'channelsFirst';

  constructor(args: FlattenLayerArgs = {}) {
    super(args);
    this.dataFormat = args.dataFormat ?? 'channelsLast';
    this.inputSpec = { minNdim: 1 };
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return reshape(x, [x.shape[0]!, x.shape.slice(1).reduce((a, b) => a * b, 1)]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [s[0] ?? null, shapeSize(s.slice(1))];
  }

  override getConfig(): ConfigDict {
    return { dataFormat: this.dataFormat, ...super.getConfig() };
  }
}

/**
 * A Flatten layer.
 *
 * @example
 * const model = tp.sequential([tp.layers.flatten({ inputShape: [28, 28] }), tp.layers.dense({ units: 10 })]);
 * console.log(model.countParams()); // 7850
 */
export function flatten(args: FlattenLayerArgs = {}): Flatten {
  return new Flatten(args);
}
