// Add: the elementwise sum of a list of inputs.
import { add as addOp } from '../ops/binary.js';
import type { Tensor } from '../tensor.js';
import type { LayerArgs } from './layer.js';
import { Merge } from './merge.js';
import type { SymbolicTensor } from './symbolic_tensor.js';

/**
 * Adds its inputs.
 *
 * @example
 * new tp.layers.Add().apply([tp.tensor([[1, 2]]), tp.tensor([[10, 20]])]).print(); // [[11, 22]]
 */
export class Add extends Merge {
  static override className = 'Add';

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return inputs.slice(1).reduce((acc, t) => addOp(acc, t), inputs[0]!);
  }
}

/**
 * An Add layer (`add({name})`), or, given a list of tensors, their sum through a new Add layer
 * (Keras's functional `add([a, b])`).
 *
 * @example
 * const a = tp.input({ shape: [2] }), b = tp.input({ shape: [2] });
 * const s = tp.layers.add([a, b]) as tp.SymbolicTensor;
 * console.log(s.shape); // [null, 2]
 */
export function add(args?: LayerArgs): Add;
export function add(inputs: SymbolicTensor[], args?: LayerArgs): SymbolicTensor;
export function add(inputs: Tensor[], args?: LayerArgs): Tensor;
export function add(x?: LayerArgs | Tensor[] | SymbolicTensor[], args?: LayerArgs): Add | Tensor | SymbolicTensor {
  if (Array.isArray(x)) return new Add(args).apply(x) as Tensor | SymbolicTensor;
  return new Add(x);
}
