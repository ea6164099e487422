// evaluate / predict / trainOnBatch, several outputs (losses, lossWeights, metric names) and
// sample and class weights, checked against hand computations from the model's predictions.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { mlp } from './helpers.js';

await tp.ready();

const data = (n: number, seed: number) => ({
  x: tp.randomNormal([n, 3], 0, 1, 'float32', seed),
  y: tp.randomNormal([n, 1], 0, 1, 'float32', seed + 1),
});
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const num = (t: tp.Tensor) => t.dataSync()[0]!;

describe('evaluate, predict, trainOnBatch', () => {
  test('evaluate returns [loss, ...metrics] equal to the figures from predict', () => {
    const { x, y } = data(37, 1);
    const m = mlp([3, 5, 1], { seed: 2 });
    m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    const [loss, mae] = (m.evaluate(x, y, { batchSize: 10 }) as tp.Tensor[]).map(num);
    const p = (m.predict(x, { batchSize: 9 }) as tp.Tensor).dataSync();
    const t = y.dataSync();
    expect(loss).toBeCloseTo(mean(Array.from(t, (v, i) => (v - p[i]!) ** 2)), 5);
    expect(mae).toBeCloseTo(mean(Array.from(t, (v, i) => Math.abs(v - p[i]!))), 5);
    expect(m.metricsNames).toEqual(['loss', 'mae']);
  });

  test('predict in batches equals the model applied to all samples at once', () => {
    const { x } = data(70, 3);
    const m = mlp([3, 6, 2], { seed: 4 });
    const batched = (m.predict(x, { batchSize: 16 }) as tp.Tensor).dataSync();
    const whole = (m.apply(x) as tp.Tensor).dataSync();
    expect(batched.length).toBe(140);
    batched.forEach((v, i) => expect(v).toBeCloseTo(whole[i]!, 6));
  });

  test("trainOnBatch returns this batch's loss before the update, and updates the weights", () => {
    const { x, y } = data(16, 5);
    const m = mlp([3, 4, 1], { seed: 6 });
    m.compile({ optimizer: new tp.optimizers.SGD({ learningRate: 0.1 }), loss: 'mse', metrics: ['mae'] });
    const [l0, mae0] = (m.evaluate(x, y) as tp.Tensor[]).map(num);
    const r = m.trainOnBatch(x, y) as number[];
    expect(r[0]).toBeCloseTo(l0!, 5);
    expect(r[1]).toBeCloseTo(mae0!, 5);
    const l1 = num((m.evaluate(x, y) as tp.Tensor[])[0]!);
    expect(l1).toBeLessThan(l0!);
  });

  test('sampleWeight weighs each sample: sum(w * loss) / batch size (Keras sum_over_batch_size)', () => {
    const { x, y } = data(8, 7);
    const m = mlp([3, 1], { seed: 8 });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const w = [1, 0, 2, 0.5, 1, 1, 3, 0];
    const loss = num(m.evaluate(x, y, { sampleWeight: tp.tensor1d(w), batchSize: 8 }) as tp.Tensor);
    const p = (m.predict(x) as tp.Tensor).dataSync();
    const t = y.dataSync();
    expect(loss).toBeCloseTo(Array.from(t, (v, i) => (v - p[i]!) ** 2 * w[i]!).reduce((a, b) => a + b) / 8, 5);
  });

  test('classWeight weighs samples by class in fit (one-hot targets)', async () => {
    const x = tp.randomNormal([6, 3], 0, 1, 'float32', 9);
    const labels = [0, 1, 2, 1, 0, 2];
    const y = tp.oneHot(tp.tensor(labels, [labels.length], 'int32'), 3).cast('float32');
    const m = mlp([3, 3], { seed: 10, last: 'softmax' });
    m.compile({ optimizer: new tp.optimizers.SGD({ learningRate: 0 }), loss: 'categoricalCrossentropy' });
    const p = (m.predict(x) as tp.Tensor).arraySync() as number[][];
    const cw: { [c: number]: number } = { 0: 1, 1: 5, 2: 0.5 };
    const h = await m.fit(x, y, { epochs: 1, batchSize: 6, shuffle: false, verbose: 0, classWeight: cw });
    const expected = labels.reduce((s, c, i) => s - Math.log(p[i]![c]!) * cw[c]!, 0) / 6;
    expect(h.history.loss![0]!).toBeCloseTo(expected, 4);
  });
});

describe('several outputs', () => {
  const build = () => {
    const inp = tp.input({ shape: [3] });
    const h = tp.layers.dense({ units: 4, activation: 'tanh', name: 'hidden', kernelInitializer: tp.initializers.glorotUniform({ seed: 1 }) }).apply(inp) as tp.SymbolicTensor;
    const o1 = tp.layers.dense({ units: 1, name: 'reg', kernelInitializer: tp.initializers.glorotUniform({ seed: 2 }) }).apply(h) as tp.SymbolicTensor;
    const o2 = tp.layers.dense({ units: 2, activation: 'softmax', name: 'cls', kernelInitializer: tp.initializers.glorotUniform({ seed: 3 }) }).apply(h) as tp.SymbolicTensor;
    return tp.model({ inputs: inp, outputs: [o1, o2] });
  };
  const x = tp.randomNormal([20, 3], 0, 1, 'float32', 11);
  const yReg = tp.randomNormal([20, 1], 0, 1, 'float32', 12);
  const yCls = tp.tensor1d(Array.from({ length: 20 }, (_, i) => (i * 7) % 2));

  test('per-output losses, lossWeights and metrics; Keras log names with output prefixes', async () => {
    const m = build();
    m.compile({
      optimizer: 'sgd',
      loss: { reg: 'mse', cls: 'sparseCategoricalCrossentropy' },
      lossWeights: { reg: 0.5, cls: 2 },
      metrics: { reg: ['mae'], cls: ['accuracy'] },
    });
    const [loss, regLoss, clsLoss, regMae, clsAcc] = (m.evaluate(x, [yReg, yCls], { batchSize: 20 }) as tp.Tensor[]).map(num);
    expect(m.metricsNames).toEqual(['loss', 'reg_loss', 'cls_loss', 'reg_mae', 'cls_accuracy']);
    const [pr, pc] = m.predict(x) as tp.Tensor[];
    const r = pr!.dataSync(), c = pc!.arraySync() as number[][], tr = yReg.dataSync(), tc = yCls.dataSync();
    expect(regLoss).toBeCloseTo(mean(Array.from(tr, (v, i) => (v - r[i]!) ** 2)), 5);
    expect(clsLoss).toBeCloseTo(mean(Array.from(tc, (v, i) => -Math.log(c[i]![v]!))), 5);
    expect(regMae).toBeCloseTo(mean(Array.from(tr, (v, i) => Math.abs(v - r[i]!))), 5);
    expect(clsAcc).toBeCloseTo(mean(Array.from(tc, (v, i) => Number((c[i]![1]! > c[i]![0]! ? 1 : 0) === v))), 5);
    expect(loss).toBeCloseTo(0.5 * regLoss! + 2 * clsLoss!, 5);
    const h = await m.fit(x, { reg: yReg, cls: yCls }, { epochs: 2, batchSize: 8, verbose: 0 });
    expect(Object.keys(h.history)).toEqual(['loss', 'reg_loss', 'cls_loss', 'reg_mae', 'cls_accuracy']);
  });

  test('a loss list must match the number of outputs', () => {
    const m = build();
    expect(() => m.compile({ optimizer: 'sgd', loss: ['mse'] })).toThrow(/1 entries but the model has 2 outputs/);
  });
});
