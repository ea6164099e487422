// Conversion of values: dtype inference and errors of tp.tensor, and non-tensor operands of ops.
import { describe, expect, test } from 'vitest';
import * as tp from '../../web/src/index.js';
import { expectTensor } from './support/expect_tensor.js';

await tp.ready();

describe('tp.tensor', () => {
  test('dtype inference follows TF: numbers float32, booleans bool, typed arrays their own type', () => {
    expect(tp.tensor([1, 2, 3]).dtype).toBe('float32'); // integers too, like tf.constant / TF.js
    expect(tp.tensor(5).dtype).toBe('float32');
    expect(tp.tensor([true, false]).dtype).toBe('bool');
    expect(tp.tensor(new Float32Array([1])).dtype).toBe('float32');
    expect(tp.tensor(new Int32Array([1])).dtype).toBe('int32');
    expect(tp.tensor(new Uint8Array([1])).dtype).toBe('int32');
    expect(tp.tensor(new Float64Array([1])).dtype).toBe('float64');
    expect(tp.tensor([new Float64Array([1, 2]), new Float64Array([3, 4])]).dtype).toBe('float64');
  });

  test('nested arrays, flat values with a shape, typed arrays with a shape', () => {
    expectTensor(tp.tensor([[[1], [2]], [[3], [4]]]), [[[1], [2]], [[3], [4]]]);
    expectTensor(tp.tensor([1, 2, 3, 4, 5, 6], [2, 3]), [[1, 2, 3], [4, 5, 6]]);
    expectTensor(tp.tensor(new Int32Array([1, 2, 3, 4]), [2, 2]), [[1, 2], [3, 4]], 'int32');
    expectTensor(tp.tensor([new Float32Array([1, 2]), new Float32Array([3, 4])]), [[1, 2], [3, 4]], 'float32');
    expectTensor(tp.tensor(7, [2, 2]), [[7, 7], [7, 7]]); // one value fills the shape
  });

  test('an explicit dtype converts: int32 truncates, bool rounds then tests != 0 (as TF.js)', () => {
    expectTensor(tp.tensor([1.7, -1.7, 3], undefined, 'int32'), [1, -1, 3], 'int32');
    expectTensor(tp.tensor([0, 2, -0.5, 0.4, -0.6, NaN], undefined, 'bool'), [false, true, false, false, true, true], 'bool');
    expectTensor(tp.tensor([true, false], undefined, 'float32'), [1, 0], 'float32');
    expectTensor(tp.tensor([0.1], undefined, 'float64'), [0.1], 'float64');
    expect(tp.tensor([0.1]).dataSync()[0]).toBe(Math.fround(0.1));
  });

  test('bad input is a clear error', () => {
    expect(() => tp.tensor([[1, 2], [3]])).toThrow('tensor: the nested array is ragged: element [1] has length 1, expected length 2 (shape [2,2] from the first elements)');
    expect(() => tp.tensor([[1, 2], 3] as never)).toThrow('tensor: the nested array is ragged: element [1] has number 3, expected length 2');
    expect(() => tp.tensor([1, 2, 3], [2, 2])).toThrow('tensor: shape [2,2] has 4 elements but 3 values were given');
    expect(() => tp.tensor([1, 2], [-1, 2])).toThrow('tensor: invalid shape [-1,2]; dimensions must be integers >= 0');
    expect(() => tp.tensor([1, true] as never)).toThrow('tensor: the array mixes numbers and booleans');
    expect(() => tp.tensor(['a'] as never)).toThrow('tensor: element [0] is string a, expected a number or boolean');
    expect(() => tp.tensor([1], undefined, 'complex64' as tp.DType)).toThrow("tensor: unknown dtype 'complex64'");
    expect(() => tp.tensor({} as never)).toThrow('tensor: cannot make a tensor from Object');
  });

  test('tensor1d .. tensor6d check the rank; scalar takes one value', () => {
    expect(tp.tensor1d([1, 2]).shape).toEqual([2]);
    expect(tp.tensor2d([1, 2, 3, 4], [2, 2]).shape).toEqual([2, 2]);
    expect(tp.tensor3d([[[1]]]).shape).toEqual([1, 1, 1]);
    expect(tp.tensor4d([1, 2], [1, 1, 1, 2]).shape).toEqual([1, 1, 1, 2]);
    expect(tp.tensor5d([1], [1, 1, 1, 1, 1]).shape).toEqual([1, 1, 1, 1, 1]);
    expect(tp.tensor6d([[[[[[1, 2]]]]]]).shape).toEqual([1, 1, 1, 1, 1, 2]);
    expect(tp.tensor1d([1, 2], 'int32').dtype).toBe('int32');
    expect(() => tp.tensor2d([1, 2])).toThrow('tensor2d: flat values need a shape (got 2 values and no shape)');
    expect(() => tp.tensor2d([[[1]]])).toThrow('tensor2d: expected rank 2, got shape [1,1,1] (rank 3)');
    expect(() => tp.tensor1d([[1]])).toThrow('tensor1d: expected rank 1, got shape [1,1] (rank 2)');
    expect(tp.scalar(1).shape).toEqual([]);
    expect(() => tp.scalar([1] as never)).toThrow('scalar: expected a number or boolean, got an array; use tp.tensor for arrays');
  });
});

describe('non-tensor operands', () => {
  test('numbers and arrays take the dtype of the tensor operand (TF Python scalars)', () => {
    const i = tp.tensor([1, 2, 3], undefined, 'int32');
    expectTensor(i.add(1), [2, 3, 4], 'int32');
    expectTensor(tp.mul(2, i), [2, 4, 6], 'int32');
    expectTensor(i.sub([1, 1, 1]), [0, 1, 2], 'int32');
    const d = tp.tensor([1, 2], undefined, 'float64');
    expectTensor(d.div(3), [1 / 3, 2 / 3], 'float64');
    expectTensor(tp.tensor([true, false]).logicalAnd(true), [true, false], 'bool');
    expectTensor(tp.add(1, 2), 3, 'float32'); // no tensor: inferred
  });

  test('converted operands are freed after the op', () => {
    const t = tp.tensor([1, 2]);
    const before = tp.memory().numTensors;
    const r = t.add(5).mul([1, 2]);
    expect(tp.memory().numTensors).toBe(before + 2); // the two results only
    expectTensor(r, [6, 14]);
  });
});
