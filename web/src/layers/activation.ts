// Activation: applies an activation function elementwise (Keras's Activation layer).
import type { Tensor } from '../tensor.js';
import { getActivation, serializeActivation, type ActivationFn, type ActivationIdentifier } from './components.js';
import { Layer, type CallKwargs, type LayerArgs } from './layer.js';
import type { ConfigDict } from './serialization.js';
import type { Shape } from './shape.js';

export interface ActivationLayerArgs extends LayerArgs {
  activation: ActivationIdentifier;
}

/**
 * Applies `activation` to its input.
 *
 * @example
 * tp.layers.activation({ activation: 'relu' }).apply(tp.tensor([[-1, 2]])).print(); // [[0, 2]]
 */
export class Activation extends Layer {
  static override className = 'Activation';
  readonly activation: ActivationFn;

  constructor(args: ActivationLayerArgs) {
    super(args);
    this.activation = getActivation(args.activation);
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    return this.activation(Array.isArray(inputs) ? inputs[0]! : inputs);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }

  override getConfig(): ConfigDict {
    return { activation: serializeActivation(this.activation), ...super.getConfig() };
  }
}

/**
 * An Activation layer.
 *
 * @example
 * tp.layers.activation({ activation: 'sigmoid' }).apply(tp.tensor([[0]])).print(); // [[0.5]]
 */
export function activation(args: ActivationLayerArgs): Activation {
  return new Activation(args);
}
