import { expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';

await tp.ready();

test('gather with arrays or int32 tensors as indices, axis and batchDims', () => {
  expectTensor(tp.gather(tp.tensor([10, 20, 30]), [2, 0]), [30, 10]);
  expectTensor(tp.gather(tp.tensor([[1, 2], [3, 4]]), [1], 1), [[2], [4]]);
  expectTensor(tp.tensor([[1, 2], [3, 4]]).gather(tp.tensor([1, 0], undefined, 'int32')), [[3, 4], [1, 2]]);
  expectTensor(tp.gather(tp.tensor([[1, 2], [3, 4]]), [[1], [0]], 1, 1), [[2], [3]]);
  expect(() => tp.gather(tp.tensor([1, 2]), tp.tensor([0]))).toThrow(/^gather: /); // float32 indices
});

test('gatherND and scatterND', () => {
  expectTensor(tp.gatherND(tp.tensor([[1, 2], [3, 4]]), [[1, 0], [0, 1]]), [3, 2]);
  expectTensor(tp.tensor([[1, 2], [3, 4]]).gatherND([[1]]), [[3, 4]]);
  expectTensor(tp.scatterND([[1], [3]], tp.tensor([9, 10]), [5]), [0, 9, 0, 10, 0]);
  expectTensor(tp.scatterND([[1], [1]], tp.tensor([2, 3]), [3]), [0, 5, 0]); // duplicates add
});

test('oneHot: int32 by default (as TF.js), on/off values, dtype', () => {
  expectTensor(tp.oneHot([0, 2], 3), [[1, 0, 0], [0, 0, 1]], 'int32');
  expectTensor(tp.oneHot([0, 2], 3, 1, 0, 'float32'), [[1, 0, 0], [0, 0, 1]], 'float32');
  expect(() => tp.oneHot([0], 0)).toThrow('oneHot: depth must be an integer >= 1, got 0');
  expectTensor(tp.oneHot(tp.tensor([1], undefined, 'int32'), 2, 5, -1, 'int32'), [[-1, 5]], 'int32');
  expectTensor(tp.tensor([3, 0], undefined, 'int32').oneHot(2), [[0, 0], [1, 0]]); // out of range: all off
});
