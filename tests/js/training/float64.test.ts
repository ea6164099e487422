// fit / evaluate / predict of a float64 model, compiled and eager: loss trackers, metrics and logs
// follow the model's dtype, and the numbers match closed forms of a linear model to ~1e-12 (and the
// same model in float32 to float32 precision).
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

const X = [[0.3, -1.2, 2.5], [1.1, 0.4, -0.7], [-2.2, 0.9, 0.1], [0.5, 0.5, 1.5], [1.7, -0.3, -1.1], [-0.6, 2.1, 0.8]];
const Y = [[1.5], [-0.4], [0.2], [2.2], [-1.3], [0.9]];
const W0 = [[0.25], [-0.5], [0.75]];
const B0 = [0.1];
// A power of two: the optimizer holds its learning rate in float32, as Keras does.
const LR = 0.0625;

const dot = (a: number[], w: number[][]) => a.reduce((s, v, j) => s + v * w[j]![0]!, 0);

/** Predictions, MSE and MAE of y = xW + b, and one full-batch SGD step on the MSE. */
function closedForm(w: number[][], b: number[]) {
  const pred = X.map((x) => dot(x, w) + b[0]!);
  const err = pred.map((p, i) => p - Y[i]![0]!);
  const n = X.length;
  const mse = err.reduce((s, e) => s + e * e, 0) / n;
  const mae = err.reduce((s, e) => s + Math.abs(e), 0) / n;
  const gw = w.map((_, j) => [X.reduce((s, x, i) => s + (2 / n) * err[i]! * x[j]!, 0)]);
  const gb = err.reduce((s, e) => s + (2 / n) * e, 0);
  return { pred, mse, mae, w1: w.map((r, j) => [r[0]! - LR * gw[j]![0]!]), b1: [b[0]! - LR * gb] };
}

function makeModel(dtype: tp.DType, runEagerly: boolean) {
  const model = tp.sequential([tp.layers.dense({ units: 1, inputShape: [3], dtype })]);
  model.setWeights([tp.tensor(W0, undefined, dtype), tp.tensor(B0, undefined, dtype)]);
  model.compile({ optimizer: tp.train.sgd(LR), loss: 'meanSquaredError', metrics: ['mae', new tp.metrics.MeanSquaredError({ dtype })], runEagerly });
  return model;
}

const cf0 = closedForm(W0, B0);
const cf1 = closedForm(cf0.w1, cf0.b1);

for (const runEagerly of [false, true]) {
  describe(`float64 model (${runEagerly ? 'eager' : 'compiled'})`, () => {
    test('predict, evaluate and fit give float64 results equal to the closed forms', async () => {
      const model = makeModel('float64', runEagerly);
      const x = tp.tensor(X, undefined, 'float64');
      const y = tp.tensor(Y, undefined, 'float64');

      const pred = model.predict(x) as tp.Tensor;
      expect(pred.dtype).toBe('float64');
      (pred.dataSync() as Float64Array).forEach((p, i) => expect(Math.abs(p - cf0.pred[i]!)).toBeLessThan(1e-14));

      const ev = model.evaluate(x, y, { batchSize: 4 }) as tp.Tensor[];
      expect(ev.map((t) => t.dtype)).toEqual(['float64', 'float64', 'float64']);
      expect(Math.abs((ev[0]!.arraySync() as number) - cf0.mse)).toBeLessThan(1e-13);
      expect(Math.abs((ev[1]!.arraySync() as number) - cf0.mae)).toBeLessThan(1e-13); // metrics named by string take the model's dtype
      expect(Math.abs((ev[2]!.arraySync() as number) - cf0.mse)).toBeLessThan(1e-13);

      const history = await model.fit(x, y, { epochs: 2, batchSize: 6, verbose: 0 });
      const h = history.history;
      // Epoch logs are the figures before each step's update.
      expect(Math.abs(h.loss![0]! - cf0.mse)).toBeLessThan(1e-13);
      expect(Math.abs(h.loss![1]! - cf1.mse)).toBeLessThan(1e-13);
      expect(Math.abs(h.mean_squared_error![1]! - cf1.mse)).toBeLessThan(1e-13);
      expect(Math.abs(h.mae![1]! - cf1.mae)).toBeLessThan(1e-13);
      expect(cf1.mse).toBeLessThan(cf0.mse);
      const [w, b] = model.getWeights();
      expect(w!.dtype).toBe('float64');
      (w!.dataSync() as Float64Array).forEach((v, j) => expect(Math.abs(v - cf1.w1[j]![0]!)).toBeLessThan(1e-14));
      expect(Math.abs(b!.dataSync()[0]! - cf1.b1[0]!)).toBeLessThan(1e-14);
      tp.dispose([x, y, pred, ...ev]);
    });

    test('float32 and float64 models agree to float32 precision', async () => {
      const logs: Record<string, number[]>[] = [];
      for (const dtype of ['float32', 'float64'] as const) {
        const model = makeModel(dtype, runEagerly);
        const x = tp.tensor(X, undefined, dtype);
        const y = tp.tensor(Y, undefined, dtype);
        logs.push((await model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 })).history as Record<string, number[]>);
        tp.dispose([x, y]);
      }
      for (const key of ['loss', 'mae', 'mean_squared_error'])
        logs[0]![key]!.forEach((v, i) => expect(Math.abs(v - logs[1]![key]![i]!)).toBeLessThan(1e-5));
    });
  });
}

test('clipByGlobalNorm keeps float64 gradients in float64, at float64 precision', () => {
  const a = [1e-3, 2 + 1e-12, -3];
  const b = [4, 5e-9];
  const norm = Math.sqrt([...a, ...b].reduce((s, v) => s + v * v, 0));
  const [ca, cb] = tp.optimizers.clipByGlobalNorm([tp.tensor(a, undefined, 'float64'), tp.tensor(b, undefined, 'float64')], 1);
  expect(ca!.dtype).toBe('float64');
  expect(cb!.dtype).toBe('float64');
  const got = [...ca!.dataSync(), ...cb!.dataSync()];
  [...a, ...b].forEach((v, i) => expect(Math.abs(got[i]! - v / norm)).toBeLessThan(1e-16));
  const n = tp.optimizers.globalNorm([tp.tensor(a, undefined, 'float64'), tp.tensor(b)]);
  expect(n.dtype).toBe('float64');
});
