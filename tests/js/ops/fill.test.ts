import { expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';

await tp.ready();

test('fill infers bool from a boolean, else float32; dtype overrides', () => {
  expectTensor(tp.fill([2, 2], 7), [[7, 7], [7, 7]], 'float32');
  expectTensor(tp.fill([2], true), [true, true], 'bool');
  expectTensor(tp.fill([3], 2.9, 'int32'), [2, 2, 2], 'int32');
  expectTensor(tp.fill([], 0.1, 'float64'), 0.1, 'float64');
  expect(tp.fill([0, 4], 1).shape).toEqual([0, 4]);
});

test('zeros, ones, zerosLike, onesLike', () => {
  expectTensor(tp.zeros([2, 3]), [[0, 0, 0], [0, 0, 0]], 'float32');
  expectTensor(tp.ones([3], 'int32'), [1, 1, 1], 'int32');
  expectTensor(tp.zerosLike(tp.tensor([[true, false]])), [[false, false]], 'bool');
  expectTensor(tp.onesLike(tp.tensor([1.5, 2], undefined, 'float64')), [1, 1], 'float64');
  expect(() => tp.zeros([-1])).toThrow(/^zeros: fill: negative dimension/);
});
