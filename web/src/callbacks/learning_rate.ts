// Reading and writing the optimizer's learning rate from callbacks.
import type { CallbackModel } from './callback.js';

interface LrOptimizer {
  learningRate: number;
}

/** The compiled model's optimizer, which must have a numeric `learningRate`. */
export function optimizerOf(model: CallbackModel | null, owner: string): LrOptimizer {
  if (!model) throw new Error(`${owner}: no model set (fit calls setModel; when driving it by hand call setModel(model) first)`);
  const opt = model.optimizer as Partial<LrOptimizer> | undefined;
  if (!opt) throw new Error(`${owner}: the model has no optimizer; compile it first`);
  if (typeof opt.learningRate !== 'number') throw new Error(`${owner}: the optimizer must have a numeric 'learningRate' attribute`);
  return opt as LrOptimizer;
}
