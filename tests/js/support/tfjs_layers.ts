// Differential checks of tensorpad layers against TF.js's tfjs-layers in one process: the same
// layer in both, the same weights and inputs, outputs compared.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();
await tf.setBackend('cpu');

// Fixed pseudo-random values in [-1, 1).
export function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

export function close(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-4): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / Math.max(1, Math.abs(want[i]!)));
  expect(worst).toBeLessThan(tol);
}

export type Args = Record<string, unknown>;
export type Factory = (a: Args) => unknown;
export const ours = (name: string): Factory => (tp.layers as unknown as Record<string, Factory>)[name]!;
// TF.js spells one factory differently (cropping2D); tensorpad has both spellings.
export const theirs = (name: string): Factory => (tfl.layers as unknown as Record<string, Factory>)[name === 'cropping2d' ? 'cropping2D' : name]!;

/** The same layer in both libraries, built on `inputShape`, with the same (random) weights. */
export function pair(name: string, args: Args, inputShape: number[], seed = 1): { a: tp.Model; b: tfl.LayersModel } {
  const a = tp.sequential({ layers: [ours(name)({ ...args, inputShape }) as tp.layers.Layer] });
  const b = tfl.sequential({ layers: [theirs(name)({ ...args, inputShape }) as tfl.layers.Layer] });
  // Positive values for batch normalization's weights (its moving variance must be).
  sameLayerWeights(a, b, (_name, size, i) => values(size, seed + 10 * i).map((v) => (name === 'batchNormalization' ? Math.abs(v) + 0.1 : v)));
  return { a, b };
}

/** Predictions of both on the same input, compared; returns our output shape. */
export function sameOutput(name: string, args: Args, inputShape: number[], batch = 2, tol = 1e-4): number[] {
  const { a, b } = pair(name, args, inputShape);
  const n = batch * inputShape.reduce((x, y) => x * y, 1);
  const x = values(n, 99);
  const ya = a.predict(tp.tensor(x, [batch, ...inputShape])) as tp.Tensor;
  const yb = b.predict(tf.tensor(x, [batch, ...inputShape])) as tf.Tensor;
  expect(ya.shape).toEqual(yb.shape);
  // The symbolic output shape agrees with the computed one.
  expect(a.outputs[0]!.shape).toEqual([null, ...ya.shape.slice(1)]);
  close(ya.dataSync() as Float32Array, yb.dataSync() as Float32Array, tol);
  return ya.shape;
}


/** Gives the layers of `a` and `b` the same weights, `make(weightName, size, index)`; returns them per layer. */
export function sameLayerWeights(a: tp.Model, b: tfl.LayersModel, make: (name: string, size: number, index: number) => Float32Array): Float32Array[][] {
  expect(a.layers.length).toBe(b.layers.length);
  let k = 0;
  return b.layers.map((lb, l) => {
    const wb = lb.getWeights();
    expect(a.layers[l]!.getWeights().map((w) => w.shape)).toEqual(wb.map((w) => w.shape));
    const vs = wb.map((w, i) => make(lb.weights[i]!.name, w.size, k++));
    a.layers[l]!.setWeights(vs.map((v, i) => tp.tensor(v, wb[i]!.shape)));
    lb.setWeights(vs.map((v, i) => tf.tensor(v, wb[i]!.shape)));
    return vs;
  });
}

/**
 * Builds the same model in both libraries from `layers(L, tfjs)` (L: the library's layers
 * namespace), gives both the same weights, runs two SGD epochs of `fit` on the same batch of 4
 * (3-class softmax cross-entropy) and checks the losses and the trained weights agree.
 */
export async function sameFitSteps(layers: (L: Record<string, Factory>, tfjs: boolean) => unknown[], inputShape: number[]): Promise<void> {
  const a = tp.sequential({ layers: layers(tp.layers as unknown as Record<string, Factory>, false) as tp.layers.Layer[] });
  const b = tfl.sequential({ layers: layers(tfl.layers as unknown as Record<string, Factory>, true) as tfl.layers.Layer[] });
  // Layer by layer: a model's getWeights() lists TF.js's non-trainable weights after all the
  // trainable ones, while each layer's own list has the same order in both libraries.
  const init = sameLayerWeights(a, b, (name, size, i) => values(size, 5 + 7 * i).map((v) => (name.includes('variance') ? Math.abs(v) + 0.5 : v * 0.5)));
  a.compile({ optimizer: tp.train.sgd(0.5), loss: 'categoricalCrossentropy' });
  b.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });
  const n = 4;
  const x = values(n * inputShape.reduce((p, q) => p * q, 1), 77);
  const y = new Float32Array(n * 3).map((_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0));
  const ha = await a.fit(tp.tensor(x, [n, ...inputShape]), tp.tensor(y, [n, 3]), { epochs: 2, batchSize: n, shuffle: false, verbose: 0 });
  const hb = await b.fit(tf.tensor(x, [n, ...inputShape]), tf.tensor(y, [n, 3]), { epochs: 2, batchSize: n, shuffle: false, verbose: 0 });
  close(ha.history.loss as number[], hb.history.loss as number[], 1e-4);
  a.layers.forEach((la, l) => {
    const wa = la.getWeights();
    b.layers[l]!.getWeights().forEach((w, i) => {
      const start = init[l]![i]!;
      if (b.layers[l]!.weights[i]!.trainable)
        // Trainable weights moved, and by the same amounts in both.
        expect(Math.max(...Array.from(w.dataSync() as Float32Array, (v, k) => Math.abs(v - start[k]!)))).toBeGreaterThan(0);
      close(wa[i]!.dataSync() as Float32Array, w.dataSync() as Float32Array, 1e-4);
    });
  });
}
