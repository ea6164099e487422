// Sequential models: building, add/pop, summary (Keras's layout), errors.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';

await tp.ready();

describe('tp.sequential', () => {
  test("summary prints Keras's table (the Fashion MNIST classifier of the course's textbook)", () => {
    tp.layers.clearSession();
    const model = tp.sequential([
      tp.layers.flatten({ inputShape: [28, 28] }),
      tp.layers.dense({ units: 300, activation: 'relu' }),
      tp.layers.dense({ units: 100, activation: 'relu' }),
      tp.layers.dense({ units: 10, activation: 'softmax' }),
    ]);
    const lines: string[] = [];
    model.summary(undefined, undefined, (l) => lines.push(l));
    // Keras 2 prints exactly this for the same model.
    expect(lines.join('\n')).toBe(
      [
        'Model: "sequential"',
        '_________________________________________________________________',
        'Layer (type)                 Output Shape              Param #   ',
        '=================================================================',
        'flatten (Flatten)            (None, 784)               0         ',
        '_________________________________________________________________',
        'dense (Dense)                (None, 300)               235500    ',
        '_________________________________________________________________',
        'dense_1 (Dense)              (None, 100)               30100     ',
        '_________________________________________________________________',
        'dense_2 (Dense)              (None, 10)                1010      ',
        '=================================================================',
        'Total params: 266,610',
        'Trainable params: 266,610',
        'Non-trainable params: 0',
        '_________________________________________________________________',
      ].join('\n'),
    );
  });

  test('non-trainable params are the moving statistics', () => {
    const model = tp.sequential([tp.layers.dense({ units: 4, inputShape: [3] }), tp.layers.batchNormalization()]);
    const lines: string[] = [];
    model.summary(undefined, undefined, (l) => lines.push(l));
    expect(lines.slice(-4, -1)).toEqual(['Total params: 32', 'Trainable params: 24', 'Non-trainable params: 8']);
    expect(model.countParams()).toBe(32);
  });

  test('add, layers, getLayer, pop', () => {
    const model = new tp.Sequential({ name: 'stack' });
    model.add(tp.layers.dense({ units: 4, inputShape: [2], name: 'a' }));
    model.add(tp.layers.dense({ units: 3, name: 'b' }));
    expect(model.name).toBe('stack');
    expect(model.layers.map((l) => l.name)).toEqual(['a', 'b']);
    expect(model.inputs[0]!.shape).toEqual([null, 2]);
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    expect(model.getLayer('b').name).toBe('b');
    expect(model.getLayer(0).name).toBe('a');
    model.pop();
    expect(model.outputs[0]!.shape).toEqual([null, 4]);
    expect(model.layers.length).toBe(1);
    expect((model.apply(tp.ones([5, 2])) as tp.Tensor).shape).toEqual([5, 4]);
    expect(() => model.getLayer('zzz')).toThrow("no such layer: 'zzz'");
    expect(() => model.add(tp.layers.dense({ units: 1, name: 'a' }))).toThrow("'a' is already the name of a layer in this model");
  });

  test('without an input shape the graph is made on the first call', () => {
    const model = tp.sequential({ layers: [tp.layers.dense({ units: 3 }), tp.layers.dense({ units: 1 })] });
    expect(model.built).toBe(false);
    expect(() => model.summary(undefined, undefined, () => undefined)).toThrow('this model has not yet been built');
    const y = model.apply(tp.ones([2, 5])) as tp.Tensor;
    expect(y.shape).toEqual([2, 1]);
    expect(model.built).toBe(true);
    expect(model.inputs[0]!.shape).toEqual([null, 5]);
    expect(model.countParams()).toBe(5 * 3 + 3 + 3 + 1);
  });

  test('an explicit InputLayer first', () => {
    const model = tp.sequential([tp.layers.inputLayer({ inputShape: [3] }), tp.layers.dense({ units: 2, kernelInitializer: 'ones' })]);
    expect(model.layers.length).toBe(1);
    expectTensor(model.apply(tp.tensor([[1, 2, 3]])), [[6, 6]], 'float32', 1e-6);
  });

  test('the model checks its input shape', () => {
    const model = tp.sequential([tp.layers.dense({ units: 2, inputShape: [3] })]);
    expect(() => model.apply(tp.ones([2, 4]))).toThrow("sequential 'sequential' ".replace("'sequential' ", `'${model.name}'`) + ': expected input 0');
    expect(() => model.apply(tp.ones([2, 4]))).toThrow('of shape [null,3], got shape [2,4]');
    expect(() => model.apply([tp.ones([2, 3]), tp.ones([2, 3])])).toThrow('expects 1 input, got 2');
  });

  test('weights in layer order; a nested Sequential counts as one layer', () => {
    const inner = tp.sequential([tp.layers.dense({ units: 3, inputShape: [2] }), tp.layers.dense({ units: 2 })]);
    const outer = tp.sequential([inner, tp.layers.dense({ units: 1 })]);
    expect(outer.layers.length).toBe(2);
    expect(outer.weights.length).toBe(6);
    expect(outer.weights.slice(0, 4)).toEqual(inner.weights);
    expect((outer.apply(tp.ones([4, 2])) as tp.Tensor).shape).toEqual([4, 1]);
  });
});
