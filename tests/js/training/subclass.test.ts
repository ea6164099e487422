// fit with a subclassed model (the course's ReconstructingRegressor: addLoss inside call, a layer
// created in build) and with Keras callbacks (EarlyStopping).
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { maxAbsDiff, mlp, weightValues } from './helpers.js';

await tp.ready();

class ReconstructingRegressor extends tp.Model {
  hidden: tp.layers.Layer[];
  out: tp.layers.Layer;
  reconstruct: tp.layers.Layer | null = null;
  constructor(outputDim: number) {
    super();
    this.hidden = [0, 1].map((i) => tp.layers.dense({ units: 8, activation: 'selu', kernelInitializer: tp.initializers.glorotUniform({ seed: 30 + i }) }));
    this.out = tp.layers.dense({ units: outputDim, kernelInitializer: tp.initializers.glorotUniform({ seed: 40 }) });
  }
  override build(batchInputShape: (number | null)[]) {
    const nInputs = batchInputShape[batchInputShape.length - 1]!;
    this.reconstruct = tp.layers.dense({ units: nInputs, kernelInitializer: tp.initializers.glorotUniform({ seed: 50 }) });
    super.build(batchInputShape);
  }
  override call(inputs: tp.Tensor) {
    let z = inputs;
    for (const layer of this.hidden) z = layer.apply(z) as tp.Tensor;
    const reconstruction = this.reconstruct!.apply(z) as tp.Tensor;
    const reconLoss = tp.mean(tp.square(reconstruction.sub(inputs)));
    this.addLoss(reconLoss.mul(0.05));
    return this.out.apply(z) as tp.Tensor;
  }
}

const x = tp.randomNormal([48, 4], 0, 1, 'float32', 1);
const y = tp.randomNormal([48, 1], 0, 1, 'float32', 2);

describe('subclassed models and callbacks', () => {
  test("ReconstructingRegressor: the addLoss term is part of fit's loss; compiled == eager", async () => {
    const runs: { m: ReconstructingRegressor; loss: number[]; w: number[][] }[] = [];
    for (const runEagerly of [false, true]) {
      const m = new ReconstructingRegressor(1);
      m.compile({ optimizer: 'nadam', loss: 'mse', runEagerly });
      tp.setSeed(9);
      const h = await m.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0 });
      runs.push({ m, loss: h.history.loss!, w: weightValues(m) });
    }
    runs[0]!.loss.forEach((v, i) => expect(Math.abs(v - runs[1]!.loss[i]!)).toBeLessThan(1e-5));
    expect(maxAbsDiff(runs[0]!.w, runs[1]!.w)).toBeLessThan(1e-5);
    // evaluate's loss = mse of the predictions + 0.05 * reconstruction loss (from model.losses).
    const m = runs[0]!.m;
    const loss = (m.evaluate(x, y, { batchSize: 48 }) as tp.Tensor).dataSync()[0]!;
    const p = m.apply(x) as tp.Tensor;
    const extra = m.losses.reduce((s, t) => s + t.dataSync()[0]!, 0);
    const pv = p.dataSync(), yv = y.dataSync();
    const mse = Array.from(yv, (v, i) => (v - pv[i]!) ** 2).reduce((a, b) => a + b) / 48;
    expect(extra).toBeGreaterThan(0);
    expect(loss).toBeCloseTo(mse + extra, 5);
  });

  test('EarlyStopping stops fit through model.stopTraining', async () => {
    const m = mlp([4, 1], { seed: 3 });
    m.compile({ optimizer: new tp.optimizers.SGD({ learningRate: 0 }), loss: 'mse' });
    const h = await m.fit(x, y, { epochs: 10, verbose: 0, shuffle: false, callbacks: [new tp.callbacks.EarlyStopping({ monitor: 'loss', patience: 1 })] });
    expect(h.epoch).toEqual([0, 1]); // the loss never improves after epoch 0
  });

  test('ModelCheckpoint-style callbacks see val_ logs at epoch end', async () => {
    const m = mlp([4, 1], { seed: 4 });
    m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    const keys: string[][] = [];
    await m.fit(x, y, { epochs: 2, verbose: 0, validationSplit: 0.25, callbacks: [new tp.callbacks.LambdaCallback({ onEpochEnd: (_e, logs) => { keys.push(Object.keys(logs!)); } })] });
    expect(keys).toEqual([['loss', 'mae', 'val_loss', 'val_mae'], ['loss', 'mae', 'val_loss', 'val_mae']]);
  });
});
