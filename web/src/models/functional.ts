// tp.model: a functional model from symbolic inputs to outputs (TF.js's tf.model).
import type { SymbolicTensor } from '../layers/symbolic_tensor.js';
import { Model } from './model.js';

export interface FunctionalModelArgs {
  inputs: SymbolicTensor | SymbolicTensor[];
  outputs: SymbolicTensor | SymbolicTensor[];
  name?: string;
}

/**
 * A model from the layers between `inputs` (from tp.input) and `outputs`.
 *
 * @example
 * const a = tp.input({ shape: [5] });
 * const b = tp.input({ shape: [6] });
 * const h = tp.layers.dense({ units: 30, activation: 'relu' }).apply(b);
 * const out = tp.layers.dense({ units: 1 }).apply(tp.layers.concatenate([a, h]));
 * const model = tp.model({ inputs: [a, b], outputs: out });
 * console.log(model.apply([tp.ones([2, 5]), tp.ones([2, 6])]).shape); // [2, 1]
 */
export function model(args: FunctionalModelArgs): Model {
  if (typeof args !== 'object' || args === null || args.inputs === undefined || args.outputs === undefined)
    throw new Error('model: expected {inputs, outputs}, the symbolic tensors from tp.input and layer.apply');
  return new Model(args);
}
