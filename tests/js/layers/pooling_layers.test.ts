// Pooling layers against tfjs-layers with the same inputs; a CNN with every layer of the
// convolutional family through the TF.js layers format both ways, and model.summary().
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { close, sameFitSteps, sameLayerWeights, sameOutput, values, type Args, type Factory } from '../support/tfjs_layers.js';

const CASES: [string, Args, number[]][] = [
  ['maxPooling2d', { poolSize: 2 }, [6, 7, 3]],
  ['maxPooling2d', { poolSize: 3, strides: 2, padding: 'same' }, [7, 8, 2]],
  ['averagePooling2d', { poolSize: [2, 3], padding: 'same' }, [5, 7, 2]],
  ['averagePooling2d', { poolSize: 2, dataFormat: 'channelsFirst' }, [2, 6, 4]],
  ['maxPooling1d', { poolSize: 3 }, [10, 2]],
  ['averagePooling1d', { poolSize: 2, strides: 1, padding: 'same' }, [7, 3]],
];

describe('each pooling layer against tfjs-layers', () => {
  test.each(CASES.map((c) => [`${c[0]} ${JSON.stringify(c[1])}`, ...c] as const))('%s', (_label, name, args, shape) => {
    sameOutput(name, args, shape);
  });

  test('gradients through max and average pooling in fit', async () => {
    await sameFitSteps(
      (L) => [
        L.conv2d!({ filters: 3, kernelSize: 3, inputShape: [9, 9, 2] }),
        L.maxPooling2d!({ poolSize: 2, padding: 'same' }),
        L.averagePooling2d!({ poolSize: 2, strides: 1 }),
        L.flatten!({}),
        L.dense!({ units: 3, activation: 'softmax' }),
      ],
      [9, 9, 2],
    );
  });

  test("average pooling with 'same' padding: the gradient divides by the window's part inside the input (finite differences; TF.js's cpu gradient divides by the whole window)", () => {
    const layer = tp.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' });
    const xv = Array.from({ length: 4 * 5 * 2 }, (_, i) => Math.sin(i));
    const wv = tp.tensor(Array.from({ length: 2 * 3 * 2 }, (_, i) => Math.cos(i) + 1.5), [1, 2, 3, 2]);
    const f = (x: tp.Tensor): tp.Tensor => tp.sum(tp.mul(layer.apply(x) as tp.Tensor, wv));
    const g = tp.grad(f)(tp.tensor(xv, [1, 4, 5, 2])).dataSync() as Float32Array;
    const h = 1e-2;
    const at = (v: number[]): number => f(tp.tensor(v, [1, 4, 5, 2])).dataSync()[0]!;
    const fd = xv.map((_, i) => (at(xv.map((v, j) => (j === i ? v + h : v))) - at(xv.map((v, j) => (j === i ? v - h : v)))) / (2 * h));
    close(g, fd, 1e-3);
  });

  test('bad arguments name the layer', () => {
    expect(() => tp.layers.maxPooling2d({ poolSize: 2, dataFormat: 'NHWC' as never })).toThrow(/max_pooling2d.*dataFormat must be 'channelsLast' or 'channelsFirst', got "NHWC"/);
    expect(() => tp.layers.averagePooling1d({ poolSize: [2, 2] as never })).toThrow(/poolSize must be a positive integer or a list of 1, got \[2,2\]/);
    expect(() => tp.layers.maxPooling2d({ padding: 'causal' as never })).toThrow(/padding must be 'valid' or 'same', got "causal"/);
  });
});

/** A CNN with every layer of this family, for the format and summary tests. */
function zoo<L extends typeof tp.layers | typeof tfl.layers>(L: L): unknown[] {
  const l = L as unknown as Record<string, Factory>;
  return [
    l.zeroPadding2d!({ padding: 1, inputShape: [12, 12, 2], name: 'pad' }),
    l.conv2d!({ filters: 4, kernelSize: 3, activation: 'relu', name: 'conv' }),
    l.batchNormalization!({ name: 'bn' }),
    l.depthwiseConv2d!({ kernelSize: 3, depthMultiplier: 2, padding: 'same', name: 'dw' }),
    l.separableConv2d!({ filters: 6, kernelSize: 3, padding: 'same', name: 'sep' }),
    l.maxPooling2d!({ poolSize: 2, name: 'maxpool' }),
    l.upSampling2d!({ size: 2, name: 'up' }),
    l.conv2dTranspose!({ filters: 3, kernelSize: 2, strides: 2, name: 'deconv' }),
    l[L === (tfl.layers as unknown) ? 'cropping2D' : 'cropping2d']!({ cropping: [[2, 2], [1, 3]], name: 'crop' }),
    l.averagePooling2d!({ poolSize: 2, strides: 2, padding: 'same', name: 'avgpool' }),
    l.globalMaxPooling2d!({ name: 'gmax' }),
    l.dense!({ units: 3, activation: 'softmax', name: 'out' }),
  ];
}

describe('the TF.js layers format, both ways', () => {
  test('toJSON of a tensorpad CNN builds the same model in TF.js, and TF.js JSON builds it in tensorpad; predictions agree', async () => {
    const a = tp.sequential({ layers: zoo(tp.layers) as tp.layers.Layer[], name: 'zoo' });
    const json = a.toJSON(undefined, true) as string;
    const b = (await tfl.models.modelFromJSON(JSON.parse(json))) as tfl.LayersModel;
    expect(b.layers.map((l) => l.getClassName())).toEqual(a.layers.map((l) => l.getClassName()));
    const fresh = sameLayerWeights(a, b, (name, size, i) => values(size, 3 + i).map((v) => (name.includes('variance') ? Math.abs(v) + 0.5 : v)));
    const x = values(2 * 12 * 12 * 2, 8);
    const want = (b.predict(tf.tensor(x, [2, 12, 12, 2])) as tf.Tensor).dataSync() as Float32Array;
    close((a.predict(tp.tensor(x, [2, 12, 12, 2])) as tp.Tensor).dataSync() as Float32Array, want);
    // And back: TF.js's own JSON, read by tensorpad.
    const c = await tp.models.modelFromJSON(JSON.parse(b.toJSON(undefined, true) as string));
    c.layers.forEach((l, i) => l.setWeights(fresh[i]!.map((v, k) => tp.tensor(v, a.layers[i]!.getWeights()[k]!.shape))));
    close((c.predict(tp.tensor(x, [2, 12, 12, 2])) as tp.Tensor).dataSync() as Float32Array, want);
    // Configs read back equal what was written (no argument lost on the way); TF.js writes the
    // Glorot initializers as the VarianceScaling they are, so those are compared by behaviour above.
    const plain = (m: tp.Model): Record<string, unknown>[] =>
      m.layers.map((l) => Object.fromEntries(Object.entries(l.getConfig()).filter(([k]) => !k.endsWith('Initializer'))));
    expect(plain(c)).toEqual(plain(a));
  });

  test('model.summary() prints each layer, its output shape and weights as Keras does; counts agree with TF.js', () => {
    const a = tp.sequential({ layers: zoo(tp.layers) as tp.layers.Layer[] });
    const b = tfl.sequential({ layers: zoo(tfl.layers) as tfl.layers.Layer[] });
    const lines: string[] = [];
    a.summary(undefined, undefined, (l) => lines.push(l));
    const rows = lines.filter((s) => /^\w+ \(\w+\)/.test(s) && !s.startsWith('Layer (type)')).map((s) => s.trim().split(/\s{2,}/));
    // Output shapes as computed by running a batch through the layers one by one.
    let x = tp.zeros([2, 12, 12, 2]);
    const want = a.layers.map((l, i) => {
      x = l.apply(x) as tp.Tensor;
      const shape = `(None, ${x.shape.slice(1).join(', ')})`;
      return [`${l.name} (${l.getClassName()})`, x.rank === 2 ? `(None, ${x.shape[1]})` : shape, String(b.layers[i]!.countParams())];
    });
    expect(rows).toEqual(want);
    expect(want.map((r) => r[2])).toEqual(['0', '76', '16', '80', '126', '0', '0', '75', '0', '0', '0', '12']);
    const trainable = b.trainableWeights.reduce((n, w) => n + (w.shape as number[]).reduce((p, q) => p * q, 1), 0);
    const text = lines.join('\n');
    expect(text).toContain(`Total params: ${b.countParams()}`);
    expect(text).toContain(`Trainable params: ${trainable}`);
    expect(text).toContain(`Non-trainable params: ${b.countParams() - trainable}`);
  });

});
