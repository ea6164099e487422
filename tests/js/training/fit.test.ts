// model.fit: learning, equality with a hand-written loop, compiled == eager, validation, stopping,
// flat memory.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { maxAbsDiff, mlp, weightValues } from './helpers.js';

await tp.ready();

function regression(n: number, seed: number) {
  const x = tp.randomNormal([n, 3], 0, 1, 'float32', seed);
  const y = tp.tidy(() => x.matMul(tp.tensor2d([[2], [-3], [0.5]])).add(1).add(tp.randomNormal([n, 1], 0, 0.1, 'float32', seed + 1)));
  return { x, y };
}

describe('fit', () => {
  test('a linear regression recovers its coefficients within 1e-2', async () => {
    const x = tp.randomNormal([256, 3], 0, 1, 'float32', 21);
    const y = tp.tidy(() => x.matMul(tp.tensor2d([[2], [-3], [0.5]])).add(1));
    const model = tp.sequential({ layers: [tp.layers.dense({ units: 1, inputShape: [3] })] });
    model.compile({ optimizer: new tp.optimizers.SGD({ learningRate: 0.1 }), loss: 'meanSquaredError' });
    tp.setSeed(1);
    const h = await model.fit(x, y, { epochs: 40, batchSize: 32, verbose: 0 });
    const [k, b] = model.getWeights();
    (Array.from(k!.dataSync())).forEach((v, i) => expect(Math.abs(v - [2, -3, 0.5][i]!)).toBeLessThan(1e-2));
    expect(Math.abs(b!.dataSync()[0]! - 1)).toBeLessThan(1e-2);
    expect(h.history.loss![39]!).toBeLessThan(1e-4);
    expect(h.epoch).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  test('an MLP on the two-spiral set reaches >= 95% train accuracy (fixed seed)', async () => {
    const d = tp.datasets.spiral({ numSamples: 200, seed: 3 });
    const x = tp.tensor2d(d.features);
    const y = tp.tensor2d(d.labels.map((v) => [v]));
    const model = mlp([2, 32, 32, 1], { activation: 'tanh', last: 'sigmoid', seed: 5 });
    model.compile({ optimizer: new tp.optimizers.Adam({ learningRate: 0.01 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    tp.setSeed(3);
    const h = await model.fit(x, y, { epochs: 400, batchSize: 32, verbose: 0 });
    expect(Object.keys(h.history)).toEqual(['loss', 'accuracy']);
    // Accuracy recomputed from predictions, not from the logs.
    const p = (model.predict(x) as tp.Tensor).dataSync();
    const t = y.dataSync();
    let right = 0;
    p.forEach((v, i) => (right += Number((v > 0.5 ? 1 : 0) === t[i])));
    expect(right / 200).toBeGreaterThanOrEqual(0.95);
    // The logged figure is the running mean over the last epoch, while the weights still move.
    expect(h.history.accuracy![399]!).toBeGreaterThanOrEqual(0.9);
  }, 60_000);

  test('every figure of fit equals a hand-written loop (shuffle off, partial last batch)', async () => {
    const { x, y } = regression(70, 3);
    const a = mlp([3, 8, 1], { seed: 3 });
    const b = mlp([3, 8, 1], { seed: 3 });
    expect(maxAbsDiff(weightValues(a), weightValues(b))).toBe(0);
    a.compile({ optimizer: new tp.optimizers.SGD({ learningRate: 0.05, momentum: 0.9 }), loss: 'meanSquaredError', metrics: ['mae'] });
    const h = await a.fit(x, y, { epochs: 3, batchSize: 16, shuffle: false, verbose: 0 });

    const opt = new tp.optimizers.SGD({ learningRate: 0.05, momentum: 0.9 });
    for (let epoch = 0; epoch < 3; epoch++) {
      let sumLoss = 0, sumAbs = 0, count = 0;
      for (let start = 0; start < 70; start += 16) {
        const size = Math.min(16, 70 - start);
        const xb = x.slice([start, 0], [size, 3]);
        const yb = y.slice([start, 0], [size, 1]);
        const tape = new tp.GradientTape();
        let pred: tp.Tensor | null = null;
        const loss = tape.record(() => {
          pred = b.apply(xb, { training: true }) as tp.Tensor;
          return tp.mean(tp.losses.meanSquaredError(yb, pred));
        });
        const vars = b.trainableWeights;
        const grads = tape.gradient(loss, vars);
        opt.applyGradients(grads.map((g, i) => [g, vars[i]!] as [tp.Tensor, tp.Variable]));
        sumLoss += loss.dataSync()[0]! * size;
        const yv = yb.dataSync(), pv = pred!.dataSync();
        yv.forEach((v, i) => (sumAbs += Math.abs(v - pv[i]!)));
        count += size;
      }
      expect(h.history.loss![epoch]!).toBeCloseTo(sumLoss / count, 5);
      expect(h.history.mae![epoch]!).toBeCloseTo(sumAbs / count, 5);
    }
    expect(maxAbsDiff(weightValues(a), weightValues(b))).toBeLessThan(1e-5);
  });

  test('compiled and runEagerly give the same figures and weights within 1e-5 (fixed seed, shuffle, regularizer, constraint, clipnorm, dropout)', async () => {
    const make = (runEagerly: boolean) => {
      const m = tp.sequential({
        layers: [
          tp.layers.dense({ units: 16, activation: 'relu', inputShape: [3], kernelInitializer: tp.initializers.glorotUniform({ seed: 9 }), kernelRegularizer: tp.regularizers.l2({ l2: 0.01 }), kernelConstraint: tp.constraints.maxNorm({ maxValue: 1 }) }),
          tp.layers.dropout({ rate: 0.2 }),
          tp.layers.dense({ units: 1, kernelInitializer: tp.initializers.glorotUniform({ seed: 10 }) }),
        ],
      });
      m.compile({ optimizer: new tp.optimizers.Adam({ learningRate: 0.01, clipnorm: 1 }), loss: 'huber', metrics: ['mse', 'mae'], runEagerly });
      return m;
    };
    const { x, y } = regression(100, 7);
    const results = [];
    for (const eager of [false, true]) {
      const m = make(eager);
      tp.setSeed(42);
      const h = await m.fit(x, y, { epochs: 4, batchSize: 24, verbose: 0, validationSplit: 0.2 });
      results.push({ h: h.history, w: weightValues(m) });
    }
    const [c, e] = results;
    expect(Object.keys(c!.h)).toEqual(['loss', 'mse', 'mae', 'val_loss', 'val_mse', 'val_mae']);
    for (const k of Object.keys(c!.h)) c!.h[k]!.forEach((v, i) => expect(Math.abs(v - e!.h[k]![i]!)).toBeLessThan(1e-5));
    expect(maxAbsDiff(c!.w, e!.w)).toBeLessThan(1e-5);
  });

  test('validationSplit holds out the last fraction, before shuffling', async () => {
    const { x, y } = regression(40, 11);
    const m = mlp([3, 4, 1], { seed: 4 });
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['mae'] });
    const h = await m.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, validationSplit: 0.25 });
    const [loss, mae] = m.evaluate(x.slice([30, 0], [10, 3]), y.slice([30, 0], [10, 1])) as tp.Tensor[];
    expect(h.history.val_loss![1]!).toBeCloseTo(loss!.dataSync()[0]!, 5);
    expect(h.history.val_mae![1]!).toBeCloseTo(mae!.dataSync()[0]!, 5);
  });

  test('validationData gives val_ figures equal to evaluate on that data', async () => {
    const { x, y } = regression(48, 13);
    const v = regression(20, 17);
    const m = mlp([3, 4, 1], { seed: 6 });
    m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
    const h = await m.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, validationData: [v.x, v.y] });
    expect(Object.keys(h.history)).toEqual(['loss', 'mae', 'val_loss', 'val_mae']);
    const [loss] = m.evaluate(v.x, v.y, { batchSize: 7 }) as tp.Tensor[];
    expect(h.history.val_loss![2]!).toBeCloseTo(loss!.dataSync()[0]!, 5);
  });

  test('model.stopTraining set by a callback stops after that batch; the epoch still ends', async () => {
    const { x, y } = regression(64, 19);
    const m = mlp([3, 4, 1], { seed: 8 });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const batches: number[] = [];
    const h = await m.fit(x, y, {
      epochs: 5, batchSize: 8, verbose: 0,
      callbacks: { onBatchEnd: (b: number) => { batches.push(b); if (b === 2) m.stopTraining = true; } },
    });
    expect(batches).toEqual([0, 1, 2]);
    expect(h.epoch).toEqual([0]);
  });

  test('initialEpoch and epochs count as Keras (epochs is the final epoch index + 1)', async () => {
    const { x, y } = regression(16, 23);
    const m = mlp([3, 1], { seed: 2 });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const seen: number[] = [];
    const h = await m.fit(x, y, { epochs: 5, initialEpoch: 3, verbose: 0, callbacks: { onEpochBegin: (e: number) => { seen.push(e); } } });
    expect(seen).toEqual([3, 4]);
    expect(h.epoch).toEqual([3, 4]);
  });

  test("yieldEvery 'batch' lets pending tasks run between batches; 'never' does not", async () => {
    const { x, y } = regression(40, 37);
    const m = mlp([3, 2, 1], { seed: 13 });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    for (const [mode, expected] of [['batch', true], ['never', false]] as const) {
      let ran = false;
      let seenAtEnd: boolean | null = null;
      setImmediate(() => (ran = true));
      await m.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, yieldEvery: mode, callbacks: { onTrainEnd: () => { seenAtEnd = ran; } } });
      expect(seenAtEnd).toBe(expected);
      await new Promise((r) => setImmediate(r));
    }
  });

  test('stepsPerEpoch runs that many batches per epoch', async () => {
    const { x, y } = regression(40, 41);
    const m = mlp([3, 1], { seed: 14 });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const batches: number[] = [];
    await m.fit(x, y, { epochs: 2, batchSize: 8, stepsPerEpoch: 3, verbose: 0, callbacks: { onBatchEnd: (b: number) => { batches.push(b); } } });
    expect(batches).toEqual([0, 1, 2, 0, 1, 2]);
  });

  test('20 epochs leave tp.memory().numTensors flat', async () => {
    const { x, y } = regression(50, 29);
    const m = mlp([3, 8, 1], { seed: 12 });
    m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
    const counts: number[] = [];
    await m.fit(x, y, {
      epochs: 20, batchSize: 16, verbose: 0, validationData: [x, y],
      callbacks: { onEpochEnd: () => { counts.push(tp.memory().numTensors); } },
    });
    expect(counts[19]).toBe(counts[1]);
    const before = tp.memory().numTensors;
    await m.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0 });
    tp.dispose(m.predict(x));
    expect(tp.memory().numTensors).toBe(before);
  });

  test('errors name the field at fault', async () => {
    const { x, y } = regression(10, 31);
    const m = mlp([3, 1], { seed: 2 });
    await expect(m.fit(x, y, { verbose: 0 })).rejects.toThrow(/not compiled/);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(m.fit(x, y.slice([0, 0], [5, 1]), { verbose: 0 })).rejects.toThrow(/same number of samples.*\[10,3\].*\[5,1\]/);
    await expect(m.fit(x, y, { batchSize: 0, verbose: 0 })).rejects.toThrow(/batchSize/);
    await expect(m.fit(x, y, { validationSplit: 1, verbose: 0 })).rejects.toThrow(/validationSplit/);
  });
});
