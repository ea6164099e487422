// Shared test data and models for the training tests.
import * as tp from '../../../web/src/index.js';

/** A small dense regression model with deterministic weights (seeded initializers). */
export function mlp(sizes: number[], opts: { activation?: string; last?: string; seed?: number } = {}): tp.Sequential {
  return tp.sequential({
    layers: sizes.slice(1).map((units, i) =>
      tp.layers.dense({
        units,
        activation: i === sizes.length - 2 ? (opts.last ?? 'linear') : (opts.activation ?? 'tanh'),
        kernelInitializer: tp.initializers.glorotUniform({ seed: (opts.seed ?? 1) + i }),
        ...(i === 0 ? { inputShape: [sizes[0]!] } : {}),
      }),
    ),
  });
}

/** The values of each weight of a model, as plain arrays. */
export function weightValues(model: { getWeights(): tp.Tensor[] }): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

export function maxAbsDiff(a: number[][], b: number[][]): number {
  let d = 0;
  a.forEach((row, i) => row.forEach((v, j) => (d = Math.max(d, Math.abs(v - b[i]![j]!)))));
  return d;
}
