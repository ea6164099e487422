// Flatten, Reshape, Activation, Lambda, Embedding, InputLayer.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';

await tp.ready();

describe('shape layers', () => {
  test('flatten keeps the batch axis', () => {
    const y = tp.layers.flatten().apply(tp.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]));
    expectTensor(y, [[1, 2, 3, 4], [5, 6, 7, 8]], 'float32');
    expect(tp.layers.flatten().computeOutputShape([null, 28, 28])).toEqual([null, 784]);
    expect((tp.layers.flatten().apply(tp.input({ shape: [null, 3] })) as tp.SymbolicTensor).shape).toEqual([null, null]);
  });

  test('reshape with a -1 entry', () => {
    const y = tp.layers.reshape({ targetShape: [-1, 2] }).apply(tp.tensor([[1, 2, 3, 4, 5, 6]]));
    expectTensor(y, [[[1, 2], [3, 4], [5, 6]]], 'float32');
    expect(tp.layers.reshape({ targetShape: [3, -1] }).computeOutputShape([null, 12])).toEqual([null, 3, 4]);
    expect(() => tp.layers.reshape({ targetShape: [5], name: 'r' }).apply(tp.ones([2, 6]))).toThrow(
      "reshape 'r': cannot reshape input of shape [2,6] to target shape [5]",
    );
  });

  test('activation layer', () => {
    expectTensor(tp.layers.activation({ activation: 'sigmoid' }).apply(tp.tensor([[0, 100]])), [[0.5, 1]], 'float32', 1e-6);
    expect(tp.layers.activation({ activation: 'relu' }).getConfig().activation).toBe('relu');
  });

  test("the course's lambda: tp.layers.lambda(x => tp.exp(x))", () => {
    const exponential = tp.layers.lambda((x) => tp.exp(x));
    expectTensor(exponential.apply(tp.tensor([[0, 1]])), [[1, Math.E]], 'float32', 1e-5);
    // The output shape of a lambda comes from running it.
    const s = tp.layers.lambda({ fn: (x) => tp.concat([x, x], 1) }).apply(tp.input({ shape: [3] })) as tp.SymbolicTensor;
    expect(s.shape).toEqual([null, 6]);
    expect(() => exponential.getConfig()).toThrow('cannot be serialized');
  });

  test('embedding gathers rows of the matrix', () => {
    const emb = tp.layers.embedding({ inputDim: 4, outputDim: 2, inputShape: [3] });
    tp.sequential([emb]);
    emb.setWeights([tp.tensor([[0, 0], [1, 10], [2, 20], [3, 30]])]);
    const y = emb.apply(tp.tensor([[3, 1, 1], [0, 2, 3]], undefined, 'int32'));
    expectTensor(y, [[[3, 30], [1, 10], [1, 10]], [[0, 0], [2, 20], [3, 30]]], 'float32');
    // float indices work too (cast), as Keras
    expectTensor(emb.apply(tp.tensor([[2, 2, 0]])), [[[2, 20], [2, 20], [0, 0]]], 'float32');
    expect(emb.weights[0]!.name).toBe(`${emb.name}/embeddings:0`);
    expect(emb.countParams()).toBe(8);
    expect((emb.apply(tp.input({ shape: [3], dtype: 'int32' })) as tp.SymbolicTensor).dtype).toBe('float32');
  });

  test('embedding gradient reaches the rows used, counted per use', () => {
    const emb = tp.layers.embedding({ inputDim: 3, outputDim: 1, embeddingsInitializer: 'ones' });
    const idx = tp.tensor([[0, 2, 2]], undefined, 'int32');
    emb.apply(idx);
    const tape = new tp.GradientTape();
    const loss = tape.record(() => tp.sum(emb.apply(idx) as tp.Tensor));
    const g = tape.gradient(loss, emb.trainableWeights);
    expectTensor(g[0]!, [[1], [0], [2]], 'float32');
  });

  test('input layer and tp.input', () => {
    const x = tp.input({ shape: [3], name: 'features' });
    expect(x.shape).toEqual([null, 3]);
    expect(x.sourceLayer).toBeInstanceOf(tp.layers.InputLayer);
    expect(x.sourceLayer.getConfig()).toEqual({ batchInputShape: [null, 3], dtype: 'float32', sparse: false, name: 'features' });
    expect(tp.input({ batchShape: [4, 2] }).shape).toEqual([4, 2]);
    expect(() => tp.input({} as { shape: number[] })).toThrow('input: give shape');
  });
});
