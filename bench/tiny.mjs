// Dispatch-bound training: a TF-Playground-size network 2-8-8-1 (tanh, MSE, SGD, batch 32), steps
// per second for model.fit compiled and eager and for custom loops, against TF.js (tfjs-layers fit
// and an optimizer.minimize loop). Per step the work is tiny, so this measures per-op overhead.
//
//   node bench/run.mjs tiny [--quick]
import { trainingCases } from './mlp.mjs';

export const title = 'Tiny network 2-8-8-1 training, tanh, MSE, SGD, batch 32, steps/s (TF.js: tfjs-layers fit / minimize loop)';

const SPEC = {
  sizes: [2, 8, 8, 1], hidden: 'tanh', last: 'linear', loss: 'meanSquaredError',
  optimizer: ['sgd', 0.03], batch: 32, stepsPerEpoch: 50, unit: 'steps',
};

export function* cases(opts) {
  yield* trainingCases(SPEC, opts).cases;
}
