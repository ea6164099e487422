// toString / print in TF.js's layout, compared with tfjs-core's own toString on the same values.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { expect, test, vi } from 'vitest';
import * as tp from '../../web/src/index.js';

await tp.ready();
await tf.setBackend('cpu');

// [values, shape, dtype]: TF.js prints these exactly as tensorpad must.
const same: [number[] | boolean[], number[], 'float32' | 'int32' | 'bool'][] = [
  [[3.5], [], 'float32'],
  [[1, 2, 3], [3], 'float32'],
  [[1, 2, 3, 4], [2, 2], 'float32'],
  [[1, -20, 300, 4], [2, 2], 'int32'],
  [[0.1, 1 / 3, 2.5e-8, 123456.789], [2, 2], 'float32'],
  [[NaN, Infinity, -Infinity, -0.5], [4], 'float32'],
  [[true, false, false, true], [2, 2], 'bool'],
  [[1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2], 'float32'],
  [Array.from({ length: 16 }, (_, i) => i * 1.5), [2, 2, 2, 2], 'float32'],
  [[1, 2], [2, 1], 'int32'],
  [[], [2, 0], 'float32'],
  [[], [0], 'float32'],
  [Array.from({ length: 30 }, (_, i) => i), [30], 'float32'],
  [Array.from({ length: 50 }, (_, i) => i - 25), [25, 2], 'int32'],
  [Array.from({ length: 600 }, (_, i) => i), [24, 25], 'float32'],
  [Array.from({ length: 63 }, (_, i) => i / 7), [21, 3], 'float32'],
  [Array.from({ length: 252 }, (_, i) => i), [21, 2, 6], 'int32'],
];

test.each(same.map((c) => [JSON.stringify(c[1]) + ' ' + c[2], c] as const))('%s prints as TF.js, plain and verbose', (_, [values, shape, dtype]) => {
  const a = tp.tensor(values as number[], shape, dtype);
  const b = tf.tensor(values as number[], shape, dtype);
  expect(a.toString()).toBe(b.toString());
  expect(a.toString(true)).toBe(b.toString(true));
});

test('the layout, spelled out', () => {
  expect(tp.tensor([[1, 2], [3, 4]]).toString()).toBe('Tensor\n    [[1, 2],\n     [3, 4]]');
  expect(tp.tensor([[1, 2], [3, 4]]).toString(true)).toBe('Tensor\n  dtype: float32\n  rank: 2\n  shape: [2,2]\n  values:\n    [[1, 2],\n     [3, 4]]');
  // Columns padded on the right to their own width.
  expect(tp.tensor([[1, -20], [300, 4]], undefined, 'int32').toString()).toBe('Tensor\n    [[1  , -20],\n     [300, 4  ]]');
});

test('one-row matrices close their brackets (TF.js prints "[[1, 2],]")', () => {
  expect(tp.tensor([[1, 2]]).toString()).toBe('Tensor\n    [[1, 2]]');
  expect(tp.tensor([], [0, 2]).toString()).toBe('Tensor\n    []');
});

test('float64 (not in TF.js) prints 12 significant digits', () => {
  expect(tp.tensor([1 / 3], undefined, 'float64').toString()).toBe('Tensor\n    [0.333333333333]');
});

test('print() and tp.print() write toString(verbose) to the console; Node shows it too', () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const t = tp.tensor([1, 2]);
    t.print();
    tp.print(t);
    t.print(true);
    tp.print(t, true);
    expect(log.mock.calls).toEqual([[t.toString()], [t.toString()], [t.toString(true)], [t.toString(true)]]);
  } finally {
    log.mockRestore();
  }
  const inspect = (tp.tensor([1]) as unknown as Record<symbol, () => string>)[Symbol.for('nodejs.util.inspect.custom')]!;
  expect(inspect.call(tp.tensor([1]))).toBe('Tensor\n    [1]');
});

test('a variable prints like a tensor; verbose adds its name and trainable=false', () => {
  const v = tp.variable([[1, 2]], true, 'print_w');
  expect(v.toString()).toBe('Tensor\n    [[1, 2]]');
  expect(v.toString(true)).toBe('Tensor\n  name: print_w:0\n  dtype: float32\n  rank: 2\n  shape: [1,2]\n  values:\n    [[1, 2]]');
  const frozen = tp.variable([1], false, 'print_f');
  expect(frozen.toString(true)).toContain('  shape: [1]\n  trainable: false\n  values:\n    [1]');
});
