// Convolution layers against TF.js's tfjs-layers in the same process: output shapes, values with
// the same weights and inputs, one fit step (gradients and the update), argument errors.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { close, sameFitSteps, sameLayerWeights, sameOutput, values, type Args, type Factory } from '../support/tfjs_layers.js';

const CASES: [string, Args, number[]][] = [
  ['conv2d', { filters: 3, kernelSize: 3 }, [7, 6, 2]],
  ['conv2d', { filters: 4, kernelSize: [3, 2], strides: 2, padding: 'same', activation: 'relu' }, [9, 8, 3]],
  ['conv2d', { filters: 2, kernelSize: 3, dilationRate: 2, padding: 'same', useBias: false }, [8, 8, 1]],
  ['conv2d', { filters: 2, kernelSize: 3, dataFormat: 'channelsFirst', padding: 'same', activation: 'tanh' }, [3, 6, 5]],
  ['conv1d', { filters: 3, kernelSize: 4, strides: 2 }, [11, 2]],
  ['conv1d', { filters: 2, kernelSize: 3, padding: 'same', dilationRate: 2, activation: 'sigmoid' }, [10, 3]],
  ['conv2dTranspose', { filters: 3, kernelSize: 3, strides: 2 }, [4, 5, 2]],
  ['conv2dTranspose', { filters: 2, kernelSize: 4, strides: 2, padding: 'same', activation: 'relu' }, [3, 3, 3]],
  ['depthwiseConv2d', { kernelSize: 3, depthMultiplier: 2 }, [6, 7, 3]],
  ['depthwiseConv2d', { kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }, [7, 7, 4]],
  ['separableConv2d', { filters: 5, kernelSize: 3, depthMultiplier: 2, padding: 'same' }, [6, 6, 3]],
];

describe('each layer against tfjs-layers with the same weights', () => {
  test.each(CASES.map((c) => [`${c[0]} ${JSON.stringify(c[1])}`, ...c] as const))('%s', (_label, name, args, shape) => {
    sameOutput(name, args, shape);
  });
});

describe('causal conv1d (tfjs-layers has none): the valid convolution of the input left-padded by (kernelSize - 1) * dilationRate', () => {
  test('values and gradients', () => {
    const conv = tp.layers.conv1d({ filters: 2, kernelSize: 3, dilationRate: 2, padding: 'causal', activation: 'sigmoid' });
    const x = tp.tensor(values(2 * 10 * 3, 4), [2, 10, 3]);
    const y = conv.apply(x) as tp.Tensor;
    expect(y.shape).toEqual([2, 10, 2]);
    expect(conv.computeOutputShape([null, 10, 3])).toEqual([null, 10, 2]);
    const [k, bias] = conv.getWeights();
    const ref = tfl.layers.conv1d({ filters: 2, kernelSize: 3, dilationRate: 2, padding: 'valid', activation: 'sigmoid', inputShape: [14, 3] });
    tfl.sequential({ layers: [ref] });
    ref.setWeights([tf.tensor(k!.dataSync() as Float32Array, k!.shape), tf.tensor(bias!.dataSync() as Float32Array, bias!.shape)]);
    const padded = tf.pad(tf.tensor(x.dataSync() as Float32Array, [2, 10, 3]), [[0, 0], [4, 0], [0, 0]]);
    close(y.dataSync() as Float32Array, (ref.apply(padded) as tf.Tensor).dataSync() as Float32Array);
    // Step t sees only steps <= t: changing the last step changes only the last output.
    const x2 = tp.tensor(values(2 * 10 * 3, 4).map((v, i) => (i % 30 >= 27 ? v + 1 : v)), [2, 10, 3]);
    const d = tp.sub(conv.apply(x2) as tp.Tensor, y).abs().sum(-1).arraySync() as number[][];
    d.forEach((row) => row.forEach((v, t) => (t < 9 ? expect(v).toBe(0) : expect(v).toBeGreaterThan(0))));
    // Gradient with respect to the kernel, against TF.js's on the padded input.
    const tape = new tp.GradientTape();
    const total = tape.record(() => tp.sum(conv.apply(x) as tp.Tensor));
    const [gOurs] = tape.gradient(total, [conv.trainableWeights[0]!]) as tp.Tensor[];
    // Central differences of TF.js's forward pass (its conv gradients reject dilations > 1).
    const b = tf.tensor(bias!.dataSync() as Float32Array, bias!.shape);
    const k0 = k!.dataSync() as Float32Array;
    const f = (kv: Float32Array): number => tf.tidy(() => tf.sum(tf.sigmoid(tf.add(tf.conv1d(padded as tf.Tensor3D, tf.tensor3d(kv, k!.shape as [number, number, number]), 1, 'valid', 'NWC', 2), b))).dataSync()[0]!);
    const h = 1e-2;
    const gTheirs = Float32Array.from(k0, (_, i) => (f(k0.map((v, j) => (j === i ? v + h : v))) - f(k0.map((v, j) => (j === i ? v - h : v)))) / (2 * h));
    close(gOurs!.dataSync() as Float32Array, gTheirs, 2e-3);
  });
});

describe('one fit step: gradients and SGD updates agree with TF.js', () => {
  const TRAIN: [string, Args, number[]][] = [
    ['conv2d', { filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }, [6, 6, 2]],
    ['conv2d', { filters: 2, kernelSize: 2, strides: 2, dataFormat: 'channelsFirst' }, [2, 6, 6]],
    ['conv1d', { filters: 2, kernelSize: 3, padding: 'same' }, [8, 2]],
    ['conv2dTranspose', { filters: 2, kernelSize: 3, strides: 2, padding: 'same' }, [3, 3, 2]],
    ['depthwiseConv2d', { kernelSize: 3, depthMultiplier: 2, padding: 'same' }, [5, 5, 2]],
    ['separableConv2d', { filters: 3, kernelSize: 3 }, [6, 6, 2]],
  ];
  test.each(TRAIN.map((c) => [`${c[0]} ${JSON.stringify(c[1])}`, ...c] as const))('%s', async (_label, name, args, shape) => {
    await sameFitSteps((L) => [L[name]!({ ...args, inputShape: shape }), L.flatten!({}), L.dense!({ units: 3, activation: 'softmax' })], shape);
  });
});

describe('bad arguments say which layer and which argument', () => {
  test('kernel sizes, padding, data formats, croppings', () => {
    expect(() => tp.layers.conv2d({ filters: 0, kernelSize: 3 })).toThrow(/conv2d 'conv2d(_\d+)?': filters must be a positive integer, got 0/);
    expect(() => tp.layers.conv2d({ filters: 2, kernelSize: [3, 3, 3] })).toThrow(/kernelSize must be a positive integer or a list of 2, got \[3,3,3\]/);
    expect(() => tp.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'causal' })).toThrow(/padding must be 'valid' or 'same', got "causal"/);
    expect(() => tp.layers.conv2d({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(/strides > 1 and dilationRate > 1 together are not supported/);
    expect(() => tp.layers.conv2d({ filters: 2, kernelSize: 2, dataFormat: 'NHWC' as never })).toThrow(/dataFormat must be 'channelsLast' or 'channelsFirst', got "NHWC"/);
    expect(() => tp.layers.zeroPadding2d({ padding: [1, 2, 3] as never })).toThrow(/padding must be n, \[rows, cols\] or \[\[top, bottom\], \[left, right\]\]/);
    expect(() => tp.layers.cropping2d({ cropping: 3 }).apply(tp.zeros([1, 6, 8, 1]))).toThrow(/cropping \[\[3,3\],\[3,3\]\] leaves nothing of an input of shape \[1,6,8,1\]/);
    const conv = tp.layers.conv2d({ filters: 2, kernelSize: 3 });
    conv.apply(tp.zeros([1, 5, 5, 3]));
    expect(() => conv.apply(tp.zeros([1, 5, 5, 2]))).toThrow(/expected input with last dimension 3, got shape \[1,5,5,2\]/);
    expect(() => conv.apply(tp.zeros([5, 5, 3]))).toThrow(/expected input of rank 4, got shape \[5,5,3\]/);
  });
});
