// Concatenate, Add, Multiply: values, shapes, both call styles, errors.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';

await tp.ready();

const a = [[1, 2], [3, 4]];
const b = [[10, 20], [30, 40]];

describe('merge layers', () => {
  test('add and multiply, as layers and as Keras functions', () => {
    expectTensor(tp.layers.add().apply([tp.tensor(a), tp.tensor(b)]), [[11, 22], [33, 44]], 'float32');
    expectTensor(tp.layers.add([tp.tensor(a), tp.tensor(b), tp.tensor(a)]) as tp.Tensor, [[12, 24], [36, 48]], 'float32');
    expectTensor(tp.layers.multiply().apply([tp.tensor(a), tp.tensor(b)]), [[10, 40], [90, 160]], 'float32');
    expectTensor(tp.layers.multiply([tp.tensor(a), tp.tensor([[2, 3]])]) as tp.Tensor, [[2, 6], [6, 12]], 'float32');
  });

  test('concatenate along the last axis by default, or along axis', () => {
    expectTensor(tp.layers.concatenate().apply([tp.tensor(a), tp.tensor([[5], [6]])]), [[1, 2, 5], [3, 4, 6]], 'float32');
    expectTensor(tp.layers.concatenate({ axis: 0 }).apply([tp.tensor(a), tp.tensor(b)]), [...a, ...b], 'float32');
    expect(tp.layers.concatenate({ axis: 1 }).getConfig().axis).toBe(1);
  });

  test('symbolic shapes', () => {
    const x = tp.input({ shape: [3] });
    const y = tp.input({ shape: [5] });
    expect((tp.layers.concatenate([x, y]) as tp.SymbolicTensor).shape).toEqual([null, 8]);
    expect((tp.layers.add([x, x]) as tp.SymbolicTensor).shape).toEqual([null, 3]);
    const z = tp.input({ shape: [4, 3] });
    expect((tp.layers.concatenate({ axis: 1 }).apply([z, z]) as tp.SymbolicTensor).shape).toEqual([null, 8, 3]);
  });

  test('errors', () => {
    const x = tp.input({ shape: [3] });
    const y = tp.input({ shape: [5] });
    expect(() => tp.layers.add({ name: 'sum' }).apply([x, y])).toThrow("add 'sum': inputs with shapes [null,3] and [null,5] cannot be merged");
    expect(() => tp.layers.add({ name: 'one' }).apply(x)).toThrow("add 'one': a merge layer must be called on a list of at least 2 inputs");
    expect(() => tp.layers.concatenate({ name: 'cat' }).apply([tp.input({ shape: [2, 3] }), tp.input({ shape: [4, 5] })])).toThrow(
      "concatenate 'cat': inputs must match on every axis but the concatenation axis -1",
    );
  });
});
