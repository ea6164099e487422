// predict(): the model on batches with training=false, outputs concatenated.
import { concat } from '../ops/assemble.js';
import { dispose } from '../memory.js';
import { Tensor } from '../tensor.js';
import { maybeCompiledState } from './compile.js';
import { Batcher, flatten, numSamples } from './data.js';
import { checkBatchSize } from './evaluate.js';
import { runPredictStep } from './steps.js';
import type { PredictArgs, TensorOrArrayOrMap, TrainableModel } from './types.js';

/**
 * The model's outputs for x, computed in batches of `batchSize` (default 32) with training=false
 * and concatenated (model.predict). Compiled per batch shape unless compiled with runEagerly.
 *
 * @example
 * const model = tp.sequential({ layers: [tp.layers.dense({ units: 2, inputShape: [3] })] });
 * const y = model.predict(tp.ones([100, 3]), { batchSize: 50 }) as tp.Tensor; // shape [100, 2]
 */
export function predictModel(model: TrainableModel, x: TensorOrArrayOrMap, args: PredictArgs = {}): Tensor | Tensor[] {
  const fx = flatten(x, model, 'x', 'predict');
  const samples = numSamples([{ name: 'x', tensors: fx.tensors }], 'predict');
  const batchSize = checkBatchSize(args.batchSize ?? 32, 'predict');
  const layout = { nx: fx.tensors.length, xArray: fx.isArray, ny: 0, hasWeights: false };
  const state = maybeCompiledState(model);
  const batcher = new Batcher(fx.tensors, samples, batchSize);
  const parts: Tensor[][] = [];
  let isArray = false;
  for (let b = 0; b < batcher.numBatches; b++) {
    const batch = batcher.batch(b, null);
    try {
      const out = runPredictStep(model, state, layout, batch);
      isArray = Array.isArray(out);
      parts.push(Array.isArray(out) ? out : [out]);
    } finally {
      dispose(batch);
    }
  }
  if (parts.length === 0) throw new Error(`predict: x has no samples for model '${model.name}'`);
  let outs: Tensor[];
  if (parts.length === 1) outs = parts[0]!;
  else {
    outs = parts[0]!.map((_, i) => concat(parts.map((p) => p[i]!), 0));
    dispose(parts);
  }
  for (const t of outs) if (!(t instanceof Tensor)) throw new Error(`predict: model '${model.name}' returned a non-tensor output`);
  return isArray ? outs : outs[0]!;
}
