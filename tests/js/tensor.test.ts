// The Tensor class: the course's "What is a Tensor" / "Tensors" examples and data access.
import { describe, expect, test } from 'vitest';
import * as tp from '../../web/src/index.js';
import { expectTensor } from './support/expect_tensor.js';

await tp.ready();

describe('the course: tensors', () => {
  test('t = tf.constant([[1., 2., 3.], [4., 5., 6.]]) has shape [2, 3] and dtype float32', () => {
    const t = tp.constant([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.rank).toBe(2);
    expect(t.size).toBe(6);
  });

  test('indexing, math with scalars, square, transpose and matMul', () => {
    const t = tp.tensor([[1, 2, 3], [4, 5, 6]]);
    expectTensor(t.at(':, 1:'), [[2, 3], [5, 6]], 'float32');
    expectTensor(t.at('..., 1, None'), [[2], [5]]);
    expectTensor(t.add(10), [[11, 12, 13], [14, 15, 16]], 'float32');
    expectTensor(tp.square(t), [[1, 4, 9], [16, 25, 36]]);
    expectTensor(t.matMul(t.transpose()), [[14, 32], [32, 77]], 'float32');
    expectTensor(t.mean(), 3.5);
    expectTensor(tp.reduceMean(t, 0), [2.5, 3.5, 4.5]);
  });

  test('t.numpy(): dataSync / arraySync / data / array', async () => {
    const t = tp.tensor([[1, 2, 3], [4, 5, 6]]);
    const flat = t.dataSync();
    expect(flat).toBeInstanceOf(Float32Array);
    expect(Array.from(flat)).toEqual([1, 2, 3, 4, 5, 6]);
    flat[0] = 100; // a copy: the tensor is unchanged
    expect(t.arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(Array.from(await t.data())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await t.array()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  test('mixing float32 and int32 needs tp.cast', () => {
    const f = tp.tensor([1.5, 2.5]);
    const i = tp.tensor([1, 2], undefined, 'int32');
    expect(() => f.add(i)).toThrow('add: dtype mismatch, float32[2] and int32[2] (convert one with cast)');
    expectTensor(f.add(tp.cast(i, 'float32')), [2.5, 4.5], 'float32');
    expectTensor(tp.cast(f, 'int32').add(i), [2, 4], 'int32');
  });
});

describe('data access per dtype', () => {
  test('typed arrays and nested arrays of each dtype', () => {
    const cases: [tp.DType, unknown, unknown][] = [
      ['float32', Float32Array, [0.5, -1]],
      ['int32', Int32Array, [7, -3]],
      ['bool', Uint8Array, [true, false]],
      ['float64', Float64Array, [0.1, 1e300]],
    ];
    for (const [dtype, ctor, values] of cases) {
      const t = tp.tensor(values as number[], undefined, dtype);
      expect(t.dtype).toBe(dtype);
      expect(t.dataSync()).toBeInstanceOf(ctor);
      expect(t.arraySync()).toEqual(values);
    }
  });

  test('a scalar reads as a bare value; empty tensors read as empty arrays', () => {
    expect(tp.scalar(2.5).arraySync()).toBe(2.5);
    expect(tp.scalar(true).arraySync()).toBe(true);
    expect(tp.scalar(3, 'int32').dataSync()).toEqual(new Int32Array([3]));
    const e = tp.tensor([], [2, 0]);
    expect(e.shape).toEqual([2, 0]);
    expect(e.size).toBe(0);
    expect(e.arraySync()).toEqual([[], []]);
    expect(e.dataSync()).toEqual(new Float32Array(0));
  });

  test('views read in logical order (transposed, reversed, broadcast)', () => {
    const t = tp.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(Array.from(t.transpose().dataSync())).toEqual([1, 4, 2, 5, 3, 6]);
    expect(t.at('::-1, ::2').arraySync()).toEqual([[4, 6], [1, 3]]);
    expect(tp.broadcastTo(tp.tensor([1, 2]), [2, 2]).arraySync()).toEqual([[1, 2], [1, 2]]);
  });

  test('ids are unique and never reused; dispose frees and marks the tensor', () => {
    const a = tp.tensor([1]);
    a.dispose();
    const b = tp.tensor([1]);
    expect(b.id).not.toBe(a.id);
    expect(a.isDisposed).toBe(true);
    expect(b.isDisposed).toBe(false);
    a.dispose(); // twice is harmless
    expect(() => a.dataSync()).toThrow('dataSync: the tensor (shape [1], float32) was disposed');
    expect(() => a.arraySync()).toThrow('arraySync: the tensor (shape [1], float32) was disposed');
    expect(a.toString()).toBe('Tensor (disposed)');
  });

  test('data() rejects for a disposed tensor', async () => {
    const a = tp.tensor([1]);
    a.dispose();
    await expect(a.data()).rejects.toThrow('data: the tensor (shape [1], float32) was disposed');
  });
});
