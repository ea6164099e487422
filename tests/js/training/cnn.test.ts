// Training a conv net with fit: the compiled step runs conv + bias + activation as one fused
// kernel (the activations' gradients read their output), gives the losses and weights of the
// eager step, and leaves memory flat over hundreds of steps.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { engine } from '../../../web/src/engine/engine.js';
import { compiledState } from '../../../web/src/training/compile.js';
import { trainFunction, type Layout } from '../../../web/src/training/steps.js';
import { maxAbsDiff, weightValues } from './helpers.js';

await tp.ready();

function convNet(activation: string, seed: number): tp.Sequential {
  const init = (k: number) => tp.initializers.glorotUniform({ seed: seed + k });
  return tp.sequential({
    layers: [
      tp.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation, inputShape: [8, 8, 1], kernelInitializer: init(0), biasInitializer: tp.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed + 5 }) }),
      tp.layers.maxPooling2d({ poolSize: 2 }),
      tp.layers.conv2d({ filters: 6, kernelSize: 3, activation, kernelInitializer: init(1) }),
      tp.layers.flatten(),
      tp.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(2) }),
    ],
  });
}

function digitsLike(n: number, seed: number): { x: tp.Tensor; y: tp.Tensor } {
  const x = tp.randomUniform([n, 8, 8, 1], 0, 1, 'float32', seed);
  const y = tp.oneHot(tp.tensor1d(Array.from({ length: n }, (_, i) => i % 3), 'int32'), 3).cast('float32');
  return { x, y };
}

const layout: Layout = { nx: 1, xArray: false, ny: 1, hasWeights: false, indexed: true };

describe('conv net training', () => {
  test.each(['relu', 'elu', 'sigmoid', 'tanh', 'relu6'])('fit with %s: the compiled step fuses conv + bias + activation and matches runEagerly', async (activation) => {
    const { x, y } = digitsLike(24, 3);
    const histories: number[][] = [];
    const weights: number[][][] = [];
    for (const runEagerly of [false, true]) {
      const m = convNet(activation, 10);
      m.compile({ optimizer: tp.train.adam(0.01), loss: 'categoricalCrossentropy', runEagerly });
      const h = await m.fit(x, y, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0 });
      histories.push(h.history.loss as number[]);
      weights.push(weightValues(m));
      if (!runEagerly) {
        const idx = tp.tensor(Int32Array.from({ length: 8 }, (_, i) => i), [8], 'int32');
        const c = trainFunction(m, compiledState(m, 'test'), layout).getConcreteFunction(x, y, idx);
        idx.dispose();
        // Both conv layers became fusedConv2d nodes carrying the activation; no conv2d is left.
        const fused = c.text.split('\n').filter((l) => l.includes('fusedConv2d'));
        expect(fused.length).toBe(2);
        for (const l of fused) expect(l).toMatch(/activation=[1-6]\b/);
        expect(c.text).not.toMatch(/= conv2d\(/);
        expect(c.text).not.toMatch(new RegExp(`= ${activation}\\(`));
      }
      m.dispose();
    }
    expect(histories[0]!.length).toBe(3);
    for (let e = 0; e < 3; e++) expect(Math.abs(histories[0]![e]! - histories[1]![e]!)).toBeLessThan(1e-5);
    expect(maxAbsDiff(weights[0]!, weights[1]!)).toBeLessThan(1e-5);
    expect(histories[0]![2]!).toBeLessThan(histories[0]![0]!);
    tp.dispose([x, y]);
  });

  test('memory stays flat over 300 fit steps of a conv net', async () => {
    const { x, y } = digitsLike(32, 4);
    const m = convNet('relu', 20);
    m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const heap = () => engine().module.HEAPU8.buffer.byteLength;
    await m.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 }); // traces, optimizer slots
    const before = { ...tp.memory(), heap: heap() };
    const samples: number[][] = [];
    await m.fit(x, y, {
      epochs: 75, batchSize: 8, verbose: 0, // 4 steps an epoch: 300 steps
      callbacks: { onEpochEnd: () => { const s = tp.memory(); samples.push([s.numTensors, s.numBytes]); } },
    });
    const after = { ...tp.memory(), heap: heap() };
    expect(samples.length).toBe(75);
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    for (const [n, b] of samples) {
      expect(n).toBe(samples[0]![0]);
      expect(b).toBe(samples[0]![1]);
    }
    expect(after.heap).toBe(before.heap);
    m.dispose();
    tp.dispose([x, y]);
  });
});
