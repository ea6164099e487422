// BatchNormalization and LayerNormalization against their formulas.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';

await tp.ready();

const X = [[1, 10], [3, 20], [5, 60]];
// Per column: mean [3, 30], biased variance [(4 + 0 + 4) / 3, (400 + 100 + 900) / 3] = [8/3, 1400/3].
const MEAN = [3, 30];
const VAR = [8 / 3, 1400 / 3];

function normalized(x: number[][], mean: number[], variance: number[], eps: number, gamma = [1, 1], beta = [0, 0]): number[][] {
  return x.map((r) => r.map((v, j) => (gamma[j]! * (v - mean[j]!)) / Math.sqrt(variance[j]! + eps) + beta[j]!));
}

describe('tp.layers.batchNormalization', () => {
  test('training normalizes with the batch statistics and moves the moving ones by momentum', () => {
    const bn = tp.layers.batchNormalization();
    const y = bn.apply(tp.tensor(X), { training: true });
    expectTensor(y, normalized(X, MEAN, VAR, 1e-3), 'float32', 1e-4);
    const [gamma, beta, mm, mv] = bn.weights;
    expect(bn.weights.map((w) => w.name)).toEqual([
      'batch_normalization/gamma:0', 'batch_normalization/beta:0', 'batch_normalization/moving_mean:0', 'batch_normalization/moving_variance:0',
    ]);
    expect(bn.trainableWeights).toEqual([gamma, beta]);
    expect(bn.nonTrainableWeights).toEqual([mm, mv]);
    // moving = 0.99 * initial + 0.01 * batch; initial mean 0, variance 1.
    expectTensor(mm!, MEAN.map((m) => 0.01 * m), 'float32', 1e-5);
    expectTensor(mv!, VAR.map((v) => 0.99 + 0.01 * v), 'float32', 1e-4);
    expect(bn.countParams()).toBe(8);
  });

  test('inference uses the moving statistics, gamma and beta', () => {
    const bn = tp.layers.batchNormalization({ epsilon: 0.01, inputShape: [2] });
    tp.sequential([bn]);
    bn.setWeights([tp.tensor([2, 0.5]), tp.tensor([1, -1]), tp.tensor([1, 2]), tp.tensor([4, 9])]);
    const y = bn.apply(tp.tensor(X));
    expectTensor(y, normalized(X, [1, 2], [4, 9], 0.01, [2, 0.5], [1, -1]), 'float32', 1e-4);
    // Inference leaves the moving statistics alone.
    expectTensor(bn.weights[2]!, [1, 2], 'float32');
  });

  test('a frozen layer runs in inference mode even with training true', () => {
    const bn = tp.layers.batchNormalization();
    bn.apply(tp.tensor(X));
    bn.trainable = false;
    const y = bn.apply(tp.tensor(X), { training: true });
    expectTensor(y, normalized(X, [0, 0], [1, 1], 1e-3), 'float32', 1e-4);
    expectTensor(bn.weights[2]!, [0, 0], 'float32');
  });

  test('axis 1 of a rank-3 input (channels first)', () => {
    const bn = tp.layers.batchNormalization({ axis: 1, center: false, scale: false });
    const x = tp.tensor([[[1, 3], [10, 10]], [[5, 7], [20, 40]]]); // [2, 2, 2]
    const y = bn.apply(x, { training: true });
    // channel 0 values 1,3,5,7: mean 4, var 5; channel 1 values 10,10,20,40: mean 20, var 150
    const f = (v: number, m: number, s: number) => (v - m) / Math.sqrt(s + 1e-3);
    expectTensor(y, [[[f(1, 4, 5), f(3, 4, 5)], [f(10, 20, 150), f(10, 20, 150)]], [[f(5, 4, 5), f(7, 4, 5)], [f(20, 20, 150), f(40, 20, 150)]]], 'float32', 1e-4);
    expect(bn.weights.length).toBe(2);
  });

  test('the moving statistics update inside tp.function (variable assigns are traced)', () => {
    const bn = tp.layers.batchNormalization();
    bn.apply(tp.tensor(X));
    const step = tp.function((x: tp.Tensor) => bn.apply(x, { training: true }) as tp.Tensor);
    for (let i = 0; i < 3; i++) step(tp.tensor(X));
    expect(step.traceCount).toBe(1);
    // three updates: m_k = m_{k-1} + (batch - m_{k-1}) * 0.01, from 0
    const m = MEAN.map((b) => b * (1 - 0.99 ** 3));
    expectTensor(bn.weights[2]!, m, 'float32', 1e-4);
  });

  test('errors name the layer and shapes', () => {
    const bn = tp.layers.batchNormalization({ name: 'bn' });
    bn.apply(tp.ones([2, 3]));
    expect(() => bn.apply(tp.ones([2, 4]))).toThrow("batch_normalization 'bn': expected input with last dimension 3, got shape [2,4]");
    expect(() => bn.apply(tp.ones([2, 3, 3]))).toThrow("batch_normalization 'bn': expected input of rank 2, got shape [2,3,3]");
  });

  test('getConfig has the Keras defaults', () => {
    expect(tp.layers.batchNormalization().getConfig()).toMatchObject({ axis: -1, momentum: 0.99, epsilon: 1e-3, center: true, scale: true });
  });
});

describe('tp.layers.layerNormalization', () => {
  test('each sample normalized over its last axis, then gamma and beta', () => {
    const ln = tp.layers.layerNormalization({ inputShape: [3] });
    tp.sequential([ln]);
    ln.setWeights([tp.tensor([1, 2, 3]), tp.tensor([0, 1, 0])]);
    const x = [[1, 2, 3], [2, 2, 8]];
    const y = ln.apply(tp.tensor(x));
    const want = x.map((r) => {
      const m = r.reduce((a, b) => a + b) / 3;
      const v = r.reduce((a, b) => a + (b - m) ** 2, 0) / 3;
      return r.map((e, j) => [1, 2, 3][j]! * ((e - m) / Math.sqrt(v + 1e-3)) + [0, 1, 0][j]!);
    });
    expectTensor(y, want, 'float32', 1e-4);
    expect(ln.weights.map((w) => w.name)).toEqual(['layer_normalization/gamma:0', 'layer_normalization/beta:0']);
  });

  test('several axes', () => {
    const ln = tp.layers.layerNormalization({ axis: [1, 2], epsilon: 0, center: false, scale: false });
    const y = ln.apply(tp.tensor([[[1, 2], [3, 4]]]));
    const s = Math.sqrt(1.25);
    expectTensor(y, [[[-1.5 / s, -0.5 / s], [0.5 / s, 1.5 / s]]], 'float32', 1e-5);
  });
});
