// Small real models for driving callbacks with scripted logs.
import * as tp from '../../../web/src/index.js';

/** dense(3 -> 2) -> dense(2 -> 1), seeded. */
export function smallModel(): tp.Sequential {
  return tp.sequential({
    layers: [
      tp.layers.dense({ units: 2, inputShape: [3], activation: 'tanh', kernelInitializer: tp.initializers.glorotUniform({ seed: 1 }) }),
      tp.layers.dense({ units: 1, kernelInitializer: tp.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

/** Sets every weight of the model to the constant `value` (marks "the weights of epoch value"). */
export function fillWeights(model: tp.Model, value: number): void {
  for (const w of model.weights) w.assign(tp.fill(w.shape, value));
}

/** Every weight value of the model, flattened. */
export function allWeights(model: tp.Model): number[] {
  return model.weights.flatMap((w) => Array.from(w.dataSync()));
}
