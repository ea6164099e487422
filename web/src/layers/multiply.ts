// Multiply: the elementwise product of a list of inputs.
import { mul } from '../ops/binary.js';
import type { Tensor } from '../tensor.js';
import type { LayerArgs } from './layer.js';
import { Merge } from './merge.js';
import type { SymbolicTensor } from './symbolic_tensor.js';

/**
 * Multiplies its inputs.
 *
 * @example
 * new tp.layers.Multiply().apply([tp.tensor([[1, 2]]), tp.tensor([[10, 20]])]).print(); // [[10, 40]]
 */
export class Multiply extends Merge {
  static override className = 'Multiply';

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return inputs.slice(1).reduce((acc, t) => mul(acc, t), inputs[0]!);
  }
}

/**
 * A Multiply layer, or, given a list of tensors, their product (Keras's `multiply([a, b])`).
 *
 * @example
 * tp.layers.multiply([tp.tensor([[2]]), tp.tensor([[3]])]).print(); // [[6]]
 */
export function multiply(args?: LayerArgs): Multiply;
export function multiply(inputs: SymbolicTensor[], args?: LayerArgs): SymbolicTensor;
export function multiply(inputs: Tensor[], args?: LayerArgs): Tensor;
export function multiply(x?: LayerArgs | Tensor[] | SymbolicTensor[], args?: LayerArgs): Multiply | Tensor | SymbolicTensor {
  if (Array.isArray(x)) return new Multiply(args).apply(x) as Tensor | SymbolicTensor;
  return new Multiply(x);
}
