// Streaming metrics against the numbers in Keras's documentation (keras.io API docs of each
// metric), the course's Precision example, and TF.js's stateless metric functions.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

const num = (t: tp.Tensor) => t.arraySync() as number;

function stream(m: tp.metrics.Metric, yTrue: tp.TensorLike, yPred: tp.TensorLike, sw?: tp.TensorLike): number {
  m.resetState();
  m.updateState(yTrue, yPred, sw);
  return num(m.result());
}

describe("the course's Precision example", () => {
  test('0.8 after the first batch, 0.5 after the second', () => {
    const precision = new tp.metrics.Precision();
    expect(num(precision.apply([0, 1, 1, 1, 0, 1, 0, 1], [1, 1, 0, 1, 0, 1, 0, 1]))).toBeCloseTo(0.8, 6);
    expect(num(precision.apply([0, 1, 0, 0, 1, 0, 1, 1], [1, 0, 1, 1, 0, 0, 0, 0]))).toBeCloseTo(0.5, 6);
    expect(Array.from(precision.truePositives.dataSync())).toEqual([4]);
    expect(Array.from(precision.falsePositives.dataSync())).toEqual([4]);
  });
});

describe('Keras docs examples', () => {
  test('Mean and Sum', () => {
    const m = new tp.metrics.Mean();
    expect(stream(m, [1, 3, 5, 7], null as never)).toBe(4);
    m.resetState();
    m.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
    expect(num(m.result())).toBe(2);
    const s = new tp.metrics.Sum();
    s.updateState([1, 3, 5, 7]);
    expect(num(s.result())).toBe(16);
  });

  test('Accuracy', () => {
    const m = new tp.metrics.Accuracy();
    expect(stream(m, [[1], [2], [3], [4]], [[0], [2], [3], [4]])).toBeCloseTo(0.75, 6);
    expect(stream(m, [[1], [2], [3], [4]], [[0], [2], [3], [4]], [1, 1, 0, 0])).toBeCloseTo(0.5, 6);
  });

  test('BinaryAccuracy', () => {
    const m = new tp.metrics.BinaryAccuracy();
    expect(stream(m, [[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])).toBeCloseTo(0.75, 6);
    expect(stream(m, [[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], [1, 0, 0, 1])).toBeCloseTo(0.5, 6);
  });

  test('CategoricalAccuracy, SparseCategoricalAccuracy, TopKCategoricalAccuracy(k=1)', () => {
    const yp = [[0.1, 0.9, 0.8], [0.05, 0.95, 0]];
    const cat = new tp.metrics.CategoricalAccuracy();
    expect(stream(cat, [[0, 0, 1], [0, 1, 0]], yp)).toBeCloseTo(0.5, 6);
    expect(stream(cat, [[0, 0, 1], [0, 1, 0]], yp, [0.7, 0.3])).toBeCloseTo(0.3, 6);
    const sparse = new tp.metrics.SparseCategoricalAccuracy();
    expect(stream(sparse, [[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])).toBeCloseTo(0.5, 6);
    expect(stream(sparse, [[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]], [0.7, 0.3])).toBeCloseTo(0.3, 6);
    const top1 = new tp.metrics.TopKCategoricalAccuracy({ k: 1 });
    expect(stream(top1, [[0, 0, 1], [0, 1, 0]], yp)).toBeCloseTo(0.5, 6);
    expect(stream(top1, [[0, 0, 1], [0, 1, 0]], yp, [0.7, 0.3])).toBeCloseTo(0.3, 6);
    const sparseTop1 = new tp.metrics.SparseTopKCategoricalAccuracy({ k: 1 });
    expect(stream(sparseTop1, [2, 1], yp)).toBeCloseTo(0.5, 6);
    expect(stream(sparseTop1, [2, 1], yp, [0.7, 0.3])).toBeCloseTo(0.3, 6);
  });

  test('Precision (with sample weights, topK)', () => {
    const m = new tp.metrics.Precision();
    expect(stream(m, [0, 1, 1, 1], [1, 0, 1, 1])).toBeCloseTo(2 / 3, 6);
    expect(stream(m, [0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0])).toBeCloseTo(1, 6);
    // "With top_k=2, it will calculate precision over y_true[:2] and y_pred[:2]"
    expect(stream(new tp.metrics.Precision({ topK: 2 }), [0, 0, 1, 1], [1, 1, 1, 1])).toBe(0);
    expect(stream(new tp.metrics.Precision({ topK: 4 }), [0, 0, 1, 1], [1, 1, 1, 1])).toBeCloseTo(0.5, 6);
  });

  test('Recall', () => {
    const m = new tp.metrics.Recall();
    expect(stream(m, [0, 1, 1, 1], [1, 0, 1, 1])).toBeCloseTo(2 / 3, 6);
    expect(stream(m, [0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0])).toBeCloseTo(1, 6);
  });

  test('AUC (numThresholds 3) and its confusion counts', () => {
    const m = new tp.metrics.AUC({ numThresholds: 3 });
    expect(m.thresholds).toEqual([-1e-7, 0.5, 1 + 1e-7]);
    m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
    expect(Array.from(m.truePositives.dataSync())).toEqual([2, 1, 0]);
    expect(Array.from(m.falsePositives.dataSync())).toEqual([2, 0, 0]);
    expect(Array.from(m.falseNegatives.dataSync())).toEqual([0, 1, 2]);
    expect(Array.from(m.trueNegatives.dataSync())).toEqual([0, 2, 2]);
    expect(num(m.result())).toBeCloseTo(0.75, 6);
    expect(stream(m, [0, 0, 1, 1], [0, 0.5, 0.3, 0.9], [1, 0, 0, 1])).toBeCloseTo(1, 6);
  });

  test('confusion counts: TruePositives, FalsePositives, TrueNegatives, FalseNegatives', () => {
    expect(stream(new tp.metrics.TruePositives(), [0, 1, 1, 1], [1, 0, 1, 1])).toBe(2);
    expect(stream(new tp.metrics.TruePositives(), [0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0])).toBe(1);
    expect(stream(new tp.metrics.FalsePositives(), [0, 1, 0, 0], [0, 0, 1, 1])).toBe(2);
    expect(stream(new tp.metrics.FalsePositives(), [0, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 0])).toBe(1);
    expect(stream(new tp.metrics.TrueNegatives(), [0, 1, 0, 0], [1, 1, 0, 0])).toBe(2);
    expect(stream(new tp.metrics.TrueNegatives(), [0, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 0])).toBe(1);
    expect(stream(new tp.metrics.FalseNegatives(), [0, 1, 1, 1], [0, 1, 0, 0])).toBe(2);
    expect(stream(new tp.metrics.FalseNegatives(), [0, 1, 1, 1], [0, 1, 0, 0], [0, 0, 1, 0])).toBe(1);
  });

  test('regression metrics: MeanSquaredError, MeanAbsoluteError, RootMeanSquaredError, MAPE, MSLE, LogCoshError, CosineSimilarity', () => {
    const yt = [[0, 1], [0, 0]];
    const yp = [[1, 1], [0, 0]];
    expect(stream(new tp.metrics.MeanSquaredError(), yt, yp)).toBeCloseTo(0.25, 6);
    expect(stream(new tp.metrics.MeanSquaredError(), yt, yp, [1, 0])).toBeCloseTo(0.5, 6);
    expect(stream(new tp.metrics.MeanAbsoluteError(), yt, yp)).toBeCloseTo(0.25, 6);
    expect(stream(new tp.metrics.MeanAbsoluteError(), yt, yp, [1, 0])).toBeCloseTo(0.5, 6);
    expect(stream(new tp.metrics.RootMeanSquaredError(), yt, yp)).toBeCloseTo(0.5, 6);
    expect(stream(new tp.metrics.RootMeanSquaredError(), yt, yp, [1, 0])).toBeCloseTo(0.70710677, 6);
    expect(stream(new tp.metrics.MeanAbsolutePercentageError(), yt, yp)).toBeCloseTo(250000000, -3);
    expect(stream(new tp.metrics.MeanAbsolutePercentageError(), yt, yp, [1, 0])).toBeCloseTo(500000000, -3);
    expect(stream(new tp.metrics.MeanSquaredLogarithmicError(), yt, yp)).toBeCloseTo(0.12011, 4);
    expect(stream(new tp.metrics.MeanSquaredLogarithmicError(), yt, yp, [1, 0])).toBeCloseTo(0.24022, 4);
    expect(stream(new tp.metrics.LogCoshError(), yt, yp)).toBeCloseTo(0.10844523, 5);
    expect(stream(new tp.metrics.LogCoshError(), yt, yp, [1, 0])).toBeCloseTo(0.21689045, 5);
    const cos = new tp.metrics.CosineSimilarity({ axis: 1 });
    expect(stream(cos, [[0, 1], [1, 1]], [[1, 0], [1, 1]])).toBeCloseTo(0.49999997, 6);
    expect(stream(cos, [[0, 1], [1, 1]], [[1, 0], [1, 1]], [0.3, 0.7])).toBeCloseTo(0.6999999, 6);
  });

  test('probabilistic and hinge metrics', () => {
    const yt = [[0, 1], [0, 0]];
    const yp = [[0.6, 0.4], [0.4, 0.6]];
    expect(stream(new tp.metrics.BinaryCrossentropy(), yt, yp)).toBeCloseTo(0.81492424, 4);
    expect(stream(new tp.metrics.BinaryCrossentropy(), yt, yp, [1, 0])).toBeCloseTo(0.9162905, 4);
    const cceT = [[0, 1, 0], [0, 0, 1]];
    const cceP = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]];
    expect(stream(new tp.metrics.CategoricalCrossentropy(), cceT, cceP)).toBeCloseTo(1.1769392, 5);
    expect(stream(new tp.metrics.CategoricalCrossentropy(), cceT, cceP, [0.3, 0.7])).toBeCloseTo(1.6271976, 5);
    expect(stream(new tp.metrics.SparseCategoricalCrossentropy(), [1, 2], cceP)).toBeCloseTo(1.1769392, 5);
    expect(stream(new tp.metrics.SparseCategoricalCrossentropy(), [1, 2], cceP, [0.3, 0.7])).toBeCloseTo(1.6271976, 5);
    expect(stream(new tp.metrics.KLDivergence(), yt, yp)).toBeCloseTo(0.45814306, 5);
    expect(stream(new tp.metrics.KLDivergence(), yt, yp, [1, 0])).toBeCloseTo(0.9162892, 5);
    expect(stream(new tp.metrics.Poisson(), yt, [[1, 1], [0, 0]])).toBeCloseTo(0.49999997, 5);
    expect(stream(new tp.metrics.Poisson(), yt, [[1, 1], [0, 0]], [1, 0])).toBeCloseTo(0.99999994, 5);
    expect(stream(new tp.metrics.Hinge(), yt, yp)).toBeCloseTo(1.3, 5);
    expect(stream(new tp.metrics.Hinge(), yt, yp, [1, 0])).toBeCloseTo(1.1, 5);
    expect(stream(new tp.metrics.SquaredHinge(), yt, yp)).toBeCloseTo(1.86, 5);
    expect(stream(new tp.metrics.SquaredHinge(), yt, yp, [1, 0])).toBeCloseTo(1.46, 5);
    expect(stream(new tp.metrics.CategoricalHinge(), yt, yp)).toBeCloseTo(1.4, 5);
    expect(stream(new tp.metrics.CategoricalHinge(), yt, yp, [1, 0])).toBeCloseTo(1.2, 5);
  });
});

describe('TF.js stateless metric functions', () => {
  test('binaryAccuracy and categoricalAccuracy are per sample, as in TF.js', () => {
    const ba = tp.metrics.binaryAccuracy(tp.tensor([[1, 0], [0, 0]]), tp.tensor([[0.7, 0.2], [0.6, 0.4]]));
    expect(ba.arraySync()).toEqual([1, 0.5]);
    const ca = tp.metrics.categoricalAccuracy(tp.tensor([[0, 0, 0, 1], [0, 0, 0, 1]]), tp.tensor([[0.1, 0.8, 0.05, 0.05], [0.1, 0.05, 0.05, 0.8]]));
    expect(ca.arraySync()).toEqual([0, 1]);
    const sca = tp.metrics.sparseCategoricalAccuracy(tp.tensor([1, 1, 2, 2, 0]), tp.tensor([[0, 1, 0], [1, 0, 0], [0, 0.4, 0.6], [0, 0.6, 0.4], [0.7, 0.3, 0]]));
    expect(sca.arraySync()).toEqual([1, 0, 1, 0, 1]);
  });

  test('precision and recall are batch scalars on 0/1 predictions (0 when undefined)', () => {
    const yt = tp.tensor([[0, 0, 0, 1], [0, 1, 0, 1]]);
    const yp = tp.tensor([[0, 0, 1, 0], [0, 1, 0, 1]]);
    // tp = 2, fp = 1, fn = 1
    expect(num(tp.metrics.precision(yt, yp))).toBeCloseTo(2 / 3, 6);
    expect(num(tp.metrics.recall(yt, yp))).toBeCloseTo(2 / 3, 6);
    expect(num(tp.metrics.precision(tp.tensor([1, 1]), tp.tensor([0, 0])))).toBe(0);
    expect(num(tp.metrics.recall(tp.tensor([0, 0]), tp.tensor([1, 0])))).toBe(0);
  });

  test('regression functions and cosineProximity are per sample', () => {
    const yt = tp.tensor([[0, 1], [3, 4]]);
    const yp = tp.tensor([[0, 0], [-1, 4]]);
    expect(tp.metrics.meanSquaredError(yt, yp).arraySync()).toEqual([0.5, 8]);
    expect(tp.metrics.mse(yt, yp).arraySync()).toEqual([0.5, 8]);
    expect(tp.metrics.meanAbsoluteError(yt, yp).arraySync()).toEqual([0.5, 2]);
    (tp.metrics.meanAbsolutePercentageError(yt, yp).arraySync() as number[]).forEach((v, i) => expect(v).toBeCloseTo([50, (4 / 3) * 50][i]!, 4));
    const cp = tp.metrics.cosineProximity(tp.tensor([[1, 0], [1, 1]]), tp.tensor([[2, 0], [-1, -1]])).arraySync() as number[];
    expect(cp[0]).toBeCloseTo(-1, 6);
    expect(cp[1]).toBeCloseTo(1, 6);
  });
});
