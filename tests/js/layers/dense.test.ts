// Dense: values against x @ W + b by hand, shapes, configs, weights, errors.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';

await tp.ready();

describe('tp.layers.dense', () => {
  test('output = x @ W + b, with the weights set by setWeights', () => {
    const layer = tp.layers.dense({ units: 2, inputShape: [3] });
    tp.sequential([layer]);
    layer.setWeights([tp.tensor([[1, 2], [3, 4], [5, 6]]), tp.tensor([0.5, -1])]);
    // [1, 0, 2] @ W = [1 + 10, 2 + 12] = [11, 14]; + b = [11.5, 13]
    // [0, 1, -1] @ W = [3 - 5, 4 - 6] = [-2, -2]; + b = [-1.5, -3]
    expectTensor(layer.apply(tp.tensor([[1, 0, 2], [0, 1, -1]])), [[11.5, 13], [-1.5, -3]], 'float32', 1e-6);
  });

  test('activation is applied after the bias', () => {
    const layer = tp.layers.dense({ units: 2, activation: 'relu', kernelInitializer: 'ones', biasInitializer: tp.initializers.constant({ value: -3 }) });
    // [1, 1] @ ones = [2, 2]; -3 => [-1, -1] -> relu 0;  [2, 2] -> [4, 4] - 3 = 1
    expectTensor(layer.apply(tp.tensor([[1, 1], [2, 2]])), [[0, 0], [1, 1]], 'float32', 1e-6);
  });

  test('inputs of rank 3 use the last axis', () => {
    const layer = tp.layers.dense({ units: 1, kernelInitializer: 'ones', useBias: false });
    const y = layer.apply(tp.tensor([[[1, 2], [3, 4], [5, 6]]]));
    expectTensor(y, [[[3], [7], [11]]], 'float32', 1e-6);
    expect(layer.computeOutputShape([null, 3, 2])).toEqual([null, 3, 1]);
  });

  test('weights are named layer/weight, built from the first input shape', () => {
    const layer = tp.layers.dense({ units: 4, name: 'hidden' });
    expect(layer.built).toBe(false);
    expect(layer.weights).toEqual([]);
    layer.apply(tp.zeros([5, 3]));
    expect(layer.built).toBe(true);
    expect(layer.weights.map((w) => w.name)).toEqual(['hidden/kernel:0', 'hidden/bias:0']);
    expect(layer.weights.map((w) => w.shape)).toEqual([[3, 4], [4]]);
    expect(layer.countParams()).toBe(3 * 4 + 4);
    expect(layer.trainableWeights.length).toBe(2);
    expect(layer.nonTrainableWeights.length).toBe(0);
    expect(layer.trainableVariables).toEqual(layer.trainableWeights);
    expect(layer.variables).toEqual(layer.weights);
  });

  test('default names are unique per class, Keras style', () => {
    tp.layers.clearSession();
    const names = [tp.layers.dense({ units: 1 }), tp.layers.dense({ units: 1 }), tp.layers.dense({ units: 1 })].map((l) => l.name);
    expect(names).toEqual(['dense', 'dense_1', 'dense_2']);
    expect(tp.layers.batchNormalization().name).toBe('batch_normalization');
  });

  test('getConfig has the Keras keys in camelCase', () => {
    const layer = tp.layers.dense({ units: 3, activation: 'tanh', useBias: false, name: 'd', inputShape: [7] });
    const c = layer.getConfig();
    expect(c).toMatchObject({ units: 3, activation: 'tanh', useBias: false, name: 'd', trainable: true, batchInputShape: [null, 7], dtype: 'float32' });
    expect(c.kernelInitializer).toEqual({ className: 'GlorotUniform', config: { seed: null } });
    expect(c.kernelRegularizer).toBeNull();
    const copy = tp.layers.Dense.fromConfig({ ...c, name: 'd_copy' });
    expect(copy.units).toBe(3);
    expect(copy.useBias).toBe(false);
  });

  test('a kernel regularizer adds its penalty to losses, computed fresh from the weights', () => {
    const layer = tp.layers.dense({ units: 1, kernelInitializer: 'ones', kernelRegularizer: tp.regularizers.l2({ l2: 0.1 }) });
    layer.apply(tp.ones([1, 3]));
    expectTensor(layer.losses[0]!, 0.1 * 3, 'float32', 1e-6);
    layer.weights[0]!.assign(tp.tensor([[2], [0], [0]]));
    expectTensor(layer.losses[0]!, 0.1 * 4, 'float32', 1e-6);
  });

  test('a kernel constraint becomes the variable constraint', () => {
    const layer = tp.layers.dense({ units: 2, kernelConstraint: tp.constraints.nonNeg() });
    layer.apply(tp.ones([1, 2]));
    const k = layer.weights[0]!;
    expect(k.constraint).not.toBeNull();
    expectTensor(k.constraint!(tp.tensor([[-1, 2], [3, -4]])), [[0, 2], [3, 0]], 'float32', 0);
    expect(layer.weights[1]!.constraint).toBeNull();
  });

  test('the course custom components: functions as activation, initializer, regularizer, constraint', () => {
    const mySoftplus = (z: tp.Tensor) => tp.log(tp.exp(z).add(1));
    const myInit = (shape: number[]) => tp.ones(shape).mul(0.5);
    const myL1 = (w: tp.Tensor) => tp.sum(tp.abs(w.mul(0.01)));
    const myPositive = (w: tp.Tensor) => tp.where(w.less(0), tp.zerosLike(w), w);
    const layer = tp.layers.dense({ units: 2, activation: mySoftplus, kernelInitializer: myInit, kernelRegularizer: myL1, kernelConstraint: myPositive });
    const y = layer.apply(tp.tensor([[2, 0]]));
    expectTensor(y, [[Math.log(Math.exp(1) + 1), Math.log(Math.exp(1) + 1)]], 'float32', 1e-5);
    expectTensor(layer.losses[0]!, 0.01 * 0.5 * 4, 'float32', 1e-6);
    expectTensor(layer.weights[0]!.constraint!(tp.tensor([[-1, 1]])), [[0, 1]], 'float32');
  });

  test('trainable false moves the weights to nonTrainableWeights and stops the tape watching them', () => {
    const layer = tp.layers.dense({ units: 1 });
    layer.apply(tp.ones([1, 2]));
    layer.trainable = false;
    expect(layer.trainableWeights).toEqual([]);
    expect(layer.nonTrainableWeights.length).toBe(2);
    expect(layer.weights[0]!.trainable).toBe(false);
    layer.trainable = true;
    expect(layer.weights[0]!.trainable).toBe(true);
  });

  test('errors name the layer and the shapes', () => {
    const layer = tp.layers.dense({ units: 2, name: 'dense_x' });
    expect(() => layer.apply(tp.ones([3]))).toThrow("dense 'dense_x': expected input of rank >= 2, got shape [3]");
    layer.apply(tp.ones([2, 3]));
    expect(() => layer.apply(tp.ones([2, 4]))).toThrow("dense 'dense_x': expected input with last dimension 3, got shape [2,4]");
    expect(() => layer.apply(tp.input({ shape: [5] }))).toThrow("dense 'dense_x': expected input with last dimension 3, got shape [null,5]");
    expect(() => tp.layers.dense({ units: 0 })).toThrow('units must be a positive integer');
    expect(() => layer.setWeights([tp.ones([3, 2])])).toThrow("setWeights got 1 weights, the layer has 2");
    expect(() => layer.setWeights([tp.ones([2, 2]), tp.ones([2])])).toThrow("weight 0 ('dense_x/kernel:0') has shape [3,2], got [2,2]");
  });

  test('getWeights returns copies that keep their values', () => {
    const layer = tp.layers.dense({ units: 1, kernelInitializer: 'ones' });
    layer.apply(tp.ones([1, 2]));
    const [k] = layer.getWeights();
    layer.weights[0]!.assign(tp.zeros([2, 1]));
    expectTensor(k!, [[1], [1]], 'float32');
  });
});
